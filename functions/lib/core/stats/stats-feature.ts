// /statistik: the figures for staff, in chat (staff only, checked server-side on every request).
import type { Feature } from "../feature.js";
import type { TurnContext } from "../turn.js";
import type { Statistics, StatsSource } from "./stats.js";

export interface StatsDeps {
  readonly stats: StatsSource;
}

const counts = (record: Readonly<Record<string, number>>, limit = 6) =>
  Object.entries(record)
    .slice(0, limit)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ") || "—";

export function formatStatistics(
  t: (key: string, options?: Record<string, unknown>) => string,
  stats: Statistics,
): string {
  const lines = [
    t("stats:title"),
    "",
    t("stats:sellers", { total: stats.sellers.total, byStatus: counts(stats.sellers.byStatus) }),
    t("stats:byCategory", { list: counts(stats.sellers.byCategory) }),
    t("stats:byKecamatan", { list: counts(stats.sellers.byKecamatan) }),
    t("stats:subscribers", stats.subscribers),
    t("stats:promos", {
      weekend: stats.promos.weekend,
      total: stats.promos.total,
      byStatus: counts(stats.promos.byStatus),
    }),
    t("stats:broadcastsTitle"),
    ...(stats.broadcasts.length
      ? stats.broadcasts.map((job) =>
          t("stats:broadcast", { ...job, createdAt: job.createdAt.slice(0, 16).replace("T", " ") }),
        )
      : [t("stats:none")]),
    t("stats:tickets", {
      open: stats.tickets.open,
      days: stats.tickets.windowDays,
      opened: stats.tickets.openedInWindow,
      answered: stats.tickets.answeredInWindow,
      median:
        stats.tickets.medianFirstResponseMinutes === null
          ? "—"
          : String(Math.round(stats.tickets.medianFirstResponseMinutes)),
    }),
    t("stats:unansweredTitle"),
    ...(stats.unanswered.length
      ? stats.unanswered.map((row, index) => `${index + 1}. ${row.question} (${row.count}×)`)
      : [t("stats:none")]),
    t("stats:trainingsTitle"),
    ...(stats.trainings.length
      ? stats.trainings.map((row) => t("stats:training", { ...row, startsAt: row.startsAt.slice(0, 10) }))
      : [t("stats:none")]),
  ];
  return lines.join("\n");
}

export function createStatsFeature(deps: StatsDeps): Feature {
  const show = async (ctx: TurnContext) => {
    if (ctx.contact.role !== "staff") {
      ctx.ask(ctx.t("stats:staffOnly"), [{ id: "menu", label: ctx.t("menu.back") }]);
      return;
    }
    const stats = await deps.stats.collect(ctx.now);
    ctx.ask(
      formatStatistics((key, options) => ctx.t(key, options), stats),
      [{ id: "menu", label: ctx.t("menu.back") }],
    );
  };
  return {
    name: "stats",
    commands: { statistik: show, stats: show },
    keywords: { statistik: "statistik", statistics: "statistik" },
    choicePrefix: "st",
    onChoice: show,
    menuEntries: (ctx) => (ctx.contact.role === "staff" ? [{ id: "st", label: ctx.t("stats:menu") }] : []),
  };
}
