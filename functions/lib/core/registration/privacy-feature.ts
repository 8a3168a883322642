// Personal-data rights (UU No. 27/2022): what is kept and why, and deletion on request.
import type { Feature } from "../feature.js";
import type { TurnContext } from "../turn.js";
import type { PersonalDataEraser } from "./ports.js";
import type { SellerRepository } from "./seller.js";
import { summaryLines } from "./summary.js";

export interface PrivacyDeps {
  readonly sellers: SellerRepository;
  readonly eraser: PersonalDataEraser;
}

export function createPrivacyFeature(deps: PrivacyDeps): Feature {
  const t = (ctx: TurnContext, key: string) => ctx.t(`registration:privacy.${key}`);

  async function explain(ctx: TurnContext) {
    const seller = await deps.sellers.get(ctx.event.user);
    const mine = seller
      ? `${t(ctx, "yourData")}\n${summaryLines(ctx.tFor(ctx.language), seller)}`
      : t(ctx, "noData");
    ctx.ask(`${t(ctx, "text")}\n\n${mine}`, [
      { id: "priv:del", label: t(ctx, "delete") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);
  }

  // Single-use: an old "Ya, hapus" (after a new subscription, or tapped twice) must never delete again.
  const confirm = (ctx: TurnContext) =>
    ctx.ask(t(ctx, "confirm"), [
      { id: "priv:del:yes", label: t(ctx, "confirmYes"), once: true },
      { id: "priv:del:no", label: t(ctx, "confirmNo"), once: true },
    ]);

  return {
    name: "privacy",
    commands: { privasi: explain, privacy: explain, hapusdata: confirm },
    keywords: {
      privasi: "privasi",
      "kebijakan privasi": "privasi",
      privacy: "privasi",
      "data saya": "privasi",
      "hapus data": "hapusdata",
      "hapus data saya": "hapusdata",
      "hapus akun": "hapusdata",
      "delete my data": "hapusdata",
    },
    choicePrefix: "priv",
    async onChoice(ctx, arg) {
      if (arg === "del") return confirm(ctx);
      if (arg === "del:yes") {
        await deps.eraser.erase(ctx.event.user, ctx.now);
        ctx.forget = true;
        return ctx.say(t(ctx, "deleted"));
      }
      if (arg === "del:no") return ctx.ask(t(ctx, "kept"), [{ id: "menu", label: ctx.t("menu.back") }]);
      return explain(ctx);
    },
    singleUse: (arg) => arg === "del:yes",
    staleChoiceHint: (ctx) => t(ctx, "staleHint"),
    onStaleChoice(ctx, arg) {
      // Nothing is stored for this person (the data is gone): say so, and keep it that way.
      if (!arg.startsWith("del") || ctx.contact.stored) return false;
      ctx.forget = true;
      ctx.say(t(ctx, "alreadyDeleted"));
      return true;
    },
    menuEntries: (ctx) => [{ id: "priv", label: ctx.t("registration:menu.privacy") }],
  };
}
