// Training sessions in chat: anyone sees what is coming; sellers (and everyone, when a session allows)
// sign up and withdraw; staff add, edit and cancel sessions and see the participants. Staff actions are
// authorised server-side on every step (callback data and flow steps can be replayed or forged).
import type { ConversationState } from "../contact.js";
import type { Feature } from "../feature.js";
import type { SellerRepository } from "../registration/seller.js";
import type { Choice } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import {
  type AddStep,
  addSteps,
  addStepTable,
  type EditableField,
  editableFields,
  nextAddStep,
  type TrainingDraft,
} from "./add-steps.js";
import { cancelSession as cancelAndTell, describeSession, editSession } from "./session-changes.js";
import { draftOfSession, readFields, sessionFromDraft } from "./session-rules.js";
import {
  formatWhen,
  isOpenForSignUp,
  isUpcoming,
  seatOf,
  seatsLeft,
  sessionIdFrom,
  type TrainingRepository,
  type TrainingSession,
} from "./training.js";

export interface TrainingDeps {
  readonly trainings: TrainingRepository;
  readonly sellers: SellerRepository;
}

const flow = "training";
type Draft = TrainingDraft;

export function createTrainingFeature(deps: TrainingDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`training:${key}`, options);
  const isStaff = (ctx: TurnContext) => ctx.contact.role === "staff";
  const menuChoice = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });
  const listChoice = (ctx: TurnContext): Choice => ({ id: "tr:list", label: t(ctx, "menu.list") });
  const refuse = (ctx: TurnContext) => ctx.ask(t(ctx, "staffOnly"), [menuChoice(ctx)]);
  const summary = (ctx: TurnContext, session: TrainingSession) =>
    describeSession((key, options) => ctx.t(key, options), session, ctx.language);

  const changeDeps = (ctx: TurnContext) => ({
    trainings: deps.trainings,
    tFor: (language: "id" | "en") => ctx.tFor(language),
  });

  const details = (ctx: TurnContext, session: TrainingSession) =>
    [
      summary(ctx, session),
      t(ctx, "session.seats", { left: seatsLeft(session), quota: session.quota }),
      t(ctx, "session.deadline", { when: formatWhen(session.deadline, ctx.language) }),
      t(ctx, session.openToAll ? "session.openToAll" : "session.sellersOnly"),
    ].join("\n");

  async function showList(ctx: TurnContext) {
    const upcoming = (await deps.trainings.listScheduled()).filter((session) => isUpcoming(session, ctx.now));
    const staffChoices = isStaff(ctx) ? [{ id: "tr:add", label: t(ctx, "staff.addButton") }] : [];
    if (!upcoming.length) {
      return ctx.ask(t(ctx, "list.empty"), [...staffChoices, menuChoice(ctx)]);
    }
    const mine = seatOf(ctx.event.user);
    const lines = upcoming.slice(0, 10).map((session, index) =>
      t(ctx, "list.line", {
        n: index + 1,
        title: session.title,
        when: formatWhen(session.startsAt, ctx.language),
        left: seatsLeft(session),
        mark: session.seats.includes(mine) ? "✅ " : "",
      }),
    );
    ctx.ask(
      `${t(ctx, "list.title")}\n\n${lines.join("\n")}`,
      [
        ...upcoming
          .slice(0, 10)
          .map((session) => ({ id: `tr:s:${session.id}`, label: truncate(session.title, 60) })),
        ...staffChoices,
        menuChoice(ctx),
      ],
      { choicesTitle: t(ctx, "list.choose") },
    );
  }

  async function showSession(ctx: TurnContext, id: string) {
    const session = await deps.trainings.get(id);
    if (session?.status !== "scheduled") return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    const registered = session.seats.includes(seatOf(ctx.event.user));
    const choices: Choice[] = [];
    if (registered) choices.push({ id: `tr:out:${id}`, label: t(ctx, "session.withdrawButton") });
    else if (isOpenForSignUp(session, ctx.now))
      choices.push({ id: `tr:in:${id}`, label: t(ctx, "session.signUpButton") });
    if (isStaff(ctx)) {
      choices.push(
        { id: `tr:p:${id}`, label: t(ctx, "staff.participantsButton") },
        { id: `tr:e:${id}`, label: t(ctx, "staff.editButton") },
        { id: `tr:x:${id}`, label: t(ctx, "staff.cancelButton") },
      );
    }
    choices.push(listChoice(ctx));
    ctx.ask(`${details(ctx, session)}${registered ? `\n\n${t(ctx, "session.youAreIn")}` : ""}`, choices);
  }

  async function signUp(ctx: TurnContext, id: string) {
    const session = await deps.trainings.get(id);
    if (session?.status !== "scheduled") return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    if (!session.openToAll && ctx.contact.role !== "seller") {
      return ctx.ask(t(ctx, "signUp.sellersOnly"), [
        { id: "reg", label: ctx.t("registration:menu.register") },
        listChoice(ctx),
      ]);
    }
    const seller = ctx.contact.role === "seller" ? await deps.sellers.get(ctx.event.user) : null;
    const result = await deps.trainings.signUp(
      id,
      {
        ...ctx.event.user,
        name: seller?.ownerName ?? ctx.contact.displayName ?? ctx.event.profile.name ?? "—",
        role: ctx.contact.role,
        language: ctx.language,
        ...(seller ? { businessName: seller.businessName, phone: seller.phone } : {}),
        registeredAt: ctx.now.getTime(),
      },
      ctx.now,
    );
    if (result.status === "missing") return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    const key = `signUp.${result.status}`;
    ctx.ask(`${t(ctx, key, { title: result.session.title })}\n\n${summary(ctx, result.session)}`, [
      ...(result.status === "registered" || result.status === "already"
        ? [{ id: `tr:out:${id}`, label: t(ctx, "session.withdrawButton") }]
        : []),
      listChoice(ctx),
    ]);
  }

  async function withdraw(ctx: TurnContext, id: string) {
    const result = await deps.trainings.withdraw(id, ctx.event.user, ctx.now);
    ctx.ask(t(ctx, `withdraw.${result}`), [listChoice(ctx), menuChoice(ctx)]);
  }

  async function participants(ctx: TurnContext, id: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    const session = await deps.trainings.get(id);
    if (!session) return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    const people = await deps.trainings.participants(id);
    const lines = people.map(
      (person, index) =>
        `${index + 1}. ${person.name}${person.businessName ? ` (${person.businessName})` : ""} · ${person.channel === "telegram" ? "Telegram" : "WhatsApp"}${person.phone ? ` · ${person.phone}` : ""}`,
    );
    ctx.ask(
      `${t(ctx, "staff.participantsTitle", { title: session.title, count: people.length, quota: session.quota })}\n${lines.join("\n") || t(ctx, "staff.noParticipants")}\n\n${t(ctx, "staff.csvHint", { id })}`,
      [{ id: `tr:s:${id}`, label: t(ctx, "staff.backToSession") }],
    );
  }

  async function askCancel(ctx: TurnContext, id: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    const session = await deps.trainings.get(id);
    if (session?.status !== "scheduled") return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    ctx.ask(t(ctx, "staff.confirmCancel", { title: session.title, count: session.seats.length }), [
      { id: `tr:xy:${id}`, label: t(ctx, "staff.confirmCancelButton") },
      { id: `tr:s:${id}`, label: t(ctx, "staff.keepButton") },
    ]);
  }

  async function cancelSession(ctx: TurnContext, id: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    const result = await cancelAndTell(changeDeps(ctx), id, ctx.now, (notice) =>
      ctx.notify(notice.to, notice.replies, notice.purpose),
    );
    if (!result) return ctx.ask(t(ctx, "staff.alreadyCancelled"), [listChoice(ctx)]);
    ctx.ask(t(ctx, "staff.cancelled", { title: result.session.title, count: result.told }), [
      listChoice(ctx),
    ]);
  }

  // ---- Staff: add a session step by step, or change one field of it.

  const draftOf = (state: ConversationState | null): Draft => (state?.data.draft as Draft | undefined) ?? {};

  function ask(ctx: TurnContext, step: AddStep, draft: Draft, problem?: string) {
    ctx.setConversation({ flow, step, data: { draft } });
    const preview = (d: Draft) => {
      const session = previewOf(d);
      return session ? details(ctx, session) : "";
    };
    const { text, choices } = addStepTable[step].ask(ctx, draft, preview);
    return ctx.ask(problem ? `${problem}\n\n${text}` : text, choices);
  }

  const previewOf = (draft: Draft, id = "P??????", ctx?: TurnContext): TrainingSession | undefined =>
    sessionFromDraft(draft, id, ctx?.now ?? new Date(0), ctx?.event.user);

  async function saveDraft(ctx: TurnContext, draft: Draft) {
    const preview = previewOf(draft, sessionIdFrom(ctx.event.dedupeKey), ctx);
    if (!preview) return ask(ctx, "title", {});
    const { status: _s, seats: _seats, ...input } = preview;
    const session = await deps.trainings.create(input);
    ctx.setConversation(null);
    ctx.ask(`${t(ctx, "add.saved", { id: session.id })}\n\n${details(ctx, session)}`, [
      { id: `tr:s:${session.id}`, label: truncate(session.title, 60) },
      listChoice(ctx),
    ]);
  }

  async function editChoose(ctx: TurnContext, id: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    const session = await deps.trainings.get(id);
    if (session?.status !== "scheduled") return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    ctx.ask(t(ctx, "edit.choose", { title: session.title }), [
      ...editableFields.map((field) => ({
        id: `tr:ef:${id}:${field}`,
        label: t(ctx, `edit.field.${field}`),
      })),
      { id: `tr:s:${id}`, label: t(ctx, "staff.backToSession") },
    ]);
  }

  async function applyEdit(ctx: TurnContext, id: string, field: EditableField, text: string) {
    const session = await deps.trainings.get(id);
    if (session?.status !== "scheduled") {
      ctx.setConversation(null);
      return ctx.ask(t(ctx, "missing"), [listChoice(ctx)]);
    }
    const parsed = readFields({ [field]: text }, ctx.now, draftOfSession(session));
    if ("problem" in parsed)
      return ctx.ask(`${t(ctx, `problem.${parsed.problem}`)}\n\n${t(ctx, `add.${field}`)}`, [
        { id: "tr:stop", label: ctx.t("registration:choice.cancel") },
      ]);
    // The draft carries the kept date and time too: an unchanged start stays as it is.
    const edit = await editSession(changeDeps(ctx), id, parsed, ctx.now);
    // Participants hear of a new date, time or place on their own channel.
    for (const notice of edit.status === "updated" ? edit.notices : [])
      ctx.notify(notice.to, notice.replies, notice.purpose);
    const result = edit.status;
    ctx.setConversation(null);
    if (result !== "updated")
      return ctx.ask(t(ctx, `edit.${result}`), [{ id: `tr:s:${id}`, label: t(ctx, "staff.backToSession") }]);
    await showSession(ctx, id);
    ctx.replies.unshift({ text: t(ctx, "edit.saved") });
  }

  return {
    name: flow,
    commands: {
      pelatihan: showList,
      training: showList,
    },
    keywords: {
      "jadwal pelatihan": "pelatihan",
      "daftar pelatihan": "pelatihan",
      "ikut pelatihan": "pelatihan",
      "pelatihan terdekat": "pelatihan",
      "training schedule": "pelatihan",
    },
    choicePrefix: "tr",
    async onChoice(ctx, arg) {
      const [action = "", rest = ""] = arg.split(/:(.*)/s, 2);
      const state = ctx.conversation?.flow === flow ? ctx.conversation : null;
      switch (action) {
        case "list":
          return showList(ctx);
        case "s":
          return showSession(ctx, rest);
        case "in":
          return signUp(ctx, rest);
        case "out":
          return withdraw(ctx, rest);
        case "p":
          return participants(ctx, rest);
        case "x":
          return askCancel(ctx, rest);
        case "xy":
          return cancelSession(ctx, rest);
        case "e":
          return editChoose(ctx, rest);
        case "ef": {
          if (!isStaff(ctx)) return refuse(ctx);
          const [id = "", field = ""] = rest.split(":");
          if (!(editableFields as readonly string[]).includes(field)) return editChoose(ctx, id);
          ctx.setConversation({ flow, step: "edit", data: { id, field } });
          return ctx.ask(t(ctx, `add.${field}`), [
            { id: "tr:stop", label: ctx.t("registration:choice.cancel") },
          ]);
        }
        case "add":
          if (!isStaff(ctx)) return refuse(ctx);
          return ask(ctx, "title", {});
        case "tp":
        case "o": {
          if (!isStaff(ctx)) return refuse(ctx);
          // A step's button acts only at that step.
          const step = state?.step as AddStep | undefined;
          const change = step && addStepTable[step]?.pick?.(action, rest);
          if (!state || !step || !change) break;
          return ask(ctx, nextAddStep(step), { ...draftOf(state), ...change });
        }
        case "save":
          if (!isStaff(ctx)) return refuse(ctx);
          if (state?.step !== "confirm") break;
          return saveDraft(ctx, draftOf(state));
        case "stop":
          ctx.setConversation(null);
          return ctx.ask(ctx.t("cancel.done"), [listChoice(ctx), menuChoice(ctx)]);
      }
      ctx.ask(ctx.t("errors.choiceExpired"), [listChoice(ctx)]);
    },
    async onFlowEvent(ctx, state) {
      if (!isStaff(ctx)) {
        ctx.setConversation(null);
        refuse(ctx);
        return true;
      }
      const text = ctx.event.payload.kind === "text" ? ctx.event.payload.text : "";
      if (state.step === "edit") {
        await applyEdit(ctx, String(state.data.id), String(state.data.field) as EditableField, text);
        return true;
      }
      const draft = draftOf(state);
      const step = state.step as AddStep;
      const read = addStepTable[step]?.read;
      // A step that wants a button (topic, open, confirm): the question again.
      const parsed = read ? read(ctx, text, draft) : "";
      if (typeof parsed === "string") {
        ctx.rejectAnswer();
        ask(ctx, step, draft, parsed || undefined);
        return true;
      }
      ask(ctx, nextAddStep(step), { ...draft, ...parsed });
      return true;
    },
    repeatStep: (ctx, state) => {
      if ((addSteps as readonly string[]).includes(state.step))
        ask(ctx, state.step as AddStep, draftOf(state));
    },
    takesNumber: (state) => state.step === "quota" || (state.step === "edit" && state.data.field === "quota"),
    menuEntries: (ctx) => [{ id: "tr:list", label: t(ctx, "menu.list") }],
  };
}

