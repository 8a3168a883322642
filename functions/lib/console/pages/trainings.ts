// Trainings page (petugas and admin): sessions (upcoming/past) and their participants with CSV exports; add,
// edit and cancel through the chat's own rules and core (session-rules.ts, session-changes.ts), so a new
// date, time or place, or a cancellation, reaches every participant on their channel.
import * as z from "zod";
import enStrings from "../../../../locales/en/console-trainings.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-trainings.json" with { type: "json" };
import type { Language } from "../../core/contact.js";
import type { I18n } from "../../core/i18n.js";
import type { Clock } from "../../core/ports.js";
import { cancelSession, editSession } from "../../core/training/session-changes.js";
import {
  draftOfSession,
  readFields,
  sessionFromDraft,
  type TrainingDraft,
  type TypedField,
} from "../../core/training/session-rules.js";
import {
  seatOf,
  seatsLeft,
  sessionIdFrom,
  type TrainingRepository,
  type TrainingSession,
  trainingTopics,
} from "../../core/training/training.js";
import type { Notification } from "../../core/turn.js";
import type { Notify } from "../notify.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface TrainingsPageDeps {
  readonly trainings: TrainingRepository;
  readonly i18n: I18n;
  readonly notify: Notify;
  readonly clock: Clock;
}

const sessionId = z.string().regex(/^P[A-Z0-9]{6,12}$/);
const listSchema = z.object({ when: z.enum(["upcoming", "past", "all"]).default("upcoming") });
// Shapes only; the values' rules (length, real date, not past, quota 1-1000) are the chat's (session-rules).
const text = (max: number) => z.string().max(max);
const fieldsShape = {
  title: text(200),
  topic: z.enum(trainingTopics),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z.string().regex(/^\d{1,2}[:.]\d{2}$/),
  place: text(300),
  quota: z.number().int(),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  openToAll: z.boolean(),
};
const addSchema = z.strictObject({
  ...fieldsShape,
  /** Chosen by the page once per form: a retried request saves no twin. */
  requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});
const editSchema = z.strictObject({ id: sessionId, ...z.object(fieldsShape).partial().shape });
const idSchema = z.strictObject({ id: sessionId });
const participantsQuery = z.object({ id: sessionId });

const sessionColumns = [
  "id",
  "title",
  "topic",
  "startsAt",
  "place",
  "quota",
  "taken",
  "seatsLeft",
  "deadline",
  "openToAll",
  "status",
] as const;
const participantColumns = [
  "training",
  "title",
  "name",
  "businessName",
  "role",
  "channel",
  "phone",
  "registeredAt",
] as const;

type Fields = Partial<z.infer<z.ZodObject<typeof fieldsShape>>>;

