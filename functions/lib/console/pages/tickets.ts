// Tickets inbox: the handover tickets (filter, search, CSV), one ticket with its history, and the staff
// actions of the chat (reply on the person's channel, close) through the same core, plus claim/assign and
// internal notes. Every state change is audited; a reply is sent once per form submission (its key).
import * as z from "zod";
import enStrings from "../../../../locales/en/console-tickets.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-tickets.json" with { type: "json" };
import type { Language } from "../../core/contact.js";
import { closeTicketByStaff, replyToTicket, replyWindow } from "../../core/handover/staff-actions.js";
import type { Ticket, TicketAssignee, TicketRepository } from "../../core/handover/ticket.js";
import type { Translate } from "../../core/i18n.js";
import type { Clock } from "../../core/ports.js";
import type { StaffAdmin } from "../../store/staff-directory.js";
import type { Notify } from "../notify.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface TicketsPageDeps {
  readonly tickets: TicketRepository;
  /** Staff contacts: whom a ticket can be assigned to. */
  readonly staffDirectory: Pick<StaffAdmin, "listStaffContacts">;
  /** The WhatsApp template a reply outside the 24-hour window goes out as, if configured. */
  readonly whatsappTemplate?: string;
  readonly tFor: (language: Language) => Translate;
  readonly notify: Notify;
  readonly clock: Clock;
}

const filters = ["active", "open", "claimed", "mine", "closed", "all"] as const;
const listSchema = z.object({
  status: z.enum(filters).default("active"),
  q: z.string().trim().max(100).default(""),
});
const ticketId = z.string().regex(/^T[2-9A-HJ-NP-Z]{6}$/);
const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const oneSchema = z.object({ id: ticketId });
const replySchema = z.strictObject({
  id: ticketId,
  text: z.string().trim().min(1).max(1500),
  key: submissionKey,
});
const noteSchema = replySchema;
const assignSchema = z.strictObject({
  id: ticketId,
  /** "me" claims it; a staff member's "<channel>:<id>" assigns it; null releases it. */
  to: z.union([z.literal("me"), z.string().regex(/^(telegram|whatsapp):\d{1,20}$/), z.null()]),
});
const closeSchema = z.strictObject({ id: ticketId });

const csvColumns = [
  "id",
  "state",
  "channel",
  "name",
  "role",
  "assignee",
  "openedAt",
  "lastActivityAt",
  "messages",
  "staffReplies",
  "firstResponseMinutes",
  "closedAt",
  "closedReason",
] as const;

/** open / claimed / closed, as the inbox shows it. */
const stateOf = (ticket: Ticket) =>
  ticket.status === "closed" ? "closed" : ticket.assignee ? "claimed" : "open";