/**
 * Shows the training schedule where people look for it in the FAQ: the "Pelatihan" group menu and the
 * jadwal-pelatihan answer get a "Jadwal pelatihan" button (composition-root decoration: the FAQ
 * feature stays unaware of trainings).
 */
export function withTrainingSchedule(faq: Feature): Feature {
  const button = (ctx: TurnContext): Choice => ({ id: "tr:list", label: ctx.t("training:menu.list") });
  const addButton = (ctx: TurnContext, from: number) => {
    const index = ctx.replies.findIndex((reply, i) => i >= from && reply.choices?.length);
    const reply = ctx.replies[index];
    if (!reply?.choices) return;
    ctx.replies[index] = { ...reply, choices: [button(ctx), ...reply.choices] };
  };
  const answeredSchedule = (ctx: TurnContext) =>
    ctx.conversationResult?.data.lastTopic === "jadwal-pelatihan";
  return {
    ...faq,
    async onChoice(ctx, arg) {
      const mark = ctx.replies.length;
      await faq.onChoice?.(ctx, arg);
      if (arg === "g:pelatihan" || (arg === "t:jadwal-pelatihan" && answeredSchedule(ctx)))
        addButton(ctx, mark);
    },
    async onFreeText(ctx, text, understanding) {
      const mark = ctx.replies.length;
      const handled = (await faq.onFreeText?.(ctx, text, understanding)) ?? false;
      if (handled && answeredSchedule(ctx)) addButton(ctx, mark);
      return handled;
    },
  };
}
