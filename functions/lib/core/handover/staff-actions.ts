// What staff do to a ticket, shared by the chat (/balas, /tutup, buttons) and the staff console: the
// store's conditional writes make each action happen once; the person's notice is built here for both.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Translate } from "../i18n.js";
import { truncate } from "../text.js";
import type { Notification } from "../turn.js";
import { type Ticket, type TicketRepository, whatsappWindowMs } from "./ticket.js";

export interface TicketStaffDeps {
  readonly tickets: TicketRepository;
  /** A WhatsApp template is configured: a reply outside the 24-hour window goes out as that template. */
  readonly whatsappTemplate: boolean;
  /** A translator for the person's language. */
  readonly tFor: (language: Language) => Translate;
}

export const maxRelayedChars = 1500;

const actorOf = (user: UserRef) => `${user.channel}:${user.userId}`;
const personOf = (ticket: Ticket): UserRef => ({ channel: ticket.channel, userId: ticket.userId });

/** WhatsApp's 24-hour window for this ticket's person (always open on Telegram). */
export function replyWindow(ticket: Ticket, now: Date): { readonly open: boolean; readonly until?: number } {
  if (ticket.channel !== "whatsapp") return { open: true };
  const until = ticket.lastPersonAt + whatsappWindowMs;
  return { open: now.getTime() < until, until };
}

export type TicketReplyOutcome =
  /** Recorded now: send `notice` (as the template when `outsideWindow`). */
  | {
      readonly status: "sent";
      readonly ticket: Ticket;
      readonly notice: Notification;
      readonly outsideWindow: boolean;
    }
  /** The same key was recorded before; `notice` is what that reply sent (a retried turn sends it again). */
  | {
      readonly status: "duplicate";
      readonly ticket: Ticket;
      readonly notice: Notification;
      readonly outsideWindow: boolean;
    }
  /** WhatsApp's window is closed and no template is configured: nothing was recorded. */
  | { readonly status: "outsideWindow"; readonly ticket: Ticket }
  | { readonly status: "closed"; readonly ticket: Ticket }
  | { readonly status: "missing" };

export interface TicketReplyInput {
  readonly id: string;
  readonly text: string;
  readonly staff: UserRef;
  /** Makes the reply happen once (the inbound update, or the console form's submission). */
  readonly key: string;
  readonly now: Date;
}

/** A staff reply relayed to the person on their own channel, recorded once per key. */
export async function replyToTicket(
  deps: TicketStaffDeps,
  input: TicketReplyInput,
): Promise<TicketReplyOutcome> {
  const ticket = await deps.tickets.get(input.id);
  if (!ticket) return { status: "missing" };
  if (ticket.status !== "open") return { status: "closed", ticket };
  const outsideWindow = !replyWindow(ticket, input.now).open;
  if (outsideWindow && !deps.whatsappTemplate) return { status: "outsideWindow", ticket };
  const relayed = truncate(input.text, maxRelayedChars);
  const result = await deps.tickets.recordStaffReply(input.id, input.now, {
    key: input.key,
    by: actorOf(input.staff),
    text: relayed,
  });
  if (result.status === "missing") return { status: "missing" };
  if (result.status === "closed") return { status: "closed", ticket: result.ticket };
  const personT = deps.tFor(ticket.language);
  const notice: Notification = {
    to: personOf(ticket),
    replies: [{ text: personT("handover:person.staffReply", { id: ticket.id, text: relayed }) }],
    purpose: { name: "ticket_reply", params: { ticket: ticket.id, reply: relayed } },
  };
  return {
    status: result.status === "duplicate" ? "duplicate" : "sent",
    ticket: result.ticket,
    notice,
    outsideWindow,
  };
}

export type TicketCloseOutcome =
  | { readonly status: "closed"; readonly ticket: Ticket; readonly notice: Notification }
  | { readonly status: "already"; readonly ticket: Ticket }
  | { readonly status: "missing" };

/** Staff close a ticket: the person's conversation leaves the ticket flow and they are told. */
export async function closeTicketByStaff(
  deps: TicketStaffDeps,
  input: { readonly id: string; readonly staff: UserRef; readonly now: Date },
): Promise<TicketCloseOutcome> {
  const closed = await deps.tickets.close(input.id, "staff", input.now, { by: actorOf(input.staff) });
  if (!closed) {
    const existing = await deps.tickets.get(input.id);
    return existing ? { status: "already", ticket: existing } : { status: "missing" };
  }
  const personT = deps.tFor(closed.language);
  return {
    status: "closed",
    ticket: closed,
    notice: {
      to: personOf(closed),
      replies: [{ text: personT("handover:person.closedByStaff", { id: closed.id }) }],
    },
  };
}
