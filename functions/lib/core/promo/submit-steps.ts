// Posting a weekend promo as a table: for each step, how it is asked and how a typed answer, a photo or a
// button is read. The feature (promo-feature.ts) only runs the table.
import type { InboundPayload } from "../events.js";
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import { type EditField, editSteps } from "./edit-steps.js";
import { formatRupiah, parseDiscountText, parsePrice } from "./price.js";
import type { PromoDraft } from "./promo.js";
import {
  offeredWeekends,
  openWeekend,
  type WeeklyTime,
  weekendButtonLabel,
  weekendLabel,
} from "./weekend.js";

export type SubmitStep =
  | "product"
  | "normalPrice"
  | "offer"
  | "photo"
  | "location"
  | "weekend"
  | "summary"
  // Editing a posted promo (edit-steps.ts).
  | "editPick"
  | "editSummary";

/**
 * What an answer means: `next` (the draft and the step after), `invalid` (the error, then the step again)
 * `send` (the summary's "Kirim") or `save` (an edit's "Simpan"). `field`: what an edit changes from now on.
 */
export type SubmitOutcome =
  | { readonly next: SubmitStep; readonly draft: PromoDraft; readonly field?: EditField }
  | { readonly invalid: string; readonly options?: Record<string, unknown> }
  | { readonly send: true }
  | { readonly save: true };

export interface SubmitContext {
  readonly now: Date;
  readonly cutoff: WeeklyTime;
  readonly t: (key: string, options?: Record<string, unknown>) => string;
  /** The promo as the summary, staff review and digest show it. */
  readonly summary: (draft: PromoDraft) => string;
}

export interface SubmitStepSpec {
  /** The question and its buttons. */
  ask(ctx: TurnContext, draft: PromoDraft, env: SubmitContext): { text: string; choices: Choice[] };
  /** A typed answer (spaces collapsed). */
  read?(text: string, draft: PromoDraft, ctx: SubmitContext): SubmitOutcome;
  /** Anything but text (the photo step). */
  media?(payload: InboundPayload, draft: PromoDraft, channel: string): SubmitOutcome | undefined;
  /** A button of this step: its action ("skipphoto", "wk") and value. */
  pick?(action: string, value: string, draft: PromoDraft, ctx: SubmitContext): SubmitOutcome | undefined;
}

const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
  ctx.t(`promo:${key}`, options);
const cancel = (ctx: TurnContext): Choice => ({ id: "pr:cancel", label: t(ctx, "submit.cancel") });
const within = (text: string, min: number, max: number) => text.length >= min && text.length <= max;

export const submitSteps: Readonly<Record<SubmitStep, SubmitStepSpec>> = {
  product: {
    ask: (ctx, draft, env) => ({
      text: t(ctx, "submit.askProduct", {
        weekend: weekendLabel(draft.weekend ?? openWeekend(ctx.now, env.cutoff), ctx.language),
      }),
      choices: [cancel(ctx)],
    }),
    read: (text, draft) =>
      within(text, 3, 80)
        ? { next: "normalPrice", draft: { ...draft, product: text } }
        : { invalid: "submit.invalidProduct" },
  },
  normalPrice: {
    ask: (ctx) => ({ text: t(ctx, "submit.askNormalPrice"), choices: [cancel(ctx)] }),
    read: (text, draft) => {
      const price = parsePrice(text);
      return price === undefined
        ? { invalid: "submit.invalidPrice" }
        : { next: "offer", draft: { ...draft, normalPrice: price } };
    },
  },
  offer: {
    ask: (ctx) => ({ text: t(ctx, "submit.askOffer"), choices: [cancel(ctx)] }),
    // A lower price, or a discount in words ("beli 2 gratis 1", "diskon 20%").
    read: (text, draft) => {
      const price = parsePrice(text);
      if (price !== undefined && draft.normalPrice !== undefined && price < draft.normalPrice)
        return { next: "photo", draft: { ...draft, promoPrice: price } };
      const discount = price === undefined ? parseDiscountText(text) : undefined;
      if (discount) return { next: "photo", draft: { ...draft, discountText: discount } };
      return { invalid: "submit.invalidOffer", options: { normal: formatRupiah(draft.normalPrice ?? 0) } };
    },
  },
  photo: {
    ask: (ctx) => ({
      text: t(ctx, "submit.askPhoto"),
      choices: [{ id: "pr:skipphoto", label: t(ctx, "submit.skip") }, cancel(ctx)],
    }),
    read: () => ({ invalid: "submit.notPhoto" }),
    media: (payload, draft, channel) =>
      payload.kind === "photo"
        ? {
            next: "location",
            draft: { ...draft, photo: payload.mediaId, photoChannel: channel as PromoDraft["photoChannel"] },
          }
        : { invalid: "submit.notPhoto" },
    pick: (action, _value, draft) => (action === "skipphoto" ? { next: "location", draft } : undefined),
  },
  location: {
    ask: (ctx) => ({
      text: t(ctx, "submit.askLocation"),
      choices: [{ id: "pr:defloc", label: t(ctx, "submit.defaultLocation") }, cancel(ctx)],
    }),
    read: (text, draft) =>
      within(text, 3, 100)
        ? { next: "weekend", draft: { ...draft, location: text } }
        : { invalid: "submit.invalidLocation" },
    pick: (action, _value, draft, ctx) =>
      action === "defloc"
        ? { next: "weekend", draft: { ...draft, location: ctx.t("submit.defaultLocationName") } }
        : undefined,
  },
  weekend: {
    ask: (ctx, _draft, env) => ({
      text: t(ctx, "submit.askWeekend"),
      choices: offeredWeekends(ctx.now, env.cutoff).map((saturday) => ({
        id: `pr:wk:${saturday}`,
        label: weekendButtonLabel(saturday, ctx.language),
      })),
    }),
    // Checked here, not trusted from the button: a forged date (any future day) would dodge the weekly limit.
    pick: (action, value, draft, ctx) => {
      if (action !== "wk") return undefined;
      if (offeredWeekends(ctx.now, ctx.cutoff).includes(value))
        return { next: "summary", draft: { ...draft, weekend: value } };
      const expired = /^\d{4}-\d{2}-\d{2}$/.test(value) && value < openWeekend(ctx.now, ctx.cutoff);
      return { invalid: expired ? "submit.tooLate" : "submit.weekendNotOffered" };
    },
  },
  summary: {
    ask: (ctx, draft, env) => ({
      text: `${t(ctx, "submit.summary")}\n\n${env.summary(draft)}`,
      choices: [{ id: "pr:send", label: t(ctx, "submit.send") }, cancel(ctx)],
    }),
    pick: (action) => (action === "send" ? { send: true } : undefined),
  },
  ...editSteps,
};