export function createTrainingsPage(deps: TrainingsPageDeps): ConsolePage {
  const topicLabel = (topic: string, language: Language) => deps.i18n.t(language)(`training:topic.${topic}`);
  const view = (session: TrainingSession, language: Language) => {
    const { date, time } = draftOfSession(session);
    return {
      id: session.id,
      title: session.title,
      topic: session.topic,
      topicLabel: topicLabel(session.topic, language),
      startsAt: session.startsAt,
      date,
      time: `${String(time!.hour).padStart(2, "0")}:${String(time!.minute).padStart(2, "0")}`,
      place: session.place,
      quota: session.quota,
      taken: session.seats.length,
      seatsLeft: seatsLeft(session),
      deadline: session.deadline,
      deadlineDate: new Date(session.deadline + 7 * 3600_000).toISOString().slice(0, 10),
      openToAll: session.openToAll,
      status: session.status,
    };
  };
  // A session is "past" once it has begun.
  async function listed(call: ConsoleCall) {
    const parsed = listSchema.safeParse(call.query);
    if (!parsed.success) return undefined;
    const now = deps.clock.now().getTime();
    const all = await deps.trainings.listScheduled();
    const { when } = parsed.data;
    const chosen = all.filter((s) => when === "all" || (when === "upcoming") === s.startsAt > now);
    // Past sessions newest first; upcoming soonest first (the repository's order).
    if (when === "past") chosen.reverse();
    return chosen.map((session) => view(session, call.language));
  }

  /** The typed fields through the chat's rules: the draft, or a 400 that names the field and the problem. */
  function read(call: ConsoleCall, fields: Fields, base: TrainingDraft) {
    const typed: Partial<Record<TypedField, string>> = {};
    for (const field of ["title", "date", "time", "place", "deadline"] as const)
      if (fields[field] !== undefined) typed[field] = fields[field];
    if (fields.quota !== undefined) typed.quota = String(fields.quota);
    const draft = readFields(typed, deps.clock.now(), base);
    if (!("problem" in draft))
      return {
        ...draft,
        ...(fields.topic ? { topic: fields.topic } : {}),
        ...(fields.openToAll !== undefined ? { openToAll: fields.openToAll } : {}),
      };
    return apiJson(400, {
      error: "invalid",
      field: draft.field,
      problem: draft.problem,
      message: deps.i18n.t(call.language)(`training:problem.${draft.problem}`),
    });
  }

  const changeDeps = { trainings: deps.trainings, tFor: (language: Language) => deps.i18n.t(language) };
  const audited = (session: TrainingSession) => ({
    title: session.title,
    topic: session.topic,
    startsAt: new Date(session.startsAt).toISOString(),
    place: session.place,
    quota: session.quota,
    deadline: new Date(session.deadline).toISOString(),
    openToAll: session.openToAll,
  });
  /** Only the fields that differ, before and after (the audit log's change). */
  function difference(before: TrainingSession, after: TrainingSession) {
    const [a, b] = [audited(before), audited(after)];
    const keys = (Object.keys(a) as (keyof typeof a)[]).filter((key) => a[key] !== b[key]);
    return [
      Object.fromEntries(keys.map((key) => [key, a[key]])),
      Object.fromEntries(keys.map((key) => [key, b[key]])),
    ];
  }
  const send = (seed: string) => (notice: Notification) =>
    deps.notify(notice, `${seed}:${seatOf(notice.to)}`);

  return {
    id: "trainings",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "trainings",
        async handle(call) {
          const sessions = await listed(call);
          if (!sessions) return badRequest();
          const t = deps.i18n.t(call.language);
          const topics = trainingTopics.map((id) => ({ id, label: t(`training:topic.${id}`) }));
          return apiJson(200, { sessions, topics });
        },
      },
      {
        method: "GET",
        path: "trainings.csv",
        async handle(call) {
          const sessions = await listed(call);
          if (!sessions) return badRequest();
          const iso = (ms: number) => new Date(ms).toISOString();
          const rows = sessions.map((row) => ({
            ...row,
            topic: row.topicLabel,
            startsAt: iso(row.startsAt),
            taken: row.taken,
            deadline: iso(row.deadline),
          }));
          await call.audit("training.export", "trainings", undefined, { rows: rows.length });
          return csvDownload("pelatihan.csv", rows, sessionColumns);
        },
      },
      {
        method: "GET",
        path: "trainings/participants",
        async handle(call) {
          const query = participantsQuery.safeParse(call.query);
          if (!query.success) return badRequest();
          const session = await deps.trainings.get(query.data.id);
          if (!session) return apiJson(404, { error: "missing" });
          const participants = (await deps.trainings.participants(session.id)).map((person) => ({
            name: person.name,
            role: person.role,
            channel: person.channel,
            registeredAt: person.registeredAt,
            ...(person.businessName ? { businessName: person.businessName } : {}),
            ...(person.phone ? { phone: person.phone } : {}),
          }));
          return apiJson(200, { session: view(session, call.language), participants });
        },
      },
      {
        method: "GET",
        path: "trainings/participants.csv",
        async handle(call) {
          const query = participantsQuery.safeParse(call.query);
          if (!query.success) return badRequest();
          const session = await deps.trainings.get(query.data.id);
          if (!session) return apiJson(404, { error: "missing" });
          const rows = (await deps.trainings.participants(session.id)).map((person) => ({
            training: session.id,
            title: session.title,
            name: person.name,
            businessName: person.businessName ?? "",
            role: person.role,
            channel: person.channel,
            phone: person.phone ?? "",
            registeredAt: new Date(person.registeredAt).toISOString(),
          }));
          await call.audit("training.participants.export", session.id, undefined, { rows: rows.length });
          return csvDownload(`peserta-${session.id}.csv`, rows, participantColumns);
        },
      },
      {
        method: "POST",
        path: "trainings/add",
        async handle(call) {
          const parsed = addSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const draft = read(call, parsed.data, {});
          if ("status" in draft) return draft;
          const id = sessionIdFrom(`console:${call.actor}:${parsed.data.requestId}`);
          const known = await deps.trainings.get(id);
          if (known) return apiJson(200, { ok: true, session: view(known, call.language) });
          const input = sessionFromDraft(draft, id, deps.clock.now(), call.staff.user);
          if (!input) return badRequest();
          const { status: _s, seats: _seats, ...session } = input;
          const created = await deps.trainings.create(session);
          await call.audit("training.add", id, undefined, audited(created));
          return apiJson(200, { ok: true, session: view(created, call.language) });
        },
      },
      {
        method: "POST",
        path: "trainings/edit",
        async handle(call) {
          const parsed = editSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const session = await deps.trainings.get(parsed.data.id);
          if (!session) return apiJson(404, { error: "missing" });
          if (session.status !== "scheduled") return apiJson(409, { error: "not-scheduled" });
          const draft = read(call, parsed.data, draftOfSession(session));
          if ("status" in draft) return draft;
          const now = deps.clock.now();
          const result = await editSession(changeDeps, session.id, draft, now);
          if (result.status === "missing") return apiJson(404, { error: "missing" });
          if (result.status !== "updated")
            return apiJson(409, {
              error: result.status,
              message: deps.i18n.t(call.language)(`training:edit.${result.status}`),
            });
          const [before, after] = difference(result.before, result.after);
          if (Object.keys(after ?? {}).length)
            await call.audit("training.edit", session.id, before, { ...after, told: result.notices.length });
          // After the change is stored: participants hear of a new date, time or place on their channel.
          const seed = `console:training:${session.id}:${now.getTime()}`;
          for (const notice of result.notices) await send(seed)(notice);
          return apiJson(200, {
            ok: true,
            session: view(result.after, call.language),
            told: result.notices.length,
          });
        },
      },
      {
        method: "POST",
        path: "trainings/cancel",
        async handle(call) {
          const parsed = idSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const now = deps.clock.now();
          const result = await cancelSession(
            changeDeps,
            parsed.data.id,
            now,
            send(`console:training-cancel:${parsed.data.id}`),
          );
          if (!result) {
            const session = await deps.trainings.get(parsed.data.id);
            return apiJson(session ? 409 : 404, { error: session ? "not-scheduled" : "missing" });
          }
          await call.audit(
            "training.cancel",
            parsed.data.id,
            { status: "scheduled" },
            { status: "cancelled", told: result.told },
          );
          return apiJson(200, { ok: true, title: result.session.title, told: result.told });
        },
      },
    ],
  };
}
