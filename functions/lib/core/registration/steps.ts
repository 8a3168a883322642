// The registration flow as a table: for each step, how it is asked and how a typed answer, a button or a
// shared contact is read. The feature (registration-feature.ts) only runs the table.
import type { Choice, Reply } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import { readOwnNumber, readYesNo } from "../understand/flow-answers.js";
import { type Draft, type Field, fieldOrder, isField, type RegistrationData } from "./draft.js";
import {
  categories,
  type Licence,
  licences,
  matchCategory,
  normaliseIndonesianMobile,
  parseLicences,
  type ValidationResult,
  validateBusinessName,
  validateOwnerName,
  validateProducts,
} from "./fields.js";
import { kecamatanById, kecamatanList, matchKecamatan } from "./kecamatan.js";
import { summaryLines } from "./summary.js";

export type Step = Field | "consent" | "summary" | "editField" | "resume";

/**
 * What an answer means for the flow:
 * - `fill`: the field's value (then the next missing field, or back to the summary);
 * - `again`: the same step with changed data (a licence ticked);
 * - `to`: another step (editing one field);
 * - `act`: run a flow action, as its button would ("consent:yes", "save", "cancel");
 * - `invalid`: the step's error and the step again;
 * - `stale`: the button does not belong to this step (an old message).
 */
export type Outcome =
  | { readonly fill: Draft[Field]; readonly data?: RegistrationData }
  | { readonly again: RegistrationData }
  | { readonly to: Step; readonly data: RegistrationData }
  | { readonly act: string }
  | { readonly invalid: string; readonly options?: Record<string, unknown> }
  | { readonly stale: true };

export interface StepSpec {
  /** The question and its buttons (every button single-use, bound to this step). */
  ask(
    ctx: TurnContext,
    data: RegistrationData,
  ): { text: string; choices?: Choice[]; extra?: Omit<Reply, "text" | "choices"> };
  /** A typed answer (the context says who wrote it, e.g. for "pakai nomor ini"). */
  read?(text: string, data: RegistrationData, ctx: TurnContext): Outcome;
  /** A button of this step (the part of its id after the step's prefix). */
  pick?(value: string, data: RegistrationData): Outcome;
  /** A shared contact (the phone step). */
  contact?(phone: string): Outcome;
}

const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
  ctx.t(`registration:${key}`, options);
const cancelChoice = (ctx: TurnContext): Choice => ({ id: "reg:cancel", label: t(ctx, "choice.cancel") });
const yesNo = (ctx: TurnContext, prefix: string): Choice[] => [
  { id: `${prefix}:yes`, label: t(ctx, "choice.yes") },
  { id: `${prefix}:no`, label: t(ctx, "choice.no") },
];

/** "B12", "lapak 12", "ya, lapak A-07": a stall number (letters/digits, with at least one digit). */
export function readStall(text: string): string | undefined {
  const match =
    /^(?:(?:ya|iya|boleh)[,\s]+)?(?:lapak|stall|no\.?|nomor)?\s*([A-Za-z]{0,2}-?\d{1,3}[A-Za-z]?)$/i.exec(
      text.trim(),
    );
  return match?.[1]?.toUpperCase();
}

const validated = (result: ValidationResult<string>): Outcome =>
  result.ok ? { fill: result.value } : { invalid: `invalid.${result.error}` };
const phoneOutcome = (raw: string): Outcome => validated(normaliseIndonesianMobile(raw));
const useButtons: Outcome = { invalid: "invalid.useButtons" };

/** A free-text field: the question with a cancel button, and its validator. */
const textField = (key: Field, validate: (text: string) => ValidationResult<string>): StepSpec => ({
  ask: (ctx) => ({ text: t(ctx, `ask.${key}`), choices: [cancelChoice(ctx)] }),
  read: (text) => validated(validate(text)),
});

