// Approved sellers post weekend promotions (limit per weekend, cut-off, optional staff moderation).
import type { ConversationState } from "../contact.js";
import type { Feature } from "../feature.js";
import type { StaffDirectory } from "../registration/ports.js";
import type { SellerRepository } from "../registration/seller.js";
import { sellerId } from "../registration/seller.js";
import type { Choice } from "../replies.js";
import { shorten } from "../text.js";
import type { TurnContext } from "../turn.js";
import type { LateApprovalOutcome } from "./digest.js";
import {
  draftOf,
  type EditField,
  editChains,
  editFields,
  isUnchanged,
  needsReview,
  type PromoEdit,
} from "./edit-steps.js";
import { type Promo, type PromoDraft, type PromoRepository, promoIdFrom } from "./promo.js";
import { promoLines } from "./promo-lines.js";
import { createPromoReview, promoReasonStep, reviewRequest } from "./promo-review.js";
import { type SubmitContext, type SubmitOutcome, type SubmitStep, submitSteps } from "./submit-steps.js";
import { cutoffFor, offeredWeekends, openWeekend, type WeeklyTime, weekendLabel } from "./weekend.js";

export interface PromoFeatureSettings {
  readonly maxPerWeekend: number;
  readonly cutoff: WeeklyTime;
  readonly moderation: boolean;
}

export interface PromoFeatureDeps {
  readonly promos: PromoRepository;
  readonly sellers: SellerRepository;
  readonly staff: StaffDirectory;
  readonly settings: PromoFeatureSettings;
  /** A promo approved after its weekend's digest went out: a follow-up, or too late (digest.ts). */
  readonly lateApprovals?: { afterApproval(promo: Promo, now: Date): Promise<LateApprovalOutcome> };
}

const flow = "promo-submit";
const reasonStep = promoReasonStep;
type Step = SubmitStep;

/** The edit in progress, if this conversation edits a posted promo. */
function editOf(state: ConversationState): PromoEdit | undefined {
  const edit = state.data.edit as { id?: unknown; field?: unknown } | undefined;
  if (typeof edit?.id !== "string") return undefined;
  const field = (editFields as readonly unknown[]).includes(edit.field)
    ? (edit.field as EditField)
    : undefined;
  return { id: edit.id, ...(field ? { field } : {}) };
}

export { promoLines };