export function createTicketsPage(deps: TicketsPageDeps): ConsolePage {
  const template = deps.whatsappTemplate;

  const view = (ticket: Ticket, now: Date) => {
    const window = replyWindow(ticket, now);
    return {
      id: ticket.id,
      state: stateOf(ticket),
      channel: ticket.channel,
      name: ticket.name,
      role: ticket.role,
      language: ticket.language,
      openedAt: ticket.openedAt,
      lastActivityAt: ticket.lastActivityAt,
      messages: ticket.messages,
      staffReplies: ticket.staffReplies ?? 0,
      questions: ticket.questions,
      ...(ticket.firstResponseMs !== undefined ? { firstResponseMs: ticket.firstResponseMs } : {}),
      ...(ticket.assignee ? { assignee: ticket.assignee } : {}),
      ...(ticket.closedAt ? { closedAt: ticket.closedAt, closedReason: ticket.closedReason } : {}),
      // WhatsApp's 24-hour window: outside it a reply goes as the template (or cannot go without one).
      window: { open: window.open, ...(window.until ? { until: window.until } : {}) },
    };
  };

  async function matching(call: ConsoleCall) {
    const parsed = listSchema.safeParse(call.query);
    if (!parsed.success) return undefined;
    const { status, q } = parsed.data;
    const needle = q.toLocaleLowerCase("id");
    const keep = (ticket: Ticket) => {
      const state = stateOf(ticket);
      if (status === "active" && state === "closed") return false;
      if ((status === "open" || status === "claimed" || status === "closed") && state !== status)
        return false;
      if (status === "mine" && (state === "closed" || ticket.assignee?.actor !== call.actor)) return false;
      if (!needle) return true;
      return [ticket.id, ticket.name, ...ticket.questions].some((field) =>
        field.toLocaleLowerCase("id").includes(needle),
      );
    };
    const source = status === "active" || status === "open" || status === "claimed" || status === "mine";
    const all = source ? await deps.tickets.listOpen() : await deps.tickets.listAll();
    const now = deps.clock.now();
    return all
      .filter(keep)
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt)
      .map((ticket) => view(ticket, now));
  }

  async function staffChoices(call: ConsoleCall): Promise<TicketAssignee[]> {
    const contacts = await deps.staffDirectory.listStaffContacts();
    const choices = contacts
      .filter((contact) => contact.role === "staff" && /^\d+$/.test(contact.userId))
      .map((contact) => {
        const actor = `${contact.channel}:${contact.userId}`;
        return { actor, name: contact.displayName ?? actor };
      });
    if (!choices.some((choice) => choice.actor === call.actor))
      choices.push({ actor: call.actor, name: call.staff.name ?? call.actor });
    return choices.sort((a, b) => a.name.localeCompare(b.name, "id"));
  }

  return {
    id: "tickets",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "tickets",
        async handle(call) {
          const tickets = await matching(call);
          if (!tickets) return badRequest();
          return apiJson(200, {
            tickets,
            me: call.actor,
            staff: await staffChoices(call),
            template: template ? { configured: true, name: template } : { configured: false },
          });
        },
      },
      {
        method: "GET",
        path: "tickets.csv",
        async handle(call) {
          const tickets = await matching(call);
          if (!tickets) return badRequest();
          const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : "");
          const rows = tickets.map((ticket) => ({
            ...ticket,
            assignee: ticket.assignee?.name ?? "",
            openedAt: iso(ticket.openedAt),
            lastActivityAt: iso(ticket.lastActivityAt),
            closedAt: iso(ticket.closedAt),
            closedReason: ticket.closedReason ?? "",
            firstResponseMinutes:
              ticket.firstResponseMs === undefined ? "" : Math.round(ticket.firstResponseMs / 60_000),
          }));
          await call.audit("ticket.export", "tickets", undefined, { rows: rows.length });
          return csvDownload("tiket.csv", rows, csvColumns);
        },
      },
      {
        method: "GET",
        path: "tickets/one",
        async handle(call) {
          const parsed = oneSchema.safeParse(call.query);
          if (!parsed.success) return badRequest();
          const ticket = await deps.tickets.get(parsed.data.id);
          if (!ticket) return apiJson(404, { error: "missing" });
          const history = await deps.tickets.history(ticket.id);
          return apiJson(200, { ticket: view(ticket, deps.clock.now()), history });
        },
      },
      {
        method: "POST",
        path: "tickets/reply",
        async handle(call) {
          const parsed = replySchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const { id, text, key } = parsed.data;
          const outcome = await replyToTicket(
            { tickets: deps.tickets, whatsappTemplate: !!template, tFor: deps.tFor },
            { id, text, staff: call.staff.user, key: `console:${call.actor}:${key}`, now: deps.clock.now() },
          );
          if (outcome.status === "missing") return apiJson(404, { error: "missing" });
          if (outcome.status === "closed") return apiJson(409, { error: "closed" });
          if (outcome.status === "outsideWindow") return apiJson(409, { error: "outside-window" });
          // A second submission of the same form: recorded and sent the first time.
          if (outcome.status === "duplicate") return apiJson(200, { ok: true, duplicate: true });
          await call.audit("ticket.reply", id, undefined, {
            chars: text.length,
            asTemplate: outcome.outsideWindow,
          });
          // After the reply is stored, like the chat path: the person gets it on their own channel.
          await deps.notify(outcome.notice, `console:ticket:${id}:${call.actor}:${key}`);
          return apiJson(200, { ok: true, asTemplate: outcome.outsideWindow });
        },
      },
      {
        method: "POST",
        path: "tickets/note",
        async handle(call) {
          const parsed = noteSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const { id, text, key } = parsed.data;
          const result = await deps.tickets.addNote(
            id,
            { key: `console:${call.actor}:${key}`, by: call.actor, text },
            deps.clock.now(),
          );
          if (result === "missing") return apiJson(404, { error: "missing" });
          if (result === "duplicate") return apiJson(200, { ok: true, duplicate: true });
          // The note's text stays in the ticket's history (deleted with the person's data), not in the audit log.
          await call.audit("ticket.note", id, undefined, { chars: text.length });
          return apiJson(200, { ok: true });
        },
      },
      {
        method: "POST",
        path: "tickets/assign",
        async handle(call) {
          const parsed = assignSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const { id, to } = parsed.data;
          let assignee: TicketAssignee | null = null;
          if (to === "me") assignee = { actor: call.actor, name: call.staff.name ?? call.actor };
          else if (to) {
            assignee = (await staffChoices(call)).find((choice) => choice.actor === to) ?? null;
            if (!assignee) return apiJson(400, { error: "not-staff" });
          }
          const result = await deps.tickets.assign(id, assignee, deps.clock.now(), call.actor);
          if (result.status === "missing") return apiJson(404, { error: "missing" });
          if (result.status === "closed") return apiJson(409, { error: "closed" });
          await call.audit(
            assignee?.actor === call.actor ? "ticket.claim" : "ticket.assign",
            id,
            { assignee: result.before.assignee?.actor ?? null },
            { assignee: assignee?.actor ?? null },
          );
          return apiJson(200, { ok: true, assignee });
        },
      },
      {
        method: "POST",
        path: "tickets/close",
        async handle(call) {
          const parsed = closeSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const outcome = await closeTicketByStaff(
            { tickets: deps.tickets, whatsappTemplate: !!template, tFor: deps.tFor },
            { id: parsed.data.id, staff: call.staff.user, now: deps.clock.now() },
          );
          if (outcome.status === "missing") return apiJson(404, { error: "missing" });
          if (outcome.status === "already") return apiJson(409, { error: "closed" });
          await call.audit("ticket.close", parsed.data.id, { status: "open" }, { status: "closed" });
          await deps.notify(outcome.notice, `console:ticket-close:${parsed.data.id}`);
          return apiJson(200, { ok: true });
        },
      },
    ],
  };
}
