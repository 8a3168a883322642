// Training sessions (pelatihan) run by the city, with an atomically enforced quota.

import { createHash } from "node:crypto";
import type { Language, Role } from "../contact.js";
import type { Channel, UserRef } from "../events.js";
import { wibDate, wibInstant } from "../promo/weekend.js";
import { readTimeOfDay } from "../understand/flow-answers.js";

export const trainingTopics = [
  "tapis",
  "makanan",
  "halal",
  "haki",
  "digital",
  "kemasan",
  "keuangan",
  "lainnya",
] as const;
export type TrainingTopic = (typeof trainingTopics)[number];

export interface TrainingSession {
  readonly id: string;
  readonly title: string;
  readonly topic: TrainingTopic;
  /** Epoch ms of the start (entered as a WIB date and time). */
  readonly startsAt: number;
  readonly place: string;
  readonly quota: number;
  /** Epoch ms: sign-ups close then (<= startsAt). */
  readonly deadline: number;
  /** Open to everyone, not only registered sellers. */
  readonly openToAll: boolean;
  readonly status: "scheduled" | "cancelled";
  /** "<channel>#<userId>" of everyone holding a seat (the quota is checked against its size). */
  readonly seats: readonly string[];
  readonly createdAt: number;
  readonly createdBy: string;
  readonly cancelledAt?: number;
  /** Cancelled outside a chat (admin CLI): the hourly job still has to tell the participants. */
  readonly noticesPending?: boolean;
}

export interface Participant {
  readonly channel: Channel;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly language: Language;
  readonly businessName?: string;
  readonly phone?: string;
  readonly registeredAt: number;
}

export type NewSession = Omit<TrainingSession, "status" | "seats" | "cancelledAt" | "noticesPending">;

export type SignUpResult =
  | { readonly status: "registered"; readonly session: TrainingSession }
  | { readonly status: "already" | "full" | "closed" | "cancelled"; readonly session: TrainingSession }
  | { readonly status: "missing" };

export type SessionChanges = Partial<
  Pick<TrainingSession, "title" | "topic" | "startsAt" | "place" | "quota" | "deadline" | "openToAll">
>;

export type UpdateResult = "updated" | "missing" | "not-scheduled" | "quota-below-seats";

export interface TrainingRepository {
  /** Idempotent per id. */
  create(session: NewSession): Promise<TrainingSession>;
  get(id: string): Promise<TrainingSession | null>;
  /** Scheduled sessions, soonest first (past ones included; callers filter). */
  listScheduled(): Promise<TrainingSession[]>;
  /** Cancelled sessions whose participants have not been told yet. */
  listPendingNotices(): Promise<TrainingSession[]>;
  update(id: string, changes: SessionChanges, now: Date): Promise<UpdateResult>;
  /** null = not scheduled (already cancelled) or missing. */
  cancel(
    id: string,
    now: Date,
    options: { readonly noticesPending: boolean },
  ): Promise<TrainingSession | null>;
  markNoticesSent(id: string): Promise<void>;
  /** One conditional write on the session: never more seats than the quota, one seat per person. */
  signUp(id: string, participant: Participant, now: Date): Promise<SignUpResult>;
  withdraw(id: string, user: UserRef, now: Date): Promise<"withdrawn" | "not-registered" | "missing">;
  participants(id: string): Promise<Participant[]>;
  /** Once per session, person and purpose: true the first time (reminders, cancellation notices). */
  claimNotice(id: string, kind: "reminder" | "cancelled", seat: string, now: Date): Promise<boolean>;
}

export const seatOf = (user: UserRef) => `${user.channel}#${user.userId}`;
export function userOfSeat(seat: string): UserRef | undefined {
  const [channel, userId] = seat.split("#");
  return (channel === "telegram" || channel === "whatsapp") && userId ? { channel, userId } : undefined;
}

export const seatsLeft = (session: TrainingSession) => Math.max(0, session.quota - session.seats.length);

const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** "P" + 6 characters; from a seed (the confirming update) so a retried turn creates no twin. */
export function sessionIdFrom(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let id = "P";
  for (let i = 0; i < 6; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

/** "2026-12-12", "12-12-2026", "12/12/2026" -> "2026-12-12" (a real calendar date) or undefined. */
export function parseDate(text: string): string | undefined {
  const trimmed = text.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  let [year, month, day] = match ? [match[1], match[2], match[3]] : [];
  if (!match) {
    match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(trimmed);
    if (match) [day, month, year] = [match[1], match[2], match[3]];
  }
  if (!year || !month || !day) return undefined;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** "09:00", "9.00", "jam 9 pagi", "setengah sepuluh", "2 siang" -> hour and minute (WIB). */
export function parseTime(text: string): { hour: number; minute: number } | undefined {
  return readTimeOfDay(text);
}

export const startOf = (date: string, time: { hour: number; minute: number }) =>
  wibInstant(date, time.hour, time.minute).getTime();
/** A deadline date means "until the end of that day (WIB)". */
export const endOfDay = (date: string) => wibInstant(date, 23, 59).getTime();

/** "Sabtu, 12 Desember 2026 09.00 WIB" */
export function formatWhen(at: number, language: Language): string {
  const date = new Date(at);
  const locale = language === "id" ? "id-ID" : "en-GB";
  const day = date.toLocaleDateString(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Asia/Jakarta",
  });
  const time = date.toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Jakarta",
  });
  return `${day} ${language === "id" ? time.replace(":", ".") : time} WIB`;
}

export const isUpcoming = (session: TrainingSession, now: Date) =>
  session.status === "scheduled" && session.startsAt > now.getTime();
export const isOpenForSignUp = (session: TrainingSession, now: Date) =>
  session.status === "scheduled" && session.deadline > now.getTime();
/** Sessions on the WIB calendar day after `now`'s. */
export const startsTomorrow = (session: TrainingSession, now: Date) =>
  wibDate(new Date(session.startsAt)) === wibDate(new Date(now.getTime() + 24 * 60 * 60 * 1000));
