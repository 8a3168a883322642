// The hourly job (EventBridge Scheduler -> functions/hourly.ts; tests call it directly with their clock):
// closes idle handover tickets and sends the training reminders and cancellation notices that are due.

import type { UserRef } from "../core/events.js";
import { closeIdleTickets } from "../core/handover/expiry.js";
import { createI18n } from "../core/i18n.js";
import type { PurposeOf } from "../core/purpose.js";
import type { Reply } from "../core/replies.js";
import { sendTrainingReminders } from "../core/training/reminders.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
import type { App } from "./create-app.js";

export async function runHourlyJobs(app: App, now: Date = app.clock.now()) {
  const store = { client: app.documentClient, tableName: app.config.tableName };
  const i18n = createI18n();
  const send = async (to: UserRef, replies: readonly Reply[], purpose?: PurposeOf) => {
    const messenger = app.messengers[to.channel];
    if (!messenger) return null;
    const outcome = await messenger.send(to, replies, purpose ? { purpose } : undefined);
    if (outcome.status !== "sent") app.logger.warn("job.not_sent", { channel: to.channel, outcome });
    return outcome;
  };
  const tickets = await closeIdleTickets(
    { tickets: createTicketRepository(store), i18n, send, officeHours: app.config.officeHours },
    now,
  );
  const training = await sendTrainingReminders(
    { trainings: createTrainingRepository(store), i18n, send },
    now,
  );
  const result = {
    ticketsClosed: tickets.closed,
    reminders: training.reminders,
    cancellationNotices: training.notices,
  };
  app.logger.info("job.hourly", result);
  return result;
}
