// Statistics page (both roles): the figures of /statistik (core stats source) as charts, plus the console's
// own series (subscribers per week, promos per weekend) and each broadcast's receipts; CSV of each chart.
import * as z from "zod";
import enStrings from "../../../../locales/en/console-stats.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-stats.json" with { type: "json" };
import type { Language } from "../../core/contact.js";
import type { I18n } from "../../core/i18n.js";
import type { JobRepository } from "../../core/outbox/ports.js";
import type { Clock } from "../../core/ports.js";
import { weekendLabel } from "../../core/promo/weekend.js";
import type { StatsSource } from "../../core/stats/stats.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsolePage } from "../route.js";
import type { StatsSeries } from "../stats-series.js";

export interface StatsPageDeps {
  readonly source: StatsSource;
  readonly series: StatsSeries;
  /** Recent jobs with every counter (receipts included), for the broadcast outcomes. */
  readonly jobs: Pick<JobRepository, "listRecent">;
  readonly i18n: I18n;
  readonly clock: Clock;
}

const weeks = 12;
const weekends = 8;
const recentJobs = 8;
const charts = ["kecamatan", "category", "subscribers", "promos", "broadcasts", "tickets"] as const;
const csvSchema = z.object({ chart: z.enum(charts) });

export function createStatsPage(deps: StatsPageDeps): ConsolePage {
  async function collect(language: Language) {
    const now = deps.clock.now();
    const t = deps.i18n.t(language);
    const [stats, subscribers, promos, jobs] = await Promise.all([
      deps.source.collect(now),
      deps.series.subscribersWeekly(now, weeks),
      deps.series.promosWeekly(now, weekends),
      deps.jobs.listRecent(recentJobs),
    ]);
    const bars = (counts: Readonly<Record<string, number>>, label: (key: string) => string) =>
      Object.entries(counts)
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([key, count]) => ({ key, label: label(key), count }));
    return {
      generatedAt: now.getTime(),
      sellers: {
        total: stats.sellers.total,
        byKecamatan: bars(stats.sellers.byKecamatan, (key) => key),
        byCategory: bars(stats.sellers.byCategory, (key) => t(`registration:category.${key}`)),
      },
      subscribers: {
        active: stats.subscribers.active,
        optedOut: stats.subscribers.optedOut,
        weekly: subscribers,
      },
      promos: promos.map((row) => ({ ...row, label: weekendLabel(row.weekend, language) })),
      broadcasts: jobs
        .filter((job) => job.kind !== "reply")
        .map((job) => ({
          id: job.id,
          kind: job.kind,
          state: job.state,
          createdAt: job.createdAt,
          total: job.counters.total,
          sent: job.counters.sent,
          delivered: job.counters.delivered,
          read: job.counters.read,
          failed: job.counters.failed,
          blocked: job.counters.blocked,
        })),
      tickets: stats.tickets,
    };
  }

  const iso = (ms: number) => new Date(ms).toISOString();
  function rowsOf(chart: (typeof charts)[number], data: Awaited<ReturnType<typeof collect>>) {
    switch (chart) {
      case "kecamatan":
        return {
          columns: ["kecamatan", "sellers"],
          rows: data.sellers.byKecamatan.map((row) => ({ kecamatan: row.label, sellers: row.count })),
        };
      case "category":
        return {
          columns: ["category", "label", "sellers"],
          rows: data.sellers.byCategory.map((row) => ({
            category: row.key,
            label: row.label,
            sellers: row.count,
          })),
        };
      case "subscribers":
        return {
          columns: ["at", "active"],
          rows: data.subscribers.weekly.map((row) => ({ at: iso(row.at), active: row.active })),
        };
      case "promos":
        return { columns: ["weekend", "pending", "approved", "rejected", "withdrawn"], rows: data.promos };
      case "broadcasts":
        return {
          columns: [
            "id",
            "kind",
            "state",
            "createdAt",
            "total",
            "sent",
            "delivered",
            "read",
            "failed",
            "blocked",
          ],
          rows: data.broadcasts.map((row) => ({ ...row, createdAt: iso(row.createdAt) })),
        };
      case "tickets":
        return {
          columns: ["windowDays", "open", "openedInWindow", "answeredInWindow", "medianFirstResponseMinutes"],
          rows: [
            { ...data.tickets, medianFirstResponseMinutes: data.tickets.medianFirstResponseMinutes ?? "" },
          ],
        };
    }
  }

  return {
    id: "stats",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "stats",
        handle: async (call) => apiJson(200, await collect(call.language)),
      },
      {
        method: "GET",
        path: "stats.csv",
        async handle(call) {
          const parsed = csvSchema.safeParse(call.query);
          if (!parsed.success) return badRequest();
          const { columns, rows } = rowsOf(parsed.data.chart, await collect(call.language));
          await call.audit("stats.export", parsed.data.chart, undefined, { rows: rows.length });
          return csvDownload(
            `statistik-${parsed.data.chart}.csv`,
            rows as Record<string, unknown>[],
            columns,
          );
        },
      },
    ],
  };
}