export const steps: Readonly<Record<Step, StepSpec>> = {
  consent: {
    ask: (ctx) => ({
      text: t(ctx, "consent.text"),
      choices: [
        { id: "reg:consent:yes", label: t(ctx, "consent.agree") },
        { id: "reg:cancel", label: t(ctx, "consent.cancel") },
      ],
    }),
    read: (text) => {
      const answer = readYesNo(text);
      return answer === undefined ? useButtons : { act: answer ? "consent:yes" : "cancel" };
    },
  },
  ownerName: textField("ownerName", validateOwnerName),
  businessName: textField("businessName", validateBusinessName),
  products: textField("products", validateProducts),
  category: {
    ask: (ctx) => ({
      text: t(ctx, "ask.category"),
      choices: [
        ...categories.map((category) => ({
          id: `reg:cat:${category}`,
          label: t(ctx, `category.${category}`),
        })),
        cancelChoice(ctx),
      ],
    }),
    read: (text) => {
      const category = matchCategory(text);
      return category ? { fill: category } : { invalid: "invalid.category" };
    },
    pick: (value) =>
      (categories as readonly string[]).includes(value)
        ? { fill: value as Draft["category"] }
        : { stale: true },
  },
  kecamatan: {
    ask: (ctx) => ({
      text: t(ctx, "ask.kecamatan"),
      choices: kecamatanList.map((kecamatan) => ({ id: `reg:kec:${kecamatan.id}`, label: kecamatan.name })),
      extra: { choicesTitle: t(ctx, "field.kecamatan") },
    }),
    read: (text) => {
      const kecamatan = matchKecamatan(text);
      return kecamatan
        ? { fill: kecamatan.id }
        : { invalid: "invalid.kecamatan", options: { text: truncate(text, 40) } };
    },
    pick: (value) => (kecamatanById(value) ? { fill: value } : { stale: true }),
  },
  phone: {
    // A contact request, not buttons: Telegram's share-contact keyboard, WhatsApp's "this number".
    ask: (ctx) => {
      const whatsapp = ctx.event.user.channel === "whatsapp";
      return {
        text: t(ctx, whatsapp ? "ask.phoneWhatsapp" : "ask.phoneTelegram"),
        extra: {
          request: { kind: "contact", label: t(ctx, whatsapp ? "ask.useThisNumber" : "ask.shareContact") },
        },
      };
    },
    // Typing the button's meaning ("pakai nomor ini aja"): a WhatsApp sender's id is their number;
    // Telegram does not tell us the number until it is shared.
    read: (text, _data, ctx) => {
      if (!readOwnNumber(text)) return phoneOutcome(text);
      const own = ctx.event.user.channel === "whatsapp" ? ctx.event.user.userId : "";
      return /^\d{8,15}$/.test(own) ? phoneOutcome(own) : { invalid: "invalid.phoneShareButton" };
    },
    contact: phoneOutcome,
  },
  licences: {
    ask: (ctx, data) => {
      const selected = data.selected ?? [];
      const chosen = selected.length
        ? `\n\n${t(ctx, "ask.licencesSelected", { list: selected.map((l) => t(ctx, `licence.${l}`)).join(", ") })}`
        : "";
      return {
        text: `${t(ctx, "ask.licences")}${chosen}`,
        choices: [
          ...licences.map((licence) => ({
            id: `reg:lic:${licence}`,
            label: `${selected.includes(licence) ? "✅ " : ""}${t(ctx, `licence.${licence}`)}`,
          })),
          { id: "reg:lic:none", label: t(ctx, "choice.none") },
          { id: "reg:lic:done", label: t(ctx, "choice.done") },
        ],
      };
    },
    read: (text, data) => {
      const parsed = parseLicences(text);
      return parsed ? { fill: parsed, data: { ...data, selected: [] } } : { invalid: "invalid.licences" };
    },
    pick: (value, data) => {
      if (value === "none") return { fill: [], data: { ...data, selected: [] } };
      if (value === "done") return { fill: data.selected ?? [], data: { ...data, selected: [] } };
      if (!(licences as readonly string[]).includes(value)) return { stale: true };
      // A tick toggles; the step is asked again with the list so far.
      const selected = new Set(data.selected ?? []);
      if (selected.has(value as Licence)) selected.delete(value as Licence);
      else selected.add(value as Licence);
      return { again: { ...data, selected: licences.filter((licence) => selected.has(licence)) } };
    },
  },
  wantsStall: {
    ask: (ctx) => ({ text: t(ctx, "ask.stall"), choices: yesNo(ctx, "reg:stall") }),
    read: (text) => {
      const answer = readYesNo(text);
      return answer === undefined ? { invalid: "invalid.yesNo" } : { fill: answer };
    },
    pick: (value) => (value === "yes" || value === "no" ? { fill: value === "yes" } : { stale: true }),
  },
  // Consent to show buyers the chat contact and stall; typing the stall number ("B12", "lapak 12") also agrees.
  buyerContact: {
    ask: (ctx) => ({
      text: t(ctx, "ask.buyerContact"),
      choices: [
        { id: "reg:bc:yes", label: t(ctx, "choice.showContact") },
        { id: "reg:bc:no", label: t(ctx, "choice.hideContact") },
      ],
    }),
    read: (text) => {
      const stall = readStall(text);
      if (stall) return { fill: { show: true, stall } };
      const answer = readYesNo(text);
      return answer === undefined ? { invalid: "invalid.buyerContact" } : { fill: { show: answer } };
    },
    pick: (value) =>
      value === "yes" || value === "no" ? { fill: { show: value === "yes" } } : { stale: true },
  },
  summary: {
    ask: (ctx, data) => ({
      text: `${t(ctx, "summary.title")}\n\n${summaryLines(ctx.tFor(ctx.language), data.draft)}\n\n${t(ctx, "summary.footer")}`,
      choices: [
        { id: "reg:save", label: t(ctx, "choice.save") },
        { id: "reg:edit", label: t(ctx, "choice.edit") },
        { id: "reg:cancel", label: t(ctx, "choice.cancel") },
      ],
    }),
    // "iya kak", "y", "boleh" save; "tidak"/"salah" goes to changing a field.
    read: (text) => {
      const answer = readYesNo(text);
      return answer === undefined ? useButtons : { act: answer ? "save" : "edit" };
    },
  },
  editField: {
    ask: (ctx) => ({
      text: t(ctx, "summary.chooseField"),
      choices: fieldOrder.map((field) => ({ id: `reg:field:${field}`, label: t(ctx, `field.${field}`) })),
    }),
    read: () => useButtons,
    pick: (value, data) =>
      isField(value)
        ? {
            to: value,
            data: {
              ...data,
              returnToSummary: true,
              ...(value === "licences" ? { selected: data.draft.licences ?? [] } : {}),
            },
          }
        : { stale: true },
  },
  resume: {
    ask: (ctx) => ({
      text: t(ctx, "resume.prompt"),
      choices: [
        { id: "reg:resume", label: t(ctx, "choice.resume") },
        { id: "reg:restart", label: t(ctx, "choice.restart") },
      ],
    }),
    read: () => useButtons,
  },
};

/** Button id prefixes ("reg:cat:kuliner") of the steps that have buttons with values. */
export const pickSteps: Readonly<Record<string, Step>> = {
  cat: "category",
  kec: "kecamatan",
  lic: "licences",
  stall: "wantsStall",
  bc: "buyerContact",
  field: "editField",
};
