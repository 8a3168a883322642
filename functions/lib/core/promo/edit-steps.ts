// Editing a posted promo before the cut-off, as steps of the same table: pick what to change, answer the
// posting flow's own step(s) for it, then check and save. The weekend stays (withdraw and post again).
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import type { Promo, PromoDraft } from "./promo.js";
import type { SubmitContext, SubmitOutcome, SubmitStep, SubmitStepSpec } from "./submit-steps.js";

export const editFields = ["product", "price", "photo", "location"] as const;
export type EditField = (typeof editFields)[number];

/** The posting steps that change a field: a new normal price asks the offer again (it must stay lower). */
export const editChains: Readonly<Record<EditField, readonly SubmitStep[]>> = {
  product: ["product"],
  price: ["normalPrice", "offer"],
  photo: ["photo"],
  location: ["location"],
};

/** The edit in progress, kept in the conversation next to the draft. */
export interface PromoEdit {
  readonly id: string;
  readonly field?: EditField;
}

/** Staff look again when the words or prices change; a new photo alone keeps the decision. */
export function needsReview(before: Promo, after: PromoDraft): boolean {
  return (
    before.product !== after.product ||
    before.normalPrice !== after.normalPrice ||
    before.promoPrice !== after.promoPrice ||
    before.discountText !== after.discountText ||
    before.location !== after.location
  );
}

export function isUnchanged(before: Promo, after: PromoDraft): boolean {
  return !needsReview(before, after) && before.photo === after.photo;
}

/** The draft an edit starts from: the promo as stored. */
export function draftOf(promo: Promo): PromoDraft {
  return {
    product: promo.product,
    normalPrice: promo.normalPrice,
    ...(promo.promoPrice !== undefined ? { promoPrice: promo.promoPrice } : {}),
    ...(promo.discountText ? { discountText: promo.discountText } : {}),
    ...(promo.photo
      ? { photo: promo.photo, ...(promo.photoChannel ? { photoChannel: promo.photoChannel } : {}) }
      : {}),
    location: promo.location,
    weekend: promo.weekend,
  };
}

const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
  ctx.t(`promo:${key}`, options);
const cancel = (ctx: TurnContext): Choice => ({ id: "pr:cancel", label: t(ctx, "submit.cancel") });

const typedFields: readonly (readonly [EditField, RegExp])[] = [
  ["price", /\b(harga\w*|hrg\w*|diskon\w*|disk|potongan|price|discount)\b/i],
  ["photo", /\b(foto\w*|gambar\w*|photo|picture)\b/i],
  ["location", /\b(lokasi\w*|lapak\w*|tempat\w*|alamat\w*|stall|place|location)\b/i],
  ["product", /\b(produk\w*|nama\w*|product|name)\b/i],
];

function startField(field: EditField, draft: PromoDraft): SubmitOutcome {
  // A new price asks the offer again, so the old one must not linger next to the new.
  const { promoPrice: _p, discountText: _d, ...rest } = draft;
  return { next: editChains[field][0]!, draft: field === "price" ? rest : draft, field };
}

export const editSteps: Readonly<Record<"editPick" | "editSummary", SubmitStepSpec>> = {
  editPick: {
    ask: (ctx, draft, env: SubmitContext) => ({
      text: `${t(ctx, "submit.editPick")}\n\n${env.summary(draft)}`,
      choices: [
        ...editFields.map((field) => ({ id: `pr:ef:${field}`, label: t(ctx, `submit.editField.${field}`) })),
        cancel(ctx),
      ],
    }),
    // Typed instead of tapped: "harganya", "ganti foto", "lapak".
    read: (text, draft) => {
      const field = typedFields.find(([, words]) => words.test(text))?.[0];
      return field ? startField(field, draft) : { invalid: "registration:invalid.useButtons" };
    },
    pick: (action, value, draft) =>
      action === "ef" && (editFields as readonly string[]).includes(value)
        ? startField(value as EditField, draft)
        : undefined,
  },
  editSummary: {
    ask: (ctx, draft, env) => ({
      text: `${t(ctx, "submit.editSummary")}\n\n${env.summary(draft)}`,
      choices: [
        { id: "pr:save", label: t(ctx, "submit.editSave") },
        { id: "pr:more", label: t(ctx, "submit.editMore") },
        cancel(ctx),
      ],
    }),
    pick: (action, _value, draft) =>
      action === "save" ? { save: true } : action === "more" ? { next: "editPick", draft } : undefined,
  },
};
