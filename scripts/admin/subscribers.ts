// `admin -- subscribers [--format json|csv]`: promo subscribers (active and opted out).
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { render } from "../lib/output.js";
import { type AdminCommand, flagsOnly, formatFlag } from "./command.js";

const spec = { values: ["format"] };

export const subscribersCommand: AdminCommand = {
  summary: "promo subscribers with their categories and opt-in/opt-out times [--format json|csv]",
  usage: "admin -- subscribers [--format json|csv]",
  parse(args) {
    const flags = flagsOnly(args, spec);
    formatFlag(flags);
  },
  async run(args, store, io) {
    const flags = flagsOnly(args, spec);
    const repository = createSubscriptionRepository({
      client: store.documentClient,
      tableName: store.tableName,
    });
    const subscriptions = [...(await repository.listActive()), ...(await repository.listInactive())];
    const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : "");
    const rows = subscriptions.map((s) => ({
      id: `${s.channel}:${s.userId}`,
      channel: s.channel,
      active: s.active,
      categories: s.categories.length ? [...s.categories] : ["semua"],
      optedInAt: iso(s.optedInAt),
      optedOutAt: iso(s.optedOutAt),
      consentVersion: s.consentVersion ?? "",
    }));
    io.out(
      render(rows, formatFlag(flags), [
        "id",
        "channel",
        "active",
        "categories",
        "optedInAt",
        "optedOutAt",
        "consentVersion",
      ]),
    );
    return 0;
  },
};
