// Statistics: sellers and subscribers from the maintained counters (one read, see stat-counters.ts), the rest
// from the repositories that own the data.

import { summariseUnanswered } from "../core/faq/unanswered.js";
import { median } from "../core/handover/ticket.js";
import type { Audience } from "../core/outbox/model.js";
import { openWeekend, type WeeklyTime } from "../core/promo/weekend.js";
import { sellerStatuses } from "../core/registration/seller.js";
import type { Statistics, StatsSource } from "../core/stats/stats.js";
import { isUpcoming, seatsLeft } from "../core/training/training.js";
import { fullItems } from "./dynamo.js";
import type { DynamoDBDocumentClient } from "./dynamo-commands.js";
import { createOutboxJobRepository } from "./outbox-jobs.js";
import {
  counterNames,
  countersKey,
  countersUnder,
  lastWibDays,
  promoWeekendKey,
  ticketDayKey,
} from "./stat-counters.js";
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
  /** How many of the newest unanswered questions the top list is made of. */
  readonly unansweredWindow?: number;
}

/** The stats items by sort key (absent ones missing): one BatchGetItem for up to 100 keys. */
async function readItems(
  store: { client: DynamoDBDocumentClient; tableName: string },
  keys: readonly { pk: string; sk: string }[],
) {
  const items = await fullItems(store.client, store.tableName, keys, "read statistics");
  return new Map(items.map((item) => [String(item.sk), item]));
}

/** An item's numeric attributes (counter name → value). */
const numbersOf = (item: Record<string, unknown> | undefined): Record<string, number> =>
  Object.fromEntries(
    Object.entries(item ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
  );

const audienceLabel = (audience: Audience) =>
  "value" in audience ? `${audience.kind}:${audience.value}` : audience.kind;

export function createStatsSource(options: StatsSourceOptions): StatsSource {
  const store = { client: options.client, tableName: options.tableName };
  const jobs = createOutboxJobRepository(store);
  const trainings = createTrainingRepository(store);
  const unanswered = createUnansweredLog(store);
  const windowDays = options.ticketWindowDays ?? 30;

  return {
    async collect(now) {
      const weekend = openWeekend(now, options.promoCutoff);
      const windowKeys = lastWibDays(now, windowDays).map(ticketDayKey);
      // Sellers, subscribers, open tickets, this weekend's promos and the window's ticket days: one BatchGetItem.
      const [items, recentJobs, questions, sessions] = await Promise.all([
        readItems(store, [countersKey, promoWeekendKey(weekend), ...windowKeys]),
        jobs.listRecent(options.broadcastCount ?? 5),
        // The newest questions only (one read): the full 180 days are in `admin -- faq unanswered`.
        unanswered.listLatest(now, options.unansweredWindow ?? 1000),
        trainings.listScheduled(),
      ]);
      const counters = numbersOf(items.get(countersKey.sk));
      const promoCounts = countersUnder(numbersOf(items.get(promoWeekendKey(weekend).sk)), "status.");
      const ticketDays = windowKeys.map((key) => items.get(key.sk) ?? {});
      const sum = (name: string) => ticketDays.reduce((total, day) => total + Number(day[name] ?? 0), 0);
      const responses = ticketDays.flatMap((day) =>
        Array.isArray(day.responses) ? day.responses.map(Number) : [],
      );
      const byStatus = countersUnder(counters, counterNames.sellerStatus(""));
      const medianMs = median(responses);
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
          total: Object.values(promoCounts).reduce((total, n) => total + n, 0),
          byStatus: promoCounts,
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
          open: counters[counterNames.ticketsOpen] ?? 0,
          medianFirstResponseMinutes: medianMs === null ? null : medianMs / 60_000,
          openedInWindow: sum("opened"),
          answeredInWindow: sum("answered"),
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