export function createPromoFeature(deps: PromoFeatureDeps): Feature {
  const { settings } = deps;
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`promo:${key}`, options);
  const menu = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });
  const cancel = (ctx: TurnContext): Choice => ({ id: "pr:cancel", label: t(ctx, "submit.cancel") });
  const isOpen = (weekend: string, now: Date) =>
    cutoffFor(weekend, settings.cutoff).getTime() > now.getTime();
  const review = createPromoReview({
    promos: deps.promos,
    staff: deps.staff,
    ...(deps.lateApprovals ? { lateApprovals: deps.lateApprovals } : {}),
    flow,
    menu,
    cancel,
  });
  const isOffered = (weekend: string, now: Date) => offeredWeekends(now, settings.cutoff).includes(weekend);

  const submitContext = (ctx: TurnContext): SubmitContext => ({
    now: ctx.now,
    cutoff: settings.cutoff,
    t: (key, options) => t(ctx, key, options),
    summary: (draft) => promoLines(ctx.tFor(ctx.language), draft, ctx.language),
  });

  /** Asks a step; with a prefix, it is asked again because the message was no answer to it. */
  function ask(ctx: TurnContext, step: Step, draft: PromoDraft, prefix?: string, edit?: PromoEdit) {
    if (prefix) ctx.rejectAnswer();
    ctx.setConversation({ flow, step, data: edit ? { draft, edit: { ...edit } } : { draft } });
    const { text, choices } = submitSteps[step].ask(ctx, draft, submitContext(ctx));
    return ctx.ask(prefix ? `${prefix}\n\n${text}` : text, choices);
  }

  /** Applies what the step table made of an answer at `step` (while editing: only the chosen field's steps). */
  async function apply(
    ctx: TurnContext,
    step: Step,
    draft: PromoDraft,
    outcome: SubmitOutcome,
    edit?: PromoEdit,
  ) {
    if ("send" in outcome) return edit ? saveEdit(ctx, draft, edit) : send(ctx, draft);
    if ("save" in outcome) return edit ? saveEdit(ctx, draft, edit) : ask(ctx, "product", draft);
    if ("next" in outcome) {
      if (!edit) return ask(ctx, outcome.next, outcome.draft);
      const field = outcome.field ?? (outcome.next === "editPick" ? undefined : edit.field);
      const next =
        outcome.next === "editPick" || (field && editChains[field].includes(outcome.next))
          ? outcome.next
          : "editSummary";
      return ask(ctx, next, outcome.draft, undefined, { id: edit.id, ...(field ? { field } : {}) });
    }
    // Errors of this flow are promo keys; shared ones name their namespace ("registration:invalid...").
    const message = outcome.invalid.includes(":")
      ? ctx.t(outcome.invalid)
      : t(ctx, outcome.invalid, outcome.options);
    return ask(ctx, step, draft, message, edit);
  }

  /** "Ubah": the promo as stored becomes the draft, while its weekend is still open. */
  async function startEdit(ctx: TurnContext, id: string) {
    if (!(await approvedSeller(ctx))) return;
    const promo = await deps.promos.get(ctx.event.user, id);
    if (!promo || (promo.status !== "pending" && promo.status !== "approved")) return listMine(ctx);
    if (!isOpen(promo.weekend, ctx.now)) return ctx.ask(t(ctx, "submit.tooLate"), [menu(ctx)]);
    return ask(ctx, "editPick", draftOf(promo), undefined, { id });
  }

  async function saveEdit(ctx: TurnContext, draft: PromoDraft, edit: PromoEdit) {
    if (!(await approvedSeller(ctx))) return;
    const mine = { id: "pr:mine", label: t(ctx, "submit.mineButton") };
    const promo = await deps.promos.get(ctx.event.user, edit.id);
    if (!promo || (promo.status !== "pending" && promo.status !== "approved")) {
      ctx.setConversation(null);
      return ctx.ask(t(ctx, "submit.editGone"), [mine, menu(ctx)]);
    }
    if (!isOpen(promo.weekend, ctx.now)) {
      ctx.setConversation(null);
      return ctx.ask(t(ctx, "submit.tooLate"), [menu(ctx)]);
    }
    const { product, normalPrice, location } = draft;
    if (!product || normalPrice === undefined || !location)
      return ask(ctx, "editPick", draftOf(promo), undefined, edit);
    if (isUnchanged(promo, draft)) {
      ctx.setConversation(null);
      return ctx.ask(t(ctx, "submit.editNothing"), [mine, menu(ctx)]);
    }
    const review = settings.moderation && needsReview(promo, draft);
    const result = await deps.promos.edit({
      user: ctx.event.user,
      id: promo.id,
      from: promo.status,
      values: {
        product,
        normalPrice,
        location,
        ...(draft.promoPrice !== undefined ? { promoPrice: draft.promoPrice } : {}),
        ...(draft.discountText ? { discountText: draft.discountText } : {}),
        ...(draft.photo
          ? { photo: draft.photo, photoChannel: draft.photoChannel ?? ctx.event.user.channel }
          : {}),
      },
      status: review ? "pending" : promo.status,
      now: ctx.now,
    });
    ctx.setConversation(null);
    // Staff decided while the seller was editing: nothing is overwritten, the seller looks again.
    if (result.status === "changed") return ctx.ask(t(ctx, "submit.editChanged"), [mine, menu(ctx)]);
    const key = !review
      ? "submit.edited"
      : promo.status === "approved"
        ? "submit.editedReview"
        : "submit.editedPending";
    ctx.ask(t(ctx, key, { product }), [mine, menu(ctx)]);
    if (!review) return;
    for (const reviewer of await deps.staff.reviewers()) {
      const tr = ctx.tFor(reviewer.language);
      ctx.notify(reviewer.user, [
        reviewRequest(tr, reviewer.language, result.promo, reviewer.user.channel, true),
      ]);
    }
  }

  async function approvedSeller(ctx: TurnContext) {
    const seller = await deps.sellers.get(ctx.event.user);
    if (seller?.status === "approved") return seller;
    const status = t(
      ctx,
      seller
        ? seller.status === "pending"
          ? "submit.statusPending"
          : "submit.statusRejected"
        : "submit.statusNone",
    );
    ctx.ask(t(ctx, "submit.notSeller", { status }), [menu(ctx)]);
    return undefined;
  }

  async function start(ctx: TurnContext) {
    if (!(await approvedSeller(ctx))) return;
    ask(ctx, "product", {});
  }

  async function listMine(ctx: TurnContext) {
    const open = openWeekend(ctx.now, settings.cutoff);
    const promos = (await deps.promos.listBySeller(ctx.event.user)).filter(
      (promo) => promo.weekend >= open && promo.status !== "withdrawn",
    );
    if (!promos.length)
      return ctx.ask(t(ctx, "submit.mineEmpty"), [{ id: "pr", label: t(ctx, "submit.new") }, menu(ctx)]);
    const lines = promos.map(
      (promo) =>
        `• ${promo.product} — ${weekendLabel(promo.weekend, ctx.language)} (${t(ctx, `submit.status.${promo.status}`)})`,
    );
    const changeable = promos.filter(
      (promo) => promo.status !== "rejected" && isOpen(promo.weekend, ctx.now),
    );
    // At most 8 promo buttons and the two below: WhatsApp's list holds 10 rows.
    const shown = changeable.slice(0, 4);
    ctx.ask(`${t(ctx, "submit.mine")}\n${lines.join("\n")}`, [
      ...shown.map((promo) => ({
        id: `pr:ed:${promo.id}`,
        label: t(ctx, "submit.edit", { product: shorten(promo.product, 11) }),
      })),
      ...shown.map((promo) => ({
        id: `pr:wd:${promo.id}`,
        label: t(ctx, "submit.withdraw", { product: shorten(promo.product, 11) }),
      })),
      { id: "pr", label: t(ctx, "submit.new") },
      menu(ctx),
    ]);
  }

  async function send(ctx: TurnContext, draft: PromoDraft) {
    const seller = await approvedSeller(ctx);
    if (!seller) return;
    const { product, normalPrice, location, weekend } = draft;
    if (!product || normalPrice === undefined || !location || !weekend) return ask(ctx, "product", draft);
    if (!isOpen(weekend, ctx.now)) return ask(ctx, "weekend", draft, t(ctx, "submit.tooLate"));
    if (!isOffered(weekend, ctx.now)) return ask(ctx, "weekend", draft, t(ctx, "submit.weekendNotOffered"));
    const promo: Promo = {
      id: promoIdFrom(ctx.event.dedupeKey),
      sellerId: sellerId(ctx.event.user),
      channel: ctx.event.user.channel,
      userId: ctx.event.user.userId,
      businessName: seller.businessName,
      category: seller.category,
      product,
      normalPrice,
      ...(draft.promoPrice !== undefined ? { promoPrice: draft.promoPrice } : {}),
      ...(draft.discountText ? { discountText: draft.discountText } : {}),
      ...(draft.photo
        ? { photo: draft.photo, photoChannel: draft.photoChannel ?? ctx.event.user.channel }
        : {}),
      location,
      weekend,
      status: settings.moderation ? "pending" : "approved",
      createdAt: ctx.now.getTime(),
      updatedAt: ctx.now.getTime(),
    };
    const result = await deps.promos.create(promo, settings.maxPerWeekend);
    ctx.setConversation(null);
    if (result.status === "limit") {
      return ctx.ask(t(ctx, "submit.limit", { limit: result.limit }), [
        { id: "pr:mine", label: t(ctx, "submit.mineButton") },
        menu(ctx),
      ]);
    }
    const label = weekendLabel(weekend, ctx.language);
    ctx.ask(
      t(ctx, settings.moderation ? "submit.sentForReview" : "submit.published", { product, weekend: label }),
      [{ id: "pr:mine", label: t(ctx, "submit.mineButton") }, menu(ctx)],
    );
    if (!settings.moderation) return;
    for (const reviewer of await deps.staff.reviewers()) {
      const tr = ctx.tFor(reviewer.language);
      ctx.notify(reviewer.user, [reviewRequest(tr, reviewer.language, result.promo, reviewer.user.channel)]);
    }
  }

  async function handleStep(ctx: TurnContext, state: ConversationState) {
    if (state.step === reasonStep) return review.onReason(ctx, state);
    const draft = (state.data.draft as PromoDraft | undefined) ?? {};
    const edit = editOf(state);
    const step = state.step as Step;
    const spec = submitSteps[step];
    if (!spec) {
      ctx.setConversation(null);
      return ctx.ask(ctx.t("errors.choiceExpired"), [menu(ctx)]);
    }
    const { payload } = ctx.event;
    const media = spec.media?.(payload, draft, ctx.event.user.channel);
    if (media) return apply(ctx, step, draft, media, edit);
    if (payload.kind !== "text")
      return apply(ctx, step, draft, { invalid: "registration:invalid.notText" }, edit);
    const text = payload.text.replace(/\s+/g, " ").trim();
    const outcome = spec.read?.(text, draft, submitContext(ctx)) ?? {
      invalid: "registration:invalid.useButtons",
    };
    return apply(ctx, step, draft, outcome, edit);
  }

  return {
    name: flow,
    commands: { kirimpromo: start, promosaya: listMine },
    keywords: {
      "kirim promo": "kirimpromo",
      "pasang promo": "kirimpromo",
      "post promo": "kirimpromo",
      "promo saya": "promosaya",
      "my promos": "promosaya",
    },
    choicePrefix: "pr",
    async onChoice(ctx, arg) {
      const [action = "", rest = ""] = arg.split(/:(.*)/s, 2);
      if (action === "ok" || action === "no" || action === "r")
        return review.onStaffChoice(ctx, action, rest);
      if (action === "") return start(ctx);
      if (action === "mine") return listMine(ctx);
      if (action === "ed") return startEdit(ctx, rest);
      if (action === "wdn")
        return ctx.ask(t(ctx, "submit.withdrawKept"), [
          { id: "pr:mine", label: t(ctx, "submit.mineButton") },
          menu(ctx),
        ]);
      if (action === "cancel") {
        ctx.setConversation(null);
        return ctx.ask(t(ctx, "submit.cancelled"), [menu(ctx)]);
      }
      if (action === "wd" || action === "wdy") {
        const promo = await deps.promos.get(ctx.event.user, rest);
        if (!promo || promo.status === "withdrawn") return listMine(ctx);
        if (!isOpen(promo.weekend, ctx.now)) return ctx.ask(t(ctx, "submit.tooLate"), [menu(ctx)]);
        // Withdrawing frees the slot and drops it from the digest: asked first, with single-use buttons.
        if (action === "wd") {
          return ctx.ask(
            t(ctx, "submit.withdrawConfirm", {
              product: promo.product,
              weekend: weekendLabel(promo.weekend, ctx.language),
            }),
            [
              { id: `pr:wdy:${promo.id}`, label: t(ctx, "submit.withdrawYes"), once: true },
              { id: "pr:wdn", label: t(ctx, "submit.withdrawNo"), once: true },
            ],
          );
        }
        const result = await deps.promos.withdraw(ctx.event.user, rest, ctx.now);
        if (result === "withdrawn")
          return ctx.ask(t(ctx, "submit.withdrawn", { product: promo.product }), [menu(ctx)]);
        return listMine(ctx);
      }
      const state = ctx.conversation?.flow === flow ? ctx.conversation : null;
      if (!state) return ctx.ask(ctx.t("errors.choiceExpired"), [menu(ctx)]);
      const draft = (state.data.draft as PromoDraft | undefined) ?? {};
      // A step's own buttons act only at that step; anything else asks the step again.
      const step = state.step as Step;
      if (!(step in submitSteps)) return ctx.ask(ctx.t("errors.choiceExpired"), [menu(ctx)]);
      const outcome = submitSteps[step]?.pick?.(action, rest, draft, submitContext(ctx));
      return apply(
        ctx,
        step,
        draft,
        outcome ?? { invalid: "registration:invalid.useButtons" },
        editOf(state),
      );
    },
    async onFlowEvent(ctx, state) {
      await handleStep(ctx, state);
      return true;
    },
    repeatStep: (ctx, state) => {
      if (state.step !== reasonStep && state.step in submitSteps)
        ask(
          ctx,
          state.step as Step,
          (state.data.draft as PromoDraft | undefined) ?? {},
          undefined,
          editOf(state),
        );
    },
    // A "Ya, tarik" without its token is an old message's button: never acts.
    singleUse: (arg) => arg.startsWith("wdy:"),
    takesNumber: (state) => state.step === "normalPrice" || state.step === "offer",
    menuEntries: (ctx) => (ctx.contact.role === "seller" ? [{ id: "pr", label: t(ctx, "menu.submit") }] : []),
  };
}
