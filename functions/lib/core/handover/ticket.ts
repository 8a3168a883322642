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
}

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
  | { readonly status: "closed"; readonly ticket: Ticket }
  | { readonly status: "missing" };

export interface TicketRepository {
  /** Creates the ticket (idempotent per id and sourceKey); null = the id belongs to another ticket. */
  open(ticket: NewTicket): Promise<Ticket | null>;
  get(id: string): Promise<Ticket | null>;
  /** The person wrote while the ticket is open; null when it is closed (or gone). */
  recordPersonMessage(id: string, text: string, now: Date): Promise<Ticket | null>;
  /** A staff reply: first-response time is set once; refused on a closed ticket. */
  recordStaffReply(id: string, now: Date): Promise<StaffReplyResult>;
  /**
   * Closes an open ticket; null when it was not open. A close by staff or by the idle job also ends the
   * person's ticket conversation, so their next message is routed normally without an extra read.
   */
  close(
    id: string,
    reason: CloseReason,
    now: Date,
    /** Only when the last activity is older than this (epoch ms): the idle job. */
    options?: { readonly idleBefore?: number },
  ): Promise<Ticket | null>;
  listOpen(): Promise<Ticket[]>;
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
