// /statistik: the figures for staff, in chat (staff only, checked server-side on every request).
import type { UserRef } from "../events.js";
import type { FaqTopic, FaqTopicId } from "../faq/faq-topic-schema.js";
import { staleTopics } from "../faq/knowledge.js";
import type { AssignResult } from "../faq/knowledge-edit.js";
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import type { Statistics, StatsSource } from "./stats.js";

export interface StatsDeps {
  readonly stats: StatsSource;
  /** The answered topics: stale ones are listed, unanswered questions can be assigned to one. */
  readonly knowledge?: {
    topics(): readonly FaqTopic[];
    topic(id: FaqTopicId): FaqTopic | undefined;
    /** After an edit made here: this instance's next turn reads the new version. */
    invalidate(): void;
  };
  /** KNOWLEDGE_MAX_AGE_DAYS: a topic checked longer ago is listed for staff to check again. */
  readonly maxAgeDays?: number;
  /** Makes an unanswered question an example of a topic (the learning loop). */
  readonly assign?: (request: {
    readonly question: string;
    readonly topicId: FaqTopicId;
    readonly by: string;
    readonly at: Date;
  }) => Promise<AssignResult["status"] | "conflict">;
}

/** At most this many "assign" buttons under the list (WhatsApp shows up to ten rows). */
const MAX_ASSIGN_BUTTONS = 3;

/** Who assigned, as history keeps it: a WhatsApp id is a phone number, so only its last digits. */
const staffLabel = (user: UserRef) =>
  user.channel === "whatsapp" ? `whatsapp:…${user.userId.slice(-4)}` : `${user.channel}:${user.userId}`;

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
  const back = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });
  const staleLines = (ctx: TurnContext) => {
    if (!deps.knowledge) return [];
    const days = deps.maxAgeDays ?? 180;
    const stale = staleTopics(deps.knowledge.topics(), ctx.now, days);
    return [
      ctx.t("stats:staleTitle", { days }),
      ...(stale.length
        ? stale.map((row) =>
            ctx.t("stats:stale", { topic: row.id, checkedAt: row.checkedAt, age: row.ageDays }),
          )
        : [ctx.t("stats:none")]),
    ];
  };
  const show = async (ctx: TurnContext) => {
    if (ctx.contact.role !== "staff") {
      ctx.ask(ctx.t("stats:staffOnly"), [back(ctx)]);
      return;
    }
    const stats = await deps.stats.collect(ctx.now);
    // A question the matcher half-recognised can become an example of that topic with one tap.
    const assignable = deps.assign
      ? stats.unanswered
          .map((row, index) => ({
            index,
            question: row.example,
            topic: row.topicGuess ? deps.knowledge?.topic(row.topicGuess) : undefined,
          }))
          .filter((row): row is { index: number; question: string; topic: FaqTopic } => !!row.topic)
          .slice(0, MAX_ASSIGN_BUTTONS)
      : [];
    ctx.ask([formatStatistics((key, options) => ctx.t(key, options), stats), ...staleLines(ctx)].join("\n"), [
      ...assignable.map((row, i) => ({
        id: `st:as:${i}`,
        label: ctx.t("stats:assignButton", { n: row.index + 1, topic: row.topic.title[ctx.language] }),
      })),
      back(ctx),
    ]);
    if (assignable.length)
      ctx.setConversation({
        flow: "idle",
        step: "idle",
        data: { assignable: assignable.map((row) => ({ question: row.question, topic: row.topic.id })) },
      });
  };
  const assign = async (ctx: TurnContext, index: number) => {
    if (ctx.contact.role !== "staff") return ctx.ask(ctx.t("stats:staffOnly"), [back(ctx)]);
    const offered = Array.isArray(ctx.conversation?.data.assignable)
      ? (ctx.conversation.data.assignable as { question?: unknown; topic?: unknown }[])
      : [];
    const row = offered[index];
    if (!deps.assign || typeof row?.question !== "string" || typeof row.topic !== "string")
      return ctx.ask(ctx.t("errors.choiceExpired"), [back(ctx)]);
    const status = await deps.assign({
      question: row.question,
      topicId: row.topic,
      by: staffLabel(ctx.event.user),
      at: ctx.now,
    });
    if (status === "assigned") deps.knowledge?.invalidate();
    const title = deps.knowledge?.topic(row.topic)?.title[ctx.language] ?? row.topic;
    ctx.ask(ctx.t(`stats:assign.${status}`, { question: row.question, topic: title }), [
      { id: "st", label: ctx.t("stats:menu") },
      back(ctx),
    ]);
  };
  return {
    name: "stats",
    commands: { statistik: show, stats: show },
    keywords: { statistik: "statistik", statistics: "statistik" },
    choicePrefix: "st",
    onChoice: (ctx, arg) => {
      const assigned = /^as:(\d)$/.exec(arg);
      return assigned ? assign(ctx, Number(assigned[1])) : show(ctx);
    },
    menuEntries: (ctx) => (ctx.contact.role === "staff" ? [{ id: "st", label: ctx.t("stats:menu") }] : []),
  };
}
