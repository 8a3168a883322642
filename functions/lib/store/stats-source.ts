// Statistics: sellers and subscribers from the maintained counters (one read, see stat-counters.ts), the rest
// from the repositories that own the data.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { summariseUnanswered } from "../core/faq/unanswered.js";
import { median } from "../core/handover/ticket.js";
import type { Audience } from "../core/outbox/model.js";
import { openWeekend, type WeeklyTime } from "../core/promo/weekend.js";
import { sellerStatuses } from "../core/registration/seller.js";
import { type Statistics, type StatsSource, tally } from "../core/stats/stats.js";
import { isUpcoming, seatsLeft } from "../core/training/training.js";
import { createOutboxJobRepository } from "./outbox-jobs.js";
import { createPromoRepository } from "./promo-repository.js";
import { counterNames, countersUnder, createStatCounters } from "./stat-counters.js";
import { createTicketRepository } from "./ticket-repository.js";
import { createTrainingRepository } from "./training-repository.js";
import { createUnansweredLog } from "./unanswered-log.js";

export interface StatsSourceOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** PROMO_CUTOFF: which weekend "this weekend's promos" means (the one open for submissions). */
  readonly promoCutoff: WeeklyTime;
  readonly broadcastCount?: number;
  readonly ticketWindowDays?: number;
  readonly unansweredCount?: number;
}

const audienceLabel = (audience: Audience) =>
  "value" in audience ? `${audience.kind}:${audience.value}` : audience.kind;

export function createStatsSource(options: StatsSourceOptions): StatsSource {
  const store = { client: options.client, tableName: options.tableName };
  const promos = createPromoRepository(store);
  const jobs = createOutboxJobRepository(store);
  const tickets = createTicketRepository(store);
  const trainings = createTrainingRepository(store);
  const unanswered = createUnansweredLog(store);
  const windowDays = options.ticketWindowDays ?? 30;

  return {
    async collect(now) {
      const weekend = openWeekend(now, options.promoCutoff);
      const since = now.getTime() - windowDays * 24 * 60 * 60 * 1000;
      const [counters, weekendPromos, recentJobs, openTickets, windowTickets, questions, sessions] =
        await Promise.all([
          createStatCounters(store).read(),
          promos.listByWeekend(weekend),
          jobs.listRecent(options.broadcastCount ?? 5),
          tickets.listOpen(),
          tickets.listOpenedSince(since),
          unanswered.list(now),
          trainings.listScheduled(),
        ]);
      const byStatus = countersUnder(counters, counterNames.sellerStatus(""));
      const answered = windowTickets.filter((ticket) => ticket.firstResponseMs !== undefined);
      const medianMs = median(answered.map((ticket) => ticket.firstResponseMs!));
      const statistics: Statistics = {
        generatedAt: now.toISOString(),
        sellers: {
          total: sellerStatuses.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0),
          byStatus,
          byCategory: countersUnder(counters, counterNames.sellerCategory("")),
          byKecamatan: countersUnder(counters, counterNames.sellerKecamatan("")),
        },
        subscribers: {
          active: counters[counterNames.subscribersActive] ?? 0,
          optedOut: counters[counterNames.subscribersInactive] ?? 0,
        },
        promos: {
          weekend,
          total: weekendPromos.length,
          byStatus: tally(weekendPromos.map((promo) => promo.status)),
        },
        broadcasts: recentJobs.map((job) => ({
          id: job.id,
          state: job.state,
          audience: audienceLabel(job.audience),
          createdAt: new Date(job.createdAt).toISOString(),
          total: job.counters.total,
          sent: job.counters.sent,
          failed: job.counters.failed,
          blocked: job.counters.blocked,
        })),
        tickets: {
          open: openTickets.length,
          medianFirstResponseMinutes: medianMs === null ? null : medianMs / 60_000,
          openedInWindow: windowTickets.length,
          answeredInWindow: answered.length,
          windowDays,
        },
        unanswered: summariseUnanswered(questions)
          .slice(0, options.unansweredCount ?? 5)
          .map((row) => ({
            question: row.normalised || (row.examples[0] ?? ""),
            count: row.count,
            // The same wording whatever order the store returns them in.
            example: [...row.examples].sort()[0] ?? row.normalised,
            topicGuess: row.topicGuess,
          })),
        trainings: sessions
          .filter((session) => isUpcoming(session, now))
          .map((session) => ({
            id: session.id,
            title: session.title,
            startsAt: new Date(session.startsAt).toISOString(),
            quota: session.quota,
            taken: session.seats.length,
            seatsLeft: seatsLeft(session),
          })),
      };
      return statistics;
    },
  };
}
