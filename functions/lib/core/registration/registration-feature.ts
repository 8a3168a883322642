// Seller registration as an explicit state machine kept in the conversation (shared by both channels).
import type { ConversationState } from "../contact.js";
import type { Feature } from "../feature.js";
import type { Choice, Reply } from "../replies.js";
import type { TurnContext } from "../turn.js";
import { completeProfile, draftFromProfile, fieldOrder, isField, type RegistrationData } from "./draft.js";
import type { StaffDirectory } from "./ports.js";
import { reviewRequest } from "./review-feature.js";
import type { SellerRepository } from "./seller.js";
import { type Outcome, pickSteps, type Step, steps } from "./steps.js";

export interface RegistrationDeps {
  readonly sellers: SellerRepository;
  readonly staff: StaffDirectory;
}

const flow = "register";
const consentVersion = "registration-v1";

export function createRegistrationFeature(deps: RegistrationDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`registration:${key}`, options);

  const setState = (ctx: TurnContext, step: Step, data: RegistrationData) =>
    ctx.setConversation({ flow, step, data: data as unknown as Record<string, unknown> });

  const dataOf = (state: ConversationState | null | undefined): RegistrationData | undefined =>
    state?.flow === flow ? (state.data as unknown as RegistrationData) : undefined;

  // Every button of a step is single-use and bound to that step (an old "Batal" or "Simpan" never acts).
  const offer = (
    ctx: TurnContext,
    text: string,
    choices: readonly Choice[],
    extra?: Omit<Reply, "text" | "choices">,
  ) =>
    ctx.ask(
      text,
      choices.map((choice) => ({ ...choice, once: true })),
      extra,
    );

  function ask(ctx: TurnContext, step: Step, data: RegistrationData, prefix?: string) {
    setState(ctx, step, data);
    const { text, choices, extra } = steps[step].ask(ctx, data);
    const lead = prefix ? `${prefix}\n\n${text}` : text;
    if (choices) return offer(ctx, lead, choices, extra);
    return ctx.say(lead, extra);
  }

  /** After a field is filled: back to the summary when editing, else the next missing field. */
  function advance(ctx: TurnContext, data: RegistrationData) {
    if (data.returnToSummary) return ask(ctx, "summary", { ...data, returnToSummary: false });
    const next = fieldOrder.find((field) => data.draft[field] === undefined);
    return ask(ctx, next ?? "summary", data);
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

  /** Applies what the step table made of an answer at `step`. */
  async function apply(
    ctx: TurnContext,
    step: Step,
    data: RegistrationData,
    outcome: Outcome,
  ): Promise<void> {
    if ("stale" in outcome) return expired(ctx);
    if ("invalid" in outcome) return invalid(ctx, step, data, outcome.invalid, outcome.options);
    if ("act" in outcome) return onChoice(ctx, outcome.act);
    if ("again" in outcome) return ask(ctx, step, outcome.again);
    if ("to" in outcome) return ask(ctx, outcome.to, outcome.data);
    const base = outcome.data ?? data;
    if (!isField(step)) return expired(ctx);
    return advance(ctx, { ...base, draft: { ...base.draft, [step]: outcome.fill } });
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
    const complete = completeProfile(data.draft);
    if (!complete) return advance(ctx, data);
    // A t.me link needs the seller's public @username: kept only when they agreed to be contacted.
    const username = ctx.event.user.channel === "telegram" ? ctx.event.profile.username : undefined;
    const { telegramUsername: _old, ...rest } = complete;
    const profile = complete.buyerContact?.show && username ? { ...rest, telegramUsername: username } : rest;
    const user = ctx.event.user;
    // The repository reads the record it replaces; a retried turn gets the first save's answer back.
    let renamedApproved = false;
    const { seller, created } = await deps.sellers.save({
      user,
      profile,
      // Approved sellers keep their status for minor edits; a new name goes back to review.
      status: (existing) => {
        if (existing?.status !== "approved") return "pending";
        renamedApproved =
          existing.ownerName !== profile.ownerName || existing.businessName !== profile.businessName;
        return renamedApproved ? "pending" : "approved";
      },
      submissionKey: ctx.event.dedupeKey,
      now: ctx.now,
    });
    ctx.setConversation(null);
    const pending = seller.status === "pending";
    // A pending or rejected registration edited is simply reviewed (again); only a renamed approved one is told why.
    const savedKey = created
      ? "saved.new"
      : !pending
        ? "saved.edit"
        : renamedApproved
          ? "saved.editReview"
          : "saved.editPending";
    ctx.ask(t(ctx, savedKey, { business: seller.businessName }), [{ id: "menu", label: ctx.t("menu.back") }]);
    if (pending) {
      for (const reviewer of await deps.staff.reviewers()) {
        if (reviewer.user.channel === user.channel && reviewer.user.userId === user.userId) continue;
        ctx.notify(reviewer.user, [reviewRequest(ctx.tFor(reviewer.language), seller, !created)]);
      }
    }
  }

  async function onChoice(ctx: TurnContext, arg: string): Promise<void> {
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
        // Nothing in progress (e.g. the registration was saved): there is nothing to cancel.
        if (!data && ctx.conversation?.paused?.flow !== flow) return expired(ctx);
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
      case "save":
        if (step !== "summary") return expired(ctx);
        return save(ctx, data);
      case "edit":
        if (step !== "summary") return expired(ctx);
        return ask(ctx, "editField", data);
    }
    // A value button ("reg:cat:kuliner") acts only at the step that offered it.
    const pickStep = pickSteps[action];
    const pick = pickStep === step ? steps[step].pick : undefined;
    if (!pick) return expired(ctx);
    return apply(ctx, step, data, pick(value, data));
  }

  function expired(ctx: TurnContext) {
    ctx.ask(`${t(ctx, "expired")} ${t(ctx, "staleHint")}`, [
      { id: "reg", label: t(ctx, "menu.register") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);
  }

  async function handleStep(ctx: TurnContext, state: ConversationState): Promise<void> {
    const data = state.data as unknown as RegistrationData;
    const step = state.step as Step;
    const spec = steps[step];
    const { payload } = ctx.event;
    if (payload.kind === "contact" && spec.contact)
      return apply(ctx, step, data, spec.contact(payload.phone));
    if (payload.kind !== "text") return invalid(ctx, step, data, "invalid.notText");
    return apply(
      ctx,
      step,
      data,
      spec.read ? spec.read(payload.text, data, ctx) : { invalid: "invalid.useButtons" },
    );
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
    staleChoiceHint: (ctx) => t(ctx, "staleHint"),
    onFlowEvent,
    repeatStep: (ctx, state) => {
      const data = dataOf(state);
      if (data) ask(ctx, state.step as Step, data);
    },
    menuEntries: (ctx) => [{ id: "reg", label: t(ctx, "menu.register") }],
  };
}
