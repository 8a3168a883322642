// Seller registration as an explicit state machine kept in the conversation (shared by both channels).
import type { ConversationState } from "../contact.js";
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import { readYesNo } from "../understand/flow-answers.js";
import {
  completeProfile,
  type Draft,
  draftFromProfile,
  type Field,
  fieldOrder,
  isField,
  type RegistrationData,
} from "./draft.js";
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
import type { StaffDirectory } from "./ports.js";
import { reviewRequest } from "./review-feature.js";
import type { SellerRepository, SellerStatus } from "./seller.js";
import { summaryLines } from "./summary.js";

export interface RegistrationDeps {
  readonly sellers: SellerRepository;
  readonly staff: StaffDirectory;
}

const flow = "register";
const consentVersion = "registration-v1";
type Step = Field | "consent" | "summary" | "editField" | "resume";

export function createRegistrationFeature(deps: RegistrationDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`registration:${key}`, options);
  const cancelChoice = (ctx: TurnContext): Choice => ({ id: "reg:cancel", label: t(ctx, "choice.cancel") });

  const setState = (ctx: TurnContext, step: Step, data: RegistrationData) =>
    ctx.setConversation({ flow, step, data: data as unknown as Record<string, unknown> });

  const dataOf = (state: ConversationState | null | undefined): RegistrationData | undefined =>
    state?.flow === flow ? (state.data as unknown as RegistrationData) : undefined;

  function ask(ctx: TurnContext, step: Step, data: RegistrationData, prefix?: string) {
    setState(ctx, step, data);
    const lead = (text: string) => (prefix ? `${prefix}\n\n${text}` : text);
    switch (step) {
      case "consent":
        return ctx.ask(lead(t(ctx, "consent.text")), [
          { id: "reg:consent:yes", label: t(ctx, "consent.agree") },
          { id: "reg:cancel", label: t(ctx, "consent.cancel") },
        ]);
      case "ownerName":
      case "businessName":
      case "products":
        return ctx.ask(lead(t(ctx, `ask.${step}`)), [cancelChoice(ctx)]);
      case "category":
        return ctx.ask(lead(t(ctx, "ask.category")), [
          ...categories.map((category) => ({
            id: `reg:cat:${category}`,
            label: t(ctx, `category.${category}`),
          })),
          cancelChoice(ctx),
        ]);
      case "kecamatan":
        return ctx.ask(
          lead(t(ctx, "ask.kecamatan")),
          kecamatanList.map((kecamatan) => ({ id: `reg:kec:${kecamatan.id}`, label: kecamatan.name })),
          { choicesTitle: t(ctx, "field.kecamatan") },
        );
      case "phone": {
        const whatsapp = ctx.event.user.channel === "whatsapp";
        return ctx.say(lead(t(ctx, whatsapp ? "ask.phoneWhatsapp" : "ask.phoneTelegram")), {
          request: { kind: "contact", label: t(ctx, whatsapp ? "ask.useThisNumber" : "ask.shareContact") },
        });
      }
      case "licences": {
        const selected = data.selected ?? [];
        const chosen = selected.length
          ? `\n\n${t(ctx, "ask.licencesSelected", { list: selected.map((l) => t(ctx, `licence.${l}`)).join(", ") })}`
          : "";
        return ctx.ask(lead(`${t(ctx, "ask.licences")}${chosen}`), [
          ...licences.map((licence) => ({
            id: `reg:lic:${licence}`,
            label: `${selected.includes(licence) ? "✅ " : ""}${t(ctx, `licence.${licence}`)}`,
          })),
          { id: "reg:lic:none", label: t(ctx, "choice.none") },
          { id: "reg:lic:done", label: t(ctx, "choice.done") },
        ]);
      }
      case "wantsStall":
        return ctx.ask(lead(t(ctx, "ask.stall")), [
          { id: "reg:stall:yes", label: t(ctx, "choice.yes") },
          { id: "reg:stall:no", label: t(ctx, "choice.no") },
        ]);
      case "summary":
        return ctx.ask(
          lead(
            `${t(ctx, "summary.title")}\n\n${summaryLines(ctx.tFor(ctx.language), data.draft)}\n\n${t(ctx, "summary.footer")}`,
          ),
          [
            { id: "reg:save", label: t(ctx, "choice.save") },
            { id: "reg:edit", label: t(ctx, "choice.edit") },
            { id: "reg:cancel", label: t(ctx, "choice.cancel") },
          ],
        );
      case "editField":
        return ctx.ask(
          lead(t(ctx, "summary.chooseField")),
          fieldOrder.map((field) => ({ id: `reg:field:${field}`, label: t(ctx, `field.${field}`) })),
        );
      case "resume":
        return ctx.ask(lead(t(ctx, "resume.prompt")), [
          { id: "reg:resume", label: t(ctx, "choice.resume") },
          { id: "reg:restart", label: t(ctx, "choice.restart") },
        ]);
    }
  }

  /** After a field is filled: back to the summary when editing, else the next missing field. */
  function advance(ctx: TurnContext, data: RegistrationData) {
    if (data.returnToSummary) return ask(ctx, "summary", { ...data, returnToSummary: false });
    const next = fieldOrder.find((field) => data.draft[field] === undefined);
    return ask(ctx, next ?? "summary", data);
  }

  function fill<K extends keyof Draft>(ctx: TurnContext, data: RegistrationData, field: K, value: Draft[K]) {
    advance(ctx, { ...data, draft: { ...data.draft, [field]: value } });
  }

  function invalid(
    ctx: TurnContext,
    step: Step,
    data: RegistrationData,
    key: string,
    options?: Record<string, unknown>,
  ) {
    ctx.rejectAnswer();
    ask(ctx, step, data, t(ctx, key, options));
  }

  function applyValidated(
    ctx: TurnContext,
    data: RegistrationData,
    field: "ownerName" | "businessName" | "products",
    result: ValidationResult<string>,
  ) {
    if (result.ok) return fill(ctx, data, field, result.value);
    return invalid(ctx, field, data, `invalid.${result.error}`);
  }

  async function start(ctx: TurnContext) {
    const current = dataOf(ctx.conversation);
    const paused = ctx.conversation?.paused?.flow === flow ? ctx.conversation.paused : undefined;
    if (current || paused) {
      const data = current ?? (paused!.data as unknown as RegistrationData);
      const step = current ? ctx.conversation!.step : paused!.step;
      // Keep the draft, remember where it stopped, and ask whether to continue.
      return ask(ctx, "resume", { ...data, resumeStep: step === "resume" ? data.resumeStep : step });
    }
    const seller = await deps.sellers.get(ctx.event.user);
    if (seller) return showStatus(ctx);
    return ask(ctx, "consent", { draft: {}, mode: "new" });
  }

  async function showStatus(ctx: TurnContext) {
    const seller = await deps.sellers.get(ctx.event.user);
    if (!seller) {
      return ctx.ask(t(ctx, "status.none"), [
        { id: "reg:new", label: t(ctx, "choice.register") },
        { id: "menu", label: ctx.t("menu.back") },
      ]);
    }
    const text = t(ctx, `status.${seller.status}`, {
      business: seller.businessName,
      reason: seller.rejectionReason ?? "—",
    });
    return ctx.ask(text, [
      { id: "reg:editprofile", label: t(ctx, "choice.editProfile") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);
  }

  async function save(ctx: TurnContext, data: RegistrationData) {
    const profile = completeProfile(data.draft);
    if (!profile) return advance(ctx, data);
    const user = ctx.event.user;
    const existing = await deps.sellers.get(user);
    // Approved sellers keep their status for minor edits; a new name goes back to review.
    const renamed =
      existing &&
      (existing.ownerName !== profile.ownerName || existing.businessName !== profile.businessName);
    const status: SellerStatus = existing?.status === "approved" && !renamed ? "approved" : "pending";
    const { seller } = await deps.sellers.save({
      user,
      profile,
      status,
      submissionKey: ctx.event.dedupeKey,
      now: ctx.now,
    });
    ctx.setConversation(null);
    const savedKey = !existing ? "saved.new" : status === "pending" ? "saved.editReview" : "saved.edit";
    ctx.ask(t(ctx, savedKey, { business: seller.businessName }), [{ id: "menu", label: ctx.t("menu.back") }]);
    if (status === "pending") {
      for (const reviewer of await deps.staff.reviewers()) {
        if (reviewer.user.channel === user.channel && reviewer.user.userId === user.userId) continue;
        ctx.notify(reviewer.user, [reviewRequest(ctx.tFor(reviewer.language), seller, !!existing)]);
      }
    }
  }

  async function onChoice(ctx: TurnContext, arg: string) {
    const [action = "", value = ""] = arg.split(/:(.*)/s, 2);
    const data = dataOf(ctx.conversation);
    const step = ctx.conversation?.step as Step | undefined;
    switch (action) {
      case "":
        return start(ctx);
      case "new":
        return ask(ctx, "consent", { draft: {}, mode: "new" });
      case "status":
        return showStatus(ctx);
      case "editprofile": {
        const seller = await deps.sellers.get(ctx.event.user);
        if (!seller) return showStatus(ctx);
        return ask(ctx, "summary", { draft: draftFromProfile(seller), mode: "edit" });
      }
      case "cancel":
        ctx.setConversation(null);
        return ctx.ask(t(ctx, "cancelled"), [{ id: "menu", label: ctx.t("menu.back") }]);
      case "resume": {
        if (!data) return expired(ctx);
        const { resumeStep, ...rest } = data;
        return ask(ctx, (resumeStep as Step | undefined) ?? "summary", rest);
      }
      case "restart":
        return ask(ctx, "consent", { draft: {}, mode: "new" });
    }
    if (!data || !step) return expired(ctx);
    switch (action) {
      case "consent":
        if (step !== "consent") return expired(ctx);
        ctx.changes.consent = {
          purpose: "registration",
          version: consentVersion,
          at: ctx.now.getTime(),
          given: true,
        };
        return advance(ctx, data);
      case "cat":
        if (step !== "category" || !(categories as readonly string[]).includes(value)) return expired(ctx);
        return fill(ctx, data, "category", value as Draft["category"]);
      case "kec":
        if (step !== "kecamatan" || !kecamatanById(value)) return expired(ctx);
        return fill(ctx, data, "kecamatan", value);
      case "lic": {
        if (step !== "licences") return expired(ctx);
        if (value === "none") return fill(ctx, { ...data, selected: [] }, "licences", []);
        if (value === "done") return fill(ctx, { ...data, selected: [] }, "licences", data.selected ?? []);
        if (!(licences as readonly string[]).includes(value)) return expired(ctx);
        const selected = new Set(data.selected ?? []);
        if (selected.has(value as Licence)) selected.delete(value as Licence);
        else selected.add(value as Licence);
        return ask(ctx, "licences", {
          ...data,
          selected: licences.filter((licence) => selected.has(licence)),
        });
      }
      case "stall":
        if (step !== "wantsStall" || (value !== "yes" && value !== "no")) return expired(ctx);
        return fill(ctx, data, "wantsStall", value === "yes");
      case "save":
        if (step !== "summary") return expired(ctx);
        return save(ctx, data);
      case "edit":
        if (step !== "summary") return expired(ctx);
        return ask(ctx, "editField", data);
      case "field":
        if (step !== "editField" || !isField(value)) return expired(ctx);
        return ask(ctx, value, {
          ...data,
          returnToSummary: true,
          ...(value === "licences" ? { selected: data.draft.licences ?? [] } : {}),
        });
    }
    return expired(ctx);
  }

  function expired(ctx: TurnContext) {
    ctx.ask(t(ctx, "expired"), [
      { id: "reg", label: t(ctx, "menu.register") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);
  }

  async function handleStep(ctx: TurnContext, state: ConversationState): Promise<void> {
    const data = state.data as unknown as RegistrationData;
    const step = state.step as Step;
    const { payload } = ctx.event;
    if (step === "phone" && payload.kind === "contact") {
      const phone = normaliseIndonesianMobile(payload.phone);
      if (!phone.ok) return invalid(ctx, "phone", data, `invalid.${phone.error}`);
      return fill(ctx, data, "phone", phone.value);
    }
    if (payload.kind !== "text") return invalid(ctx, step, data, "invalid.notText");
    const text = payload.text;
    switch (step) {
      case "ownerName":
        return applyValidated(ctx, data, "ownerName", validateOwnerName(text));
      case "businessName":
        return applyValidated(ctx, data, "businessName", validateBusinessName(text));
      case "products":
        return applyValidated(ctx, data, "products", validateProducts(text));
      case "phone": {
        const phone = normaliseIndonesianMobile(text);
        if (!phone.ok) return invalid(ctx, "phone", data, `invalid.${phone.error}`);
        return fill(ctx, data, "phone", phone.value);
      }
      case "category": {
        const category = matchCategory(text);
        if (!category) return invalid(ctx, "category", data, "invalid.category");
        return fill(ctx, data, "category", category);
      }
      case "kecamatan": {
        const kecamatan = matchKecamatan(text);
        if (!kecamatan)
          return invalid(ctx, "kecamatan", data, "invalid.kecamatan", { text: truncate(text, 40) });
        return fill(ctx, data, "kecamatan", kecamatan.id);
      }
      case "licences": {
        const parsed = parseLicences(text);
        if (!parsed) return invalid(ctx, "licences", data, "invalid.licences");
        return fill(ctx, { ...data, selected: [] }, "licences", parsed);
      }
      case "wantsStall": {
        const answer = readYesNo(text);
        if (answer === undefined) return invalid(ctx, "wantsStall", data, "invalid.yesNo");
        return fill(ctx, data, "wantsStall", answer);
      }
      case "consent": {
        const answer = readYesNo(text);
        if (answer === true) return await onChoice(ctx, "consent:yes");
        if (answer === false) return await onChoice(ctx, "cancel");
        return invalid(ctx, step, data, "invalid.useButtons");
      }
      case "summary": {
        // "iya kak", "y", "boleh" save; "tidak"/"salah" goes to changing a field.
        const answer = readYesNo(text);
        if (answer !== undefined) return await onChoice(ctx, answer ? "save" : "edit");
        return invalid(ctx, step, data, "invalid.useButtons");
      }
      default:
        return invalid(ctx, step, data, "invalid.useButtons");
    }
  }

  async function onFlowEvent(ctx: TurnContext, state: ConversationState): Promise<boolean> {
    await handleStep(ctx, state);
    return true;
  }

  return {
    name: flow,
    commands: { daftar: start, register: start, status: showStatus },
    keywords: {
      daftar: "daftar",
      "daftar umkm": "daftar",
      "daftar usaha": "daftar",
      "daftar penjual": "daftar",
      register: "daftar",
      status: "status",
      "cek status": "status",
      "status pendaftaran": "status",
    },
    choicePrefix: "reg",
    onChoice,
    onFlowEvent,
    repeatStep: (ctx, state) => {
      const data = dataOf(state);
      if (data) ask(ctx, state.step as Step, data);
    },
    menuEntries: (ctx) => [{ id: "reg", label: t(ctx, "menu.register") }],
  };
}
