// Changing or cancelling a training session and telling its participants, the same for the chat, the
// staff console and the hourly job: a new date, time or place and a cancellation reach every participant on
// their own channel (WhatsApp outside the 24-hour window through the training_change template).
import type { Language } from "../contact.js";
import type { Translate } from "../i18n.js";
import type { PurposeOf } from "../purpose.js";
import type { Notification } from "../turn.js";
import { changesFromDraft, type TrainingDraft } from "./session-rules.js";
import {
  formatWhen,
  type Participant,
  seatOf,
  type TrainingRepository,
  type TrainingSession,
} from "./training.js";

export interface SessionChangeDeps {
  readonly trainings: TrainingRepository;
  /** The translations of a participant's language. */
  readonly tFor: (language: Language) => Translate;
}

type Tr = (key: string, options?: Record<string, unknown>) => string;
const translator =
  (deps: Pick<SessionChangeDeps, "tFor">, language: Language): Tr =>
  (key, options) =>
    deps.tFor(language)(key, options ?? {}) as string;

export function describeSession(t: Tr, session: TrainingSession, language: Language) {
  return t("training:session.summary", {
    title: session.title,
    topic: t(`training:topic.${session.topic}`),
    when: formatWhen(session.startsAt, language),
    place: session.place,
  });
}

/** The template parameters of a training notice (WhatsApp outside the 24 h window). */
export function trainingPurpose(
  name: "training_reminder" | "training_change",
  tr: Tr,
  session: TrainingSession,
  language: Language,
  change: string = tr("whatsapp.templateCancelled"),
): PurposeOf {
  return {
    name,
    params: {
      title: session.title,
      when: formatWhen(session.startsAt, language),
      place: session.place,
      change,
    },
  };
}

export type EditResult =
  | {
      readonly status: "updated";
      readonly before: TrainingSession;
      readonly after: TrainingSession;
      /** One per participant when the date, time or place changed; none otherwise. */
      readonly notices: readonly Notification[];
    }
  | { readonly status: "missing" | "not-scheduled" | "quota-below-seats" };

/** Applies a validated edit (session-rules) and prepares the participants' notices of a new time or place. */
export async function editSession(
  deps: SessionChangeDeps,
  id: string,
  draft: TrainingDraft,
  now: Date,
): Promise<EditResult> {
  const before = await deps.trainings.get(id);
  if (!before) return { status: "missing" };
  if (before.status !== "scheduled") return { status: "not-scheduled" };
  const result = await deps.trainings.update(id, changesFromDraft(before, draft), now);
  if (result !== "updated") return { status: result };
  const after = (await deps.trainings.get(id)) ?? before;
  const moved = after.startsAt !== before.startsAt;
  const placed = after.place !== before.place;
  // A retried identical edit changes nothing, so it tells nobody twice.
  if (!moved && !placed) return { status: "updated", before, after, notices: [] };
  const notices = (await deps.trainings.participants(id)).map((person) => {
    const t = translator(deps, person.language);
    const lines = [
      ...(moved
        ? [
            t("training:changed.when", {
              when: formatWhen(after.startsAt, person.language),
              before: formatWhen(before.startsAt, person.language),
            }),
          ]
        : []),
      ...(placed ? [t("training:changed.place", { place: after.place, before: before.place })] : []),
    ];
    const change = t("whatsapp.templateChanged", {
      when: formatWhen(after.startsAt, person.language),
      place: after.place,
    });
    return {
      to: person,
      replies: [
        {
          text: t("training:changedNotice", {
            changes: lines.join("\n"),
            session: describeSession(t, after, person.language),
          }),
        },
      ],
      purpose: trainingPurpose("training_change", t, after, person.language, change),
    } satisfies Notification;
  });
  return { status: "updated", before, after, notices };
}

/** The cancellation notice for one participant. */
export function cancellationNotice(
  deps: Pick<SessionChangeDeps, "tFor">,
  session: TrainingSession,
  person: Participant,
): Notification {
  const t = translator(deps, person.language);
  return {
    to: person,
    replies: [
      { text: t("training:cancelledNotice", { session: describeSession(t, session, person.language) }) },
    ],
    purpose: trainingPurpose("training_change", t, session, person.language),
  };
}

/**
 * Tells the participants of a cancelled session, once each (a claim per person: the chat, the console and the
 * hourly job never tell anyone twice), then clears the session's pending mark. Returns how many were told.
 */
export async function tellCancellation(
  deps: SessionChangeDeps,
  session: TrainingSession,
  now: Date,
  send: (notice: Notification) => unknown,
): Promise<number> {
  let told = 0;
  for (const person of await deps.trainings.participants(session.id)) {
    if (!(await deps.trainings.claimNotice(session.id, "cancelled", seatOf(person), now))) continue;
    await send(cancellationNotice(deps, session, person));
    told++;
  }
  await deps.trainings.markNoticesSent(session.id);
  return told;
}

/**
 * Cancels a scheduled session and tells its participants (`send`); null when it was not scheduled. The
 * session is marked "notices pending" first, so the hourly job finishes the notices if this stops midway.
 */
export async function cancelSession(
  deps: SessionChangeDeps,
  id: string,
  now: Date,
  send: (notice: Notification) => unknown,
): Promise<{ readonly session: TrainingSession; readonly told: number } | null> {
  const session = await deps.trainings.cancel(id, now, { noticesPending: true });
  if (!session) return null;
  return { session, told: await tellCancellation(deps, session, now, send) };
}
