// Staff review of registrations: approve, or reject with a reason. Authorised on every step, server-side.
import type { Feature } from "../feature.js";
import type { Translate } from "../i18n.js";
import type { Reply } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import { decideRegistration, quickReasons, reasonKey } from "./decision.js";
import type { StaffDirectory } from "./ports.js";
import { type Seller, type SellerRepository, userOfSellerId } from "./seller.js";
import { summaryLines } from "./summary.js";

export interface ReviewDeps {
  readonly sellers: SellerRepository;
  readonly staff: StaffDirectory;
}

const flow = "review";

/** The message every reviewer gets for a pending registration. */
export function reviewRequest(t: Translate, seller: Seller, isEdit: boolean): Reply {
  const head = t(isEdit ? "registration:review.editSubmission" : "registration:review.newSubmission", {
    channel: seller.channel === "telegram" ? "Telegram" : "WhatsApp",
  });
  return {
    text: `${head}\n\n${summaryLines(t, seller)}`,
    choices: [
      { id: `rv:ok:${seller.id}`, label: t("registration:review.approve") },
      { id: `rv:no:${seller.id}`, label: t("registration:review.reject") },
    ],
  };
}

export function createReviewFeature(deps: ReviewDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`registration:review.${key}`, options);
  const statusWord = (ctx: TurnContext, seller: Seller) =>
    t(ctx, `status${seller.status[0]!.toUpperCase()}${seller.status.slice(1)}`);

  // Callback data can be forged: every action checks the role stored server-side.
  const isStaff = (ctx: TurnContext) => ctx.contact.role === "staff";
  const refuse = (ctx: TurnContext) => {
    ctx.ask(t(ctx, "staffOnly"), [{ id: "menu", label: ctx.t("menu.back") }]);
  };

  async function decide(
    ctx: TurnContext,
    id: string,
    decision: "approved" | "rejected",
    reason?: { text: string; code?: string },
  ) {
    ctx.setConversation(null);
    const { result, notice } = await decideRegistration(
      { sellers: deps.sellers, staff: deps.staff, tFor: (language) => ctx.tFor(language) },
      { id, decision, ...(reason ? { reason } : {}), staff: ctx.event.user, now: ctx.now },
    );
    if (result.status === "missing") return ctx.say(t(ctx, "missing"));
    const seller = result.seller;
    if (result.status === "already") {
      const byMe = seller.decidedBy === `${ctx.event.user.channel}:${ctx.event.user.userId}`;
      return ctx.say(
        t(ctx, byMe ? "alreadyByYou" : "alreadyByOther", {
          business: seller.businessName,
          status: statusWord(ctx, seller),
        }),
      );
    }
    ctx.say(t(ctx, decision === "approved" ? "approved" : "rejected", { business: seller.businessName }));
    if (notice) ctx.notify(notice.to, notice.replies, notice.purpose);
  }

  async function askReason(ctx: TurnContext, id: string) {
    const user = userOfSellerId(id);
    const seller = user ? await deps.sellers.get(user) : null;
    if (!seller) return ctx.say(t(ctx, "missing"));
    if (seller.status !== "pending") {
      const byMe = seller.decidedBy === `${ctx.event.user.channel}:${ctx.event.user.userId}`;
      return ctx.say(
        t(ctx, byMe ? "alreadyByYou" : "alreadyByOther", {
          business: seller.businessName,
          status: statusWord(ctx, seller),
        }),
      );
    }
    ctx.setConversation({ flow, step: "reason", data: { id } });
    ctx.ask(t(ctx, "askReason", { business: seller.businessName }), [
      ...quickReasons.map((code) => ({ id: `rv:r:${code}`, label: ctx.t(reasonKey(code)) })),
      { id: "rv:cancel", label: ctx.t("registration:choice.cancel") },
    ]);
  }

  return {
    name: flow,
    choicePrefix: "rv",
    async onChoice(ctx, arg) {
      if (!isStaff(ctx)) return refuse(ctx);
      const [action, value = ""] = arg.split(/:(.*)/s, 2);
      const state = ctx.conversation?.flow === flow ? ctx.conversation : null;
      if (action === "ok") return decide(ctx, value, "approved");
      if (action === "no") return askReason(ctx, value);
      if (action === "r" && state && (quickReasons as readonly string[]).includes(value)) {
        return decide(ctx, String(state.data.id), "rejected", {
          text: ctx.tFor("id")(reasonKey(value)),
          code: value,
        });
      }
      ctx.setConversation(null);
      return ctx.ask(ctx.t("cancel.done"), [{ id: "menu", label: ctx.t("menu.back") }]);
    },
    async onFlowEvent(ctx, state) {
      if (!isStaff(ctx)) {
        ctx.setConversation(null);
        refuse(ctx);
        return true;
      }
      const text = ctx.event.payload.kind === "text" ? ctx.event.payload.text.trim() : "";
      if (text.length < 3) {
        ctx.say(t(ctx, "reasonTooShort"));
        return true;
      }
      await decide(ctx, String(state.data.id), "rejected", { text: truncate(text, 300) });
      return true;
    },
  };
}
