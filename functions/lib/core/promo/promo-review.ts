// Staff review of promos in the chat: the request with its buttons, then Setujui, or Tolak with a quick or
// typed reason, through the same decision as the console (decision.ts).
import type { ConversationState } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Translate } from "../i18n.js";
import type { StaffDirectory } from "../registration/ports.js";
import type { Choice, Reply } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import { decidePromo, promoQuickReasons, promoReasonKey } from "./decision.js";
import type { LateApprovalOutcome } from "./digest.js";
import type { Promo, PromoRepository } from "./promo.js";
import { promoLines } from "./promo-lines.js";
import { weekendLabel } from "./weekend.js";

/** Staff typing a rejection reason is a step of the promo flow, so the router finds it. */
export const promoReasonStep = "review-reason";

/** The message staff get for a new (or changed) promo, with Setujui / Tolak. */
export function reviewRequest(
  tr: Translate,
  language: "id" | "en",
  promo: Promo,
  reviewerChannel: UserRef["channel"],
  edited = false,
): Reply {
  const head = tr(edited ? "promo:review.requestEdited" : "promo:review.request", {
    business: promo.businessName,
    channel: promo.channel === "telegram" ? "Telegram" : "WhatsApp",
    weekend: weekendLabel(promo.weekend, language),
  });
  const samePlatformPhoto = promo.photo && promo.photoChannel === reviewerChannel ? promo.photo : undefined;
  const photoNote = promo.photo && !samePlatformPhoto ? `\n${tr("promo:review.hasPhoto")}` : "";
  const ref = `${promo.channel}:${promo.userId}:${promo.id}`;
  return {
    text: `${head}\n\n${promoLines(tr, promo, language)}${photoNote}`,
    ...(samePlatformPhoto ? { photo: samePlatformPhoto } : {}),
    choices: [
      { id: `pr:ok:${ref}`, label: tr("promo:review.approve") },
      { id: `pr:no:${ref}`, label: tr("promo:review.reject") },
    ],
  };
}

export function createPromoReview(deps: {
  readonly promos: PromoRepository;
  readonly staff: StaffDirectory;
  readonly lateApprovals?: { afterApproval(promo: Promo, now: Date): Promise<LateApprovalOutcome> };
  /** The promo flow's name: the reason step lives in it. */
  readonly flow: string;
  readonly menu: (ctx: TurnContext) => Choice;
  readonly cancel: (ctx: TurnContext) => Choice;
}) {
  const { flow, menu } = deps;
  const late = deps.lateApprovals ? { lateApprovals: deps.lateApprovals } : {};
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`promo:${key}`, options);

  async function decide(
    ctx: TurnContext,
    ref: string,
    decision: "approved" | "rejected",
    reason?: { text: string; code?: string },
  ) {
    ctx.setConversation(null);
    const match = /^(telegram|whatsapp):(\d{1,20}):([a-z0-9]{1,20})$/.exec(ref);
    if (!match) return ctx.say(t(ctx, "review.missing"));
    const user: UserRef = { channel: match[1] as UserRef["channel"], userId: match[2]! };
    const { result, notice } = await decidePromo(
      { promos: deps.promos, staff: deps.staff, tFor: (language) => ctx.tFor(language), ...late },
      { user, id: match[3]!, decision, ...(reason ? { reason } : {}), staff: ctx.event.user, now: ctx.now },
    );
    if (result.status === "missing") return ctx.say(t(ctx, "review.missing"));
    const { promo } = result;
    if (result.status === "already") {
      return ctx.say(t(ctx, "review.already", { status: t(ctx, `submit.status.${promo.status}`) }));
    }
    ctx.say(
      t(ctx, decision === "approved" ? "review.approved" : "review.rejected", { product: promo.product }),
    );
    if (notice) ctx.notify(notice.to, notice.replies);
  }

  return {
    /** A review button: "ok"/"no" with the promo's ref, or "r" with a quick reason. */
    async onStaffChoice(ctx: TurnContext, action: string, ref: string) {
      // Callback data can be forged: the stored role decides.
      if (ctx.contact.role !== "staff") return ctx.ask(ctx.t("registration:review.staffOnly"), [menu(ctx)]);
      if (action === "ok") return decide(ctx, ref, "approved");
      if (action === "no") {
        const [channel, userId, id] = ref.split(":");
        const promo =
          channel && userId && id
            ? await deps.promos.get({ channel: channel as UserRef["channel"], userId }, id)
            : null;
        if (!promo) return ctx.say(t(ctx, "review.missing"));
        if (promo.status !== "pending")
          return ctx.say(t(ctx, "review.already", { status: t(ctx, `submit.status.${promo.status}`) }));
        ctx.setConversation({ flow, step: promoReasonStep, data: { ref } });
        return ctx.ask(t(ctx, "review.askReason", { product: promo.product }), [
          ...promoQuickReasons.map((code) => ({ id: `pr:r:${code}`, label: ctx.t(promoReasonKey(code)) })),
          deps.cancel(ctx),
        ]);
      }
      const state =
        ctx.conversation?.flow === flow && ctx.conversation.step === promoReasonStep
          ? ctx.conversation
          : null;
      if (action === "r" && state && (promoQuickReasons as readonly string[]).includes(ref)) {
        return decide(ctx, String(state.data.ref), "rejected", {
          text: ctx.tFor("id")(promoReasonKey(ref)),
          code: ref,
        });
      }
      return ctx.ask(ctx.t("errors.choiceExpired"), [menu(ctx)]);
    },

    /** A typed rejection reason at the reason step. */
    async onReason(ctx: TurnContext, state: ConversationState) {
      if (ctx.contact.role !== "staff") {
        ctx.setConversation(null);
        return ctx.ask(ctx.t("registration:review.staffOnly"), [menu(ctx)]);
      }
      const text = ctx.event.payload.kind === "text" ? ctx.event.payload.text.trim() : "";
      if (text.length < 3) return ctx.say(ctx.t("registration:review.reasonTooShort"));
      return decide(ctx, String(state.data.ref), "rejected", { text: truncate(text, 300) });
    },
  };
}
