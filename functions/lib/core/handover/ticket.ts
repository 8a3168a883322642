// A handover ticket: one person's conversation with staff, relayed by the bot in both directions.
import { createHash } from "node:crypto";
import type { Language, Role } from "../contact.js";
import type { Channel, UserRef } from "../events.js";

export const ticketStatuses = ["open", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export type CloseReason = "person" | "staff" | "idle";

export interface Ticket {
  readonly id: string;
  readonly channel: Channel;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly language: Language;
  readonly status: TicketStatus;
  readonly openedAt: number;
  /** Last message in either direction (idle tickets close after 24 office hours). */
  readonly lastActivityAt: number;
  /** The person's last message (WhatsApp's 24-hour window). */
  readonly lastPersonAt: number;
  /** The person's latest messages, newest last (context for staff). */
  readonly questions: readonly string[];
  readonly messages: number;
  readonly firstResponseAt?: number;
  /** firstResponseAt - openedAt. */
  readonly firstResponseMs?: number;
  readonly staffReplies?: number;
  readonly closedAt?: number;
  readonly closedReason?: CloseReason;
  /** The staff member who claimed it or was assigned it (console). */
  readonly assignee?: TicketAssignee;
}

export interface TicketAssignee {
  /** "<channel>:<userId>" of the staff member. */
  readonly actor: string;
  readonly name: string;
}

export const ticketLogKinds = ["reply", "note", "assign", "close"] as const;
export type TicketLogKind = (typeof ticketLogKinds)[number];

/** One staff action in a ticket's history (the person's own messages are its `questions`). */
export interface TicketLogEntry {
  readonly kind: TicketLogKind;
  /** "<channel>:<userId>" of the staff member. */
  readonly by: string;
  readonly at: number;
  /** A reply's or a note's text. */
  readonly text?: string;
  /** An assignment: the new assignee (absent: released). */
  readonly assignee?: TicketAssignee;
}

/** A history entry to write: `key` makes the write happen once (a retried turn, a double-submitted form). */
export interface TicketLogInput {
  readonly key: string;
  readonly by: string;
  readonly text?: string;
}

export type AssignResult =
  | { readonly status: "assigned"; readonly before: Ticket; readonly ticket: Ticket }
  | { readonly status: "closed"; readonly ticket: Ticket }
  | { readonly status: "missing" };

export interface NewTicket {
  readonly id: string;
  readonly user: UserRef;
  readonly name: string;
  readonly role: Role;
  readonly language: Language;
  readonly questions: readonly string[];
  /** The inbound update that opened it: a retried turn finds its own ticket again. */
  readonly sourceKey: string;
  readonly now: Date;
}

export type StaffReplyResult =
  | { readonly status: "recorded"; readonly ticket: Ticket }
  /** This entry's key was recorded before: nothing changed. */
  | { readonly status: "duplicate"; readonly ticket: Ticket }
  | { readonly status: "closed"; readonly ticket: Ticket }
  | { readonly status: "missing" };

export interface TicketRepository {
  /** Creates the ticket (idempotent per id and sourceKey); null = the id belongs to another ticket. */
  open(ticket: NewTicket): Promise<Ticket | null>;
  get(id: string): Promise<Ticket | null>;
  /** The person wrote while the ticket is open; null when it is closed (or gone). */
  recordPersonMessage(id: string, text: string, now: Date): Promise<Ticket | null>;
  /**
   * A staff reply: first-response time is set once; refused on a closed ticket. With `entry` the reply is
   * also written to the history, both in one transaction, once per entry key.
   */
  recordStaffReply(id: string, now: Date, entry?: TicketLogInput): Promise<StaffReplyResult>;
  /**
   * Closes an open ticket; null when it was not open. A close by staff or by the idle job also ends the
   * person's ticket conversation, so their next message is routed normally without an extra read.
   */
  close(
    id: string,
    reason: CloseReason,
    now: Date,
    /** Only when the last activity is older than this (epoch ms): the idle job. */
    options?: { readonly idleBefore?: number; readonly by?: string },
  ): Promise<Ticket | null>;
  listOpen(): Promise<Ticket[]>;
  /** Open and closed tickets (closed ones are kept 180 days). */
  listAll(): Promise<Ticket[]>;
  /** Claims or assigns an open ticket (null releases it), written to the history. */
  assign(id: string, assignee: TicketAssignee | null, now: Date, by: string): Promise<AssignResult>;
  /** An internal note (never sent to the person); "duplicate" when its key was used before. */
  addNote(id: string, entry: TicketLogInput, now: Date): Promise<"added" | "duplicate" | "missing">;
  /** The ticket's staff history, oldest first. */
  history(id: string): Promise<TicketLogEntry[]>;
  /** Tickets opened since `since` (epoch ms), open or closed: statistics. */
  listOpenedSince(since: number): Promise<Ticket[]>;
}

export const ticketFlow = "handover";
/** Idle tickets close after this much office time (not wall time: weekends and holidays do not count). */
export const idleTicketMs = 24 * 60 * 60 * 1000;
/** WhatsApp's customer-service window: free-form replies only this long after the person's last message. */
export const whatsappWindowMs = 24 * 60 * 60 * 1000;
export const maxQuestions = 5;

// No 0/O, 1/I: staff type these ids.
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** "T" + 6 characters, derived from the inbound update that opened it (a retried turn gets the same id). */
export function ticketIdFrom(seed: string, attempt = 0): string {
  const digest = createHash("sha256").update(`${seed}#${attempt}`).digest();
  let id = "T";
  for (let i = 0; i < 6; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

const tagPattern = /#?\b(T[2-9A-HJ-NP-Z]{6})\b/i;

/** The ticket id in a forwarded message's text ("🎫 #T4KX9PQ ..."), if any. */
export function ticketIdIn(text: string | undefined): string | undefined {
  const match = text ? tagPattern.exec(text) : null;
  return match?.[1]?.toUpperCase();
}

/** "<ticket id> <text>" as typed after /balas or "balas". */
export function parseTicketAndText(args: string): { id: string; text: string } | undefined {
  const match = /^#?(T[2-9A-HJ-NP-Z]{6})\b\s*([\s\S]*)$/i.exec(args.trim());
  if (!match) return undefined;
  return { id: match[1]!.toUpperCase(), text: match[2]!.trim() };
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
