// Statistics in two reads whatever the table's size: one BatchGetItem of the maintained STATS items (counters,
// this weekend's promos, the window's ticket and question days, the lists of recent jobs and of sessions; see
// stat-counters.ts, stat-lists.ts and unanswered-day-items.ts), then one of the jobs (with their counter shards)
// and sessions they name.

import { median } from "../core/handover/ticket.js";
import type { Audience } from "../core/outbox/model.js";
import { openWeekend, type WeeklyTime } from "../core/promo/weekend.js";
import { sellerStatuses } from "../core/registration/seller.js";
import type { Statistics, StatsSource } from "../core/stats/stats.js";
import { isUpcoming, seatsLeft } from "../core/training/training.js";
import { fullItems } from "./dynamo.js";
import type { DynamoDBDocumentClient } from "./dynamo-commands.js";
import { jobFromItem, jobItemKeys } from "./outbox-jobs.js";
import {
  counterNames,
  countersKey,
  countersUnder,
  lastWibDays,
  promoWeekendKey,
  ticketDayKey,
} from "./stat-counters.js";
import { jobIdOfEntry, newestJobEntries, nextSessionIds, recentJobsKey, trainingsKey } from "./stat-lists.js";
import { sessionFromItem, sessionKey } from "./training-repository.js";
import { unansweredDayKey, unansweredRows } from "./unanswered-day-items.js";

export interface StatsSourceOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** PROMO_CUTOFF: which weekend "this weekend's promos" means (the one open for submissions). */
  readonly promoCutoff: WeeklyTime;
  readonly broadcastCount?: number;
  readonly ticketWindowDays?: number;
  readonly unansweredCount?: number;
  /** How many WIB days of unanswered questions the top list is made of. */
  readonly unansweredDays?: number;
  /** At most this many upcoming sessions, soonest first (they share the second read's 100 keys with the jobs). */
  readonly trainingCount?: number;
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
  const windowDays = options.ticketWindowDays ?? 30;

  return {
    async collect(now) {
      const weekend = openWeekend(now, options.promoCutoff);
      const windowKeys = lastWibDays(now, windowDays).map(ticketDayKey);
      const questionDays = lastWibDays(now, options.unansweredDays ?? 30);
      // Every figure and list: one BatchGetItem (30 + 30 days and 4 items fit in its 100 keys).
      const items = await readItems(store, [
        countersKey,
        promoWeekendKey(weekend),
        recentJobsKey,
        trainingsKey,
        ...windowKeys,
        ...questionDays.map(unansweredDayKey),
      ]);
      // The jobs and sessions those items name: one more BatchGetItem (5 jobs with 16 shards and a correction each, and up to 10
      // sessions fit in its 100 keys).
      const jobIds = newestJobEntries(items.get(recentJobsKey.sk), options.broadcastCount ?? 5).map(
        jobIdOfEntry,
      );
      const jobKeys = jobIds.flatMap(jobItemKeys);
      const sessionRoom = Math.max(0, Math.min(options.trainingCount ?? 10, 100 - jobKeys.length));
      const sessionIds = nextSessionIds(items.get(trainingsKey.sk), now, sessionRoom);
      const named = await fullItems(
        store.client,
        store.tableName,
        [...jobKeys, ...sessionIds.map(sessionKey)],
        "read listed jobs and sessions",
      );
      const recentJobs = jobIds.flatMap((id) => {
        const [job, ...shards] = named.filter((item) => item.pk === jobItemKeys(id)[0]?.pk);
        return job?.sk === "JOB" ? [jobFromItem(job, shards)] : [];
      });
      const sessions = named
        .filter((item) => item.sk === "SESSION")
        .map(sessionFromItem)
        .sort((a, b) => a.startsAt - b.startsAt);
      const questions = unansweredRows(
        questionDays.map((day) => ({ day, item: items.get(unansweredDayKey(day).sk) ?? {} })),
      );
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
        // Grouped by the same words in any order; `admin -- faq unanswered` also joins similar ones.
        unanswered: questions.slice(0, options.unansweredCount ?? 5).map((row) => ({
          question: row.examples[0] ?? "",
          count: row.count,
          // The same wording whatever order the store returns them in.
          example: row.examples[0] ?? "",
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
