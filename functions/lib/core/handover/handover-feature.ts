// Human handover: a ticket relays a person's messages to staff and staff replies back, on both channels.
// While the ticket is open the bot answers nothing automatically for that person: the feature takes
// every event first (Feature.interceptInput) as long as their conversation is the ticket flow, which the
// router already loaded (no extra store read for anyone else).
import type { ConversationState, Language } from "../contact.js";
import type { InboundPayload, UserRef } from "../events.js";
import type { Feature } from "../feature.js";
import type { Translate } from "../i18n.js";
import type { Reviewer, StaffDirectory } from "../registration/ports.js";
import type { Choice, Reply } from "../replies.js";
import { normaliseKeyword, truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import {
  defaultOfficeHours,
  describeDays,
  describeOpening,
  describeTimes,
  isOfficeOpen,
  nextOfficeOpening,
  type OfficeHours,
} from "./office-hours.js";
import { closeTicketByStaff, maxRelayedChars, replyToTicket } from "./staff-actions.js";
import {
  parseTicketAndText,
  type Ticket,
  type TicketRepository,
  ticketFlow,
  ticketIdFrom,
  ticketIdIn,
} from "./ticket.js";

export interface HandoverDeps {
  readonly tickets: TicketRepository;
  /** Staff contacts and configured staff ids (used when no staff group is configured). */
  readonly staff: StaffDirectory;
  /** The Telegram staff group (STAFF_TELEGRAM_CHAT_ID): tickets go there instead of to every staff member. */
  readonly staffChat?: UserRef;
  /** A WhatsApp template is configured: a reply outside the 24-hour window goes out as that template. */
  readonly whatsappTemplate: boolean;
  /** When staff answer (OFFICE_HOURS); outside them the person is told when to expect an answer. */
  readonly officeHours?: OfficeHours;
  /**
   * The opt-out words ("BERHENTI", "STOP", /stop) keep working during a ticket: applied exactly as outside
   * one (the subscription feature's own handler), noted for staff, and the ticket stays open.
   */
  readonly optOut?: {
    isRequest(payload: InboundPayload): boolean;
    apply(ctx: TurnContext): void | Promise<void>;
  };
}

export interface HandoverFeature extends Feature {
  /** Opens a ticket for the person of this turn, with their latest questions as context for staff. */
  openTicket(ctx: TurnContext, questions: readonly string[]): Promise<void>;
}

/** What a person types to leave their ticket. */
const leaveWords = new Set([
  "batal",
  "selesai",
  "sudah selesai",
  "tutup",
  "tutup tiket",
  "keluar",
  "cancel",
  "done",
  "close",
]);
const leaveCommands = new Set(["batal", "selesai", "tutup", "cancel", "done"]);
const staffCommandPattern = /^\/?(balas|tutup|reply|close)\s+#?T[2-9A-HJ-NP-Z]{6}\b/i;

export function createHandoverFeature(deps: HandoverDeps): HandoverFeature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`handover:${key}`, options);
  const isStaff = (ctx: TurnContext) => ctx.contact.role === "staff";
  const same = (a: UserRef, b: UserRef) => a.channel === b.channel && a.userId === b.userId;
  const isStaffChat = (ctx: TurnContext) => !!deps.staffChat && same(ctx.event.user, deps.staffChat);
  const channelName = (channel: string) => (channel === "telegram" ? "Telegram" : "WhatsApp");
  const menuChoice = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });
  const closeChoice = (
    tr: (key: string, options: Record<string, unknown>) => unknown,
    id: string,
  ): Choice => ({
    id: `ho:close:${id}`,
    label: String(tr("handover:staff.closeButton", { id })),
  });
  const ownT = (ctx: TurnContext) => (key: string, options: Record<string, unknown>) => ctx.t(key, options);
  const personOf = (ticket: Ticket): UserRef => ({ channel: ticket.channel, userId: ticket.userId });
  const hours = deps.officeHours ?? defaultOfficeHours;

  /** Outside office hours: one line saying when staff work and when the answer can come. */
  function outsideHoursNote(ctx: TurnContext): string | undefined {
    const now = ctx.now.getTime();
    if (isOfficeOpen(hours, now)) return undefined;
    const opening = nextOfficeOpening(hours, now);
    const schedule = { days: describeDays(hours, ctx.language), times: describeTimes(hours, ctx.language) };
    if (opening === undefined) return t(ctx, "person.outsideHoursNoDate", schedule);
    return t(ctx, "person.outsideHours", { ...schedule, ...describeOpening(opening, ctx.language) });
  }
  const withHoursNote = (ctx: TurnContext, text: string) => {
    const note = outsideHoursNote(ctx);
    return note ? `${text}\n\n${note}` : text;
  };

  const staffTargets = async (): Promise<Reviewer[]> =>
    deps.staffChat ? [{ user: deps.staffChat, language: "id" }] : deps.staff.reviewers();

  async function toStaff(ctx: TurnContext, ticket: Ticket, build: (tr: Translate) => Reply) {
    for (const target of await staffTargets()) {
      if (same(target.user, personOf(ticket))) continue;
      ctx.notify(target.user, [build(ctx.tFor(target.language))]);
    }
  }

  function leaveTicketState(ctx: TurnContext, state: ConversationState) {
    ctx.setConversation(state.paused ? { flow: "idle", step: "idle", data: {}, paused: state.paused } : null);
  }

  /** The person's latest questions kept in the conversation (FAQ's last question, unanswered ones). */
  function questionsOf(state: ConversationState | null): string[] {
    const unanswered = Array.isArray(state?.data.unanswered) ? (state.data.unanswered as unknown[]) : [];
    const last = typeof state?.data.lastQuestion === "string" ? [state.data.lastQuestion] : [];
    return [...new Set([...unanswered.map(String), ...last])].slice(-3);
  }

  async function openTicket(ctx: TurnContext, questions: readonly string[]) {
    if (isStaff(ctx)) {
      ctx.ask(t(ctx, "person.staffCannotOpen"), [menuChoice(ctx)]);
      return;
    }
    let ticket: Ticket | null = null;
    for (let attempt = 0; !ticket && attempt < 5; attempt++) {
      ticket = await deps.tickets.open({
        id: ticketIdFrom(ctx.event.dedupeKey, attempt),
        user: ctx.event.user,
        name: ctx.contact.displayName ?? ctx.event.profile.name ?? "—",
        role: ctx.contact.role,
        language: ctx.language,
        questions: questions.map((question) => truncate(question, 300)),
        sourceKey: ctx.event.dedupeKey,
        now: ctx.now,
      });
    }
    if (!ticket) throw new Error("no free ticket id");
    const opened = ticket;
    const paused = ctx.conversation?.paused;
    ctx.setConversation({
      flow: ticketFlow,
      step: "open",
      data: { ticketId: opened.id },
      ...(paused ? { paused } : {}),
    });
    ctx.ask(withHoursNote(ctx, t(ctx, "person.opened", { id: opened.id })), [
      { id: "ho:done", label: t(ctx, "person.doneButton") },
    ]);
    await toStaff(ctx, opened, (tr) => {
      const lines = opened.questions.length
        ? opened.questions.map((question) => `• ${question}`).join("\n")
        : (tr("handover:staff.noQuestions") as string);
      return {
        text: tr("handover:staff.opened", {
          id: opened.id,
          name: opened.name,
          channel: channelName(opened.channel),
          role: tr(`handover:role.${opened.role}`),
          questions: lines,
        }) as string,
        choices: [closeChoice(tr, opened.id)],
      };
    });
  }

  function describe(ctx: TurnContext, payload: InboundPayload): string | undefined {
    switch (payload.kind) {
      case "text":
        return truncate(payload.text.trim(), maxRelayedChars);
      case "command":
        return truncate(`/${payload.command}${payload.args ? ` ${payload.args}` : ""}`, maxRelayedChars);
      case "photo":
        return t(ctx, "media.photo", { caption: payload.caption ?? "" }).trim();
      case "location":
        return t(ctx, "media.location", { latitude: payload.latitude, longitude: payload.longitude });
      case "contact":
        return t(ctx, "media.contact", { phone: payload.phone });
      case "unsupported":
        return t(ctx, "media.other", { what: payload.what });
      case "choice":
        return undefined;
    }
  }

  const wantsToLeave = (payload: InboundPayload) =>
    (payload.kind === "text" && leaveWords.has(normaliseKeyword(payload.text))) ||
    (payload.kind === "command" && leaveCommands.has(payload.command)) ||
    (payload.kind === "choice" && payload.choiceId === "ho:done");

  /** Everything the person sends while their ticket is open. false = the ticket is gone: route normally. */
  async function personInTicket(ctx: TurnContext, state: ConversationState): Promise<boolean> {
    const id = String(state.data.ticketId);
    const { payload } = ctx.event;
    if (wantsToLeave(payload)) {
      const closed = await deps.tickets.close(id, "person", ctx.now);
      leaveTicketState(ctx, state);
      ctx.ask(t(ctx, "person.closedByYou", { id }), [menuChoice(ctx)]);
      if (closed) {
        await toStaff(ctx, closed, (tr) => ({
          text: tr("handover:staff.closedByPerson", { id, name: closed.name }) as string,
        }));
      }
      return true;
    }
    if (deps.optOut?.isRequest(payload)) return optOutInTicket(ctx, state, id);
    const text = describe(ctx, payload);
    if (text === undefined) {
      // An old button: nothing to relay, but the bot stays out of the way.
      ctx.ask(t(ctx, "person.stillOpen", { id }), [{ id: "ho:done", label: t(ctx, "person.doneButton") }]);
      return true;
    }
    const ticket = await deps.tickets.recordPersonMessage(id, text, ctx.now);
    if (ticket?.status !== "open") {
      // Closed meanwhile (by staff or the idle job): the message is an ordinary one again.
      leaveTicketState(ctx, state);
      return false;
    }
    await toStaff(ctx, ticket, (tr) => ({
      text: tr("handover:staff.message", {
        id,
        name: ticket.name,
        channel: channelName(ticket.channel),
        text,
      }) as string,
      choices: [closeChoice(tr, id)],
    }));
    ctx.say(withHoursNote(ctx, t(ctx, "person.forwarded", { id })));
    return true;
  }

  /** "BERHENTI" in a ticket: the same opt-out as anywhere, a note to staff, and the ticket stays open. */
  async function optOutInTicket(ctx: TurnContext, state: ConversationState, id: string): Promise<boolean> {
    await deps.optOut?.apply(ctx);
    const note = t(ctx, "media.optOut");
    const ticket = await deps.tickets.recordPersonMessage(id, note, ctx.now);
    if (ticket?.status !== "open") {
      // Closed meanwhile: the opt-out stands, and there is no ticket left to tell.
      leaveTicketState(ctx, state);
      return true;
    }
    await toStaff(ctx, ticket, (tr) => ({
      text: tr("handover:staff.optedOut", {
        id,
        name: ticket.name,
        channel: channelName(ticket.channel),
      }) as string,
      choices: [closeChoice(tr, id)],
    }));
    ctx.ask(t(ctx, "person.optedOutTicketOpen", { id }), [
      { id: "ho:done", label: t(ctx, "person.doneButton") },
    ]);
    return true;
  }

  const refuse = (ctx: TurnContext) => ctx.ask(t(ctx, "staff.staffOnly"), [menuChoice(ctx)]);

  const shared = (ctx: TurnContext) => ({
    tickets: deps.tickets,
    whatsappTemplate: deps.whatsappTemplate,
    tFor: (language: Language) => ctx.tFor(language),
  });

  async function relay(ctx: TurnContext, id: string, text: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    if (!text) return ctx.say(t(ctx, "staff.usage"));
    // The inbound update is the key: a retried turn records the reply once (and sends its notice again).
    const outcome = await replyToTicket(shared(ctx), {
      id,
      text,
      staff: ctx.event.user,
      key: `chat:${ctx.event.dedupeKey}`,
      now: ctx.now,
    });
    if (outcome.status === "missing") return ctx.say(t(ctx, "staff.notFound", { id }));
    if (outcome.status === "closed") return ctx.say(t(ctx, "staff.alreadyClosed", { id }));
    const name = outcome.ticket.name;
    if (outcome.status === "outsideWindow")
      return ctx.ask(t(ctx, "staff.outsideWindow", { id, name }), [closeChoice(ownT(ctx), id)]);
    const { notice } = outcome;
    ctx.notify(notice.to, notice.replies, notice.purpose);
    ctx.ask(t(ctx, outcome.outsideWindow ? "staff.sentTemplate" : "staff.sent", { id, name }), [
      closeChoice(ownT(ctx), id),
    ]);
  }

  async function closeByStaff(ctx: TurnContext, id: string) {
    if (!isStaff(ctx)) return refuse(ctx);
    const outcome = await closeTicketByStaff(shared(ctx), { id, staff: ctx.event.user, now: ctx.now });
    if (outcome.status !== "closed")
      return ctx.say(t(ctx, outcome.status === "already" ? "staff.alreadyClosed" : "staff.notFound", { id }));
    ctx.say(t(ctx, "staff.closed", { id, name: outcome.ticket.name }));
    ctx.notify(outcome.notice.to, outcome.notice.replies);
  }

  async function listOpen(ctx: TurnContext) {
    if (!isStaff(ctx)) return refuse(ctx);
    const open = (await deps.tickets.listOpen()).sort((a, b) => a.openedAt - b.openedAt);
    if (!open.length) return ctx.say(t(ctx, "staff.noneOpen"));
    const lines = open.map((ticket) =>
      t(ctx, "staff.listLine", {
        id: ticket.id,
        name: ticket.name,
        channel: channelName(ticket.channel),
        messages: ticket.messages,
        answered: ticket.firstResponseAt ? "✅" : "⏳",
      }),
    );
    ctx.say(
      `${t(ctx, "staff.listTitle", { count: open.length })}\n${lines.join("\n")}\n\n${t(ctx, "staff.usage")}`,
    );
  }

  /** "/balas T4KX9PQ teks", "balas T4KX9PQ teks" (typed), with the arguments wherever they are. */
  const argumentsOf = (ctx: TurnContext): string => {
    const { payload } = ctx.event;
    if (payload.kind === "command") return payload.args;
    if (payload.kind === "text") return payload.text.trim().replace(/^\/?\S+\s*/, "");
    return "";
  };

  const staffCommand =
    (run: (ctx: TurnContext, id: string, text: string) => Promise<unknown>) => async (ctx: TurnContext) => {
      if (!isStaff(ctx)) return void refuse(ctx);
      const parsed = parseTicketAndText(argumentsOf(ctx));
      if (!parsed) return void ctx.say(t(ctx, "staff.usage"));
      await run(ctx, parsed.id, parsed.text);
    };

  return {
    name: ticketFlow,
    openTicket,
    commands: {
      petugas: (ctx) => openTicket(ctx, questionsOf(ctx.conversation)),
      balas: staffCommand(relay),
      reply: staffCommand(relay),
      tutup: staffCommand((ctx, id) => closeByStaff(ctx, id)),
      tiket: listOpen,
    },
    keywords: {
      "hubungi petugas": "petugas",
      "hubungi admin": "petugas",
      "bicara dengan petugas": "petugas",
      "chat petugas": "petugas",
      "minta petugas": "petugas",
      "contact staff": "petugas",
      "talk to staff": "petugas",
      "daftar tiket": "tiket",
      "tiket terbuka": "tiket",
    },
    matchKeyword(text) {
      const match = staffCommandPattern.exec(text.trim());
      if (!match) return undefined;
      const verb = match[1]!.toLowerCase();
      return verb === "tutup" || verb === "close" ? "tutup" : "balas";
    },
    choicePrefix: "ho",
    async onChoice(ctx, arg) {
      const [action, value = ""] = arg.split(/:(.*)/s, 2);
      if (action === "open") return openTicket(ctx, questionsOf(ctx.conversation));
      if (action === "close") return closeByStaff(ctx, value.toUpperCase());
      // "ho:done" outside a ticket: the ticket was already closed.
      ctx.ask(t(ctx, "person.noTicket"), [menuChoice(ctx)]);
    },
    async interceptInput(ctx) {
      const state = ctx.conversation;
      if (state?.flow === ticketFlow) return personInTicket(ctx, state);
      const { payload } = ctx.event;
      if (payload.kind !== "text" || !payload.replyTo) return false;
      // A staff reply (Telegram "reply") to a forwarded ticket message: the ticket id is in its text.
      const id = ticketIdIn(payload.replyTo.text);
      if (id && isStaff(ctx)) {
        await relay(ctx, id, payload.text.trim());
        return true;
      }
      if (isStaffChat(ctx)) {
        ctx.say(t(ctx, "staff.usage"));
        return true;
      }
      return false;
    },
  };
}
