// `admin -- digest --dry-run` (who would get what) and `admin -- digest --send` (run now).
import { createApp } from "../../functions/lib/app/create-app.js";
import { parseConfig } from "../../functions/lib/config/config.js";
import { digestWeekendAt } from "../../functions/lib/core/promo/digest.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { type AdminCommand, flagsOnly, UsageError } from "./command.js";

const spec = { booleans: ["dry-run", "send"], values: ["at"] };

function validate(args: readonly string[], now: Date) {
  const flags = flagsOnly(args, spec);
  if (!flags["dry-run"] === !flags.send) throw new UsageError("choose one of --dry-run or --send");
  const at = typeof flags.at === "string" ? new Date(flags.at) : now;
  if (Number.isNaN(at.getTime()))
    throw new UsageError("--at must be an ISO time, e.g. 2026-11-27T17:00:00+07:00");
  return { send: flags.send === true, at };
}

export const digestCommand: AdminCommand = {
  summary: "the weekend digest: --dry-run (who would get what) or --send (run now) [--at <ISO time>]",
  usage: "admin -- digest --dry-run | --send [--at <ISO time>]",
  parse(args, io) {
    validate(args, io.clock.now());
  },
  async run(args, store, io) {
    const { send, at } = validate(args, io.clock.now());
    // The same app as the scheduled Lambda, on the store the CLI found.
    const config = parseConfig({ ...process.env, TABLE_NAME: store.tableName, LOG_LEVEL: "warn" });
    const app = createApp(config, {
      documentClient: store.documentClient,
      clock: io.clock,
      logger: createLogger({ level: "warn", write: (line) => io.err(`${line}\n`) }),
    });
    if (send) {
      const result = await app.digest.run(at);
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      if (result.status === "queued" || result.status === "already") {
        io.err(
          app.outbox.localQueue
            ? "Queued in the local outbox: a running `npm start` sends it now.\n"
            : "Queued: the outbox worker on AWS sends it.\n",
        );
      }
      return 0;
    }
    const weekend = digestWeekendAt(at);
    const composer = app.digestComposer();
    const subscribers = await createSubscriptionRepository({
      client: store.documentClient,
      tableName: store.tableName,
    }).listActive();
    const rows = [];
    for (const subscriber of subscribers) {
      const replies = await composer.messageFor(weekend, subscriber, { preview: true });
      rows.push({
        recipient: `${subscriber.channel}:${subscriber.userId}`,
        categories: subscriber.categories.length ? subscriber.categories : ["semua"],
        gets: replies ? replies.map((reply) => (reply.photo ? `[foto] ${reply.text}` : reply.text)) : null,
      });
    }
    io.out(
      `${JSON.stringify({ weekend, recipients: rows.filter((row) => row.gets).length, rows }, null, 2)}\n`,
    );
    return 0;
  },
};
