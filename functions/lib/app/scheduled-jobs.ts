// The hourly job (EventBridge Scheduler -> functions/hourly.ts; tests call it directly with their clock):
// closes idle handover tickets, sends the training reminders and cancellation notices that are due, and
// after a weekend queues each seller's promo reach report.

import type { UserRef } from "../core/events.js";
import { closeIdleTickets } from "../core/handover/expiry.js";
import { createI18n } from "../core/i18n.js";
import { createReachReports } from "../core/promo/reach-report.js";
import type { PurposeOf } from "../core/purpose.js";
import type { Reply } from "../core/replies.js";
import { sendTrainingReminders } from "../core/training/reminders.js";
import { createPromoRepository } from "../store/promo-repository.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createSubscriptionRepository } from "../store/subscription-repository.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
import type { JobsApp } from "./jobs-app.js";

export async function runHourlyJobs(app: JobsApp, now: Date = app.clock.now()) {
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
  // After the weekend: each seller's reach report, once per promo (queued through the outbox).
  const reachReports = await createReachReports({
    promos: createPromoRepository(store),
    jobs: app.outbox.jobs,
    deliveries: app.outbox.deliveries,
    subscriptions: createSubscriptionRepository(store),
    outbox: app.outbox.replyRetry,
    languageOf: (user) => createStaffDirectory({ ...store, configuredStaff: [] }).languageOf(user),
    i18n,
  }).send(now);
  const result = {
    ticketsClosed: tickets.closed,
    reminders: training.reminders,
    cancellationNotices: training.notices,
    reachReports,
  };
  app.logger.info("job.hourly", result);
  return result;
}
