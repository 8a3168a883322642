// The rules a training session's fields follow, shared by the chat's add/edit steps and the staff console:
// a typed value becomes a draft change or the name of the problem (translated as training:problem.<name>).

import type { UserRef } from "../events.js";
import { readCount } from "../understand/flow-answers.js";
import {
  endOfDay,
  type NewSession,
  parseDate,
  parseTime,
  type SessionChanges,
  seatOf,
  startOf,
  type TrainingSession,
  type TrainingTopic,
} from "./training.js";

export type TrainingDraft = {
  title?: string;
  topic?: TrainingTopic;
  date?: string;
  time?: { hour: number; minute: number };
  place?: string;
  quota?: number;
  deadline?: string;
  openToAll?: boolean;
};

export const fieldProblems = [
  "title",
  "place",
  "date",
  "time",
  "past",
  "quota",
  "deadlineAfterStart",
] as const;
export type FieldProblem = (typeof fieldProblems)[number];

export const typedFields = ["title", "date", "time", "place", "quota", "deadline"] as const;
export type TypedField = (typeof typedFields)[number];

const between = (value: string, min: number, max: number) => value.length >= min && value.length <= max;

/** Per typed field: the draft change, or the problem. `draft` holds the other fields (date before time). */
export const fieldRules: Readonly<
  Record<TypedField, (text: string, now: Date, draft: TrainingDraft) => TrainingDraft | FieldProblem>
> = {
  title: (text) => (between(text.trim(), 3, 80) ? { title: text.trim() } : "title"),
  date: (text, now) => {
    const date = parseDate(text.trim());
    if (!date) return "date";
    if (endOfDay(date) < now.getTime()) return "past";
    return { date };
  },
  time: (text, now, draft) => {
    const time = parseTime(text.trim());
    if (!time) return "time";
    if (draft.date && startOf(draft.date, time) <= now.getTime()) return "past";
    return { time };
  },
  place: (text) => (between(text.trim(), 3, 120) ? { place: text.trim() } : "place"),
  quota: (text) => {
    const quota = readCount(text.trim()) ?? Number.NaN;
    return quota >= 1 && quota <= 1000 ? { quota } : "quota";
  },
  deadline: (text, now, draft) => {
    const date = parseDate(text.trim());
    if (!date) return "date";
    if (draft.date && date > draft.date) return "deadlineAfterStart";
    if (endOfDay(date) < now.getTime()) return "past";
    return { deadline: date };
  },
};

/**
 * Several typed fields at once (the console's form), in the chat's order so that time and deadline are
 * checked against the date: the draft, or the first field with its problem.
 */
export function readFields(
  fields: Partial<Record<TypedField, string>>,
  now: Date,
  base: TrainingDraft = {},
): TrainingDraft | { readonly field: TypedField; readonly problem: FieldProblem } {
  let draft: TrainingDraft = { ...base };
  for (const field of typedFields) {
    const text = fields[field];
    if (text === undefined) continue;
    const read = fieldRules[field](text, now, draft);
    if (typeof read === "string") return { field, problem: read };
    draft = { ...draft, ...read };
  }
  // A new date with the kept time (or the reverse) must still be ahead.
  if ((fields.date !== undefined || fields.time !== undefined) && draft.date && draft.time)
    if (startOf(draft.date, draft.time) <= now.getTime())
      return { field: fields.time !== undefined ? "time" : "date", problem: "past" };
  return draft;
}

/** A complete draft as the session to save (undefined while a field is missing). */
export function sessionFromDraft(
  draft: TrainingDraft,
  id: string,
  now: Date,
  createdBy: UserRef | undefined,
): (NewSession & Pick<TrainingSession, "status" | "seats">) | undefined {
  const { title, topic, date, time, place, quota, deadline } = draft;
  if (!title || !topic || !date || !time || !place || !quota || !deadline) return undefined;
  return {
    id,
    title,
    topic,
    startsAt: startOf(date, time),
    place,
    quota,
    deadline: Math.min(endOfDay(deadline), startOf(date, time)),
    openToAll: draft.openToAll ?? false,
    status: "scheduled",
    seats: [],
    createdAt: createdBy ? now.getTime() : 0,
    createdBy: createdBy ? seatOf(createdBy) : "",
  };
}

/** The session's start as the draft's WIB date and time (what a date-only or time-only edit keeps). */
export function draftOfSession(session: TrainingSession): TrainingDraft {
  const wib = new Date(session.startsAt + 7 * 3600_000);
  return {
    date: wib.toISOString().slice(0, 10),
    time: { hour: wib.getUTCHours(), minute: wib.getUTCMinutes() },
  };
}

/** An edit's draft as the stored changes: a new start moves the deadline back when it would be later. */
export function changesFromDraft(session: TrainingSession, draft: TrainingDraft): SessionChanges {
  const current = draftOfSession(session);
  const changes: { -readonly [K in keyof SessionChanges]: SessionChanges[K] } = {};
  if (draft.title) changes.title = draft.title;
  if (draft.topic) changes.topic = draft.topic;
  if (draft.place) changes.place = draft.place;
  if (draft.quota) changes.quota = draft.quota;
  if (draft.openToAll !== undefined) changes.openToAll = draft.openToAll;
  const date = draft.date ?? current.date!;
  const time = draft.time ?? current.time!;
  const kept =
    date === current.date && time.hour === current.time!.hour && time.minute === current.time!.minute;
  const startsAt = kept ? session.startsAt : startOf(date, time);
  if (startsAt !== session.startsAt) changes.startsAt = startsAt;
  if (draft.deadline) changes.deadline = Math.min(endOfDay(draft.deadline), startsAt);
  else if (session.deadline > startsAt) changes.deadline = startsAt;
  return changes;
}
