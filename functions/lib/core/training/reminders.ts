// The hourly job's training part: a reminder the day before (from 08:00 WIB) and cancellation notices
// not told yet (session-changes.ts). One claim per session, person and purpose: never sent twice.

import type { Send } from "../handover/expiry.js";
import type { I18n } from "../i18n.js";
import { describeSession, tellCancellation, trainingPurpose } from "./session-changes.js";
import {
  isUpcoming,
  type Participant,
  seatOf,
  startsTomorrow,
  type TrainingRepository,
  type TrainingSession,
} from "./training.js";

export interface TrainingJobDeps {
  readonly trainings: TrainingRepository;
  readonly i18n: I18n;
  readonly send: Send;
}

/** Reminders go out from this WIB hour on the day before (nobody gets one at midnight). */
export const reminderHourWib = 8;

export async function sendTrainingReminders(deps: TrainingJobDeps, now: Date) {
  const wibHour = (now.getUTCHours() + 7) % 24;
  let reminders = 0;
  if (wibHour >= reminderHourWib) {
    for (const session of await deps.trainings.listScheduled()) {
      if (!isUpcoming(session, now) || !startsTomorrow(session, now)) continue;
      for (const participant of await deps.trainings.participants(session.id)) {
        if (!(await deps.trainings.claimNotice(session.id, "reminder", seatOf(participant), now))) continue;
        await deps.send(
          participant,
          [message(deps, participant, "training:reminder", session)],
          purposeFor(deps, participant, "training_reminder", session),
        );
        reminders++;
      }
    }
  }
  let notices = 0;
  const changeDeps = { trainings: deps.trainings, tFor: (language: "id" | "en") => deps.i18n.t(language) };
  for (const session of await deps.trainings.listPendingNotices())
    notices += await tellCancellation(changeDeps, session, now, (notice) =>
      deps.send(notice.to, notice.replies, notice.purpose),
    );
  return { reminders, notices };
}

function message(deps: TrainingJobDeps, participant: Participant, key: string, session: TrainingSession) {
  const t = deps.i18n.t(participant.language);
  const tr = (k: string, options?: Record<string, unknown>) => t(k, options ?? {}) as string;
  return { text: tr(key, { session: describeSession(tr, session, participant.language) }) };
}

function purposeFor(
  deps: TrainingJobDeps,
  participant: Participant,
  name: "training_reminder" | "training_change",
  session: TrainingSession,
) {
  const t = deps.i18n.t(participant.language);
  return trainingPurpose(name, (k, o) => t(k, o ?? {}) as string, session, participant.language);
}
