// /statistik: the figures for staff, in chat (staff only, checked server-side on every request).
import type { FaqTopic, FaqTopicId } from "../faq/faq-topic-schema.js";
import { staleTopics } from "../faq/knowledge.js";
import { type AssignResult, editorLabel } from "../faq/knowledge-edit.js";
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import { truncate } from "../text.js";
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
      ? stats.unanswered.map((row, index) => `${index + 1}. ${row.example} (${row.count}×)`)
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
            ctx.t("stats:stale", {
              topic: deps.knowledge?.topic(row.id)?.title[ctx.language] ?? row.id,
              checkedAt: row.checkedAt,
              age: row.ageDays,
            }),
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
    // Any question, guessed or not, can be taught by picking its topic from the whole list.
    const teachable = deps.assign && deps.knowledge ? stats.unanswered.map((row) => row.example) : [];
    ctx.ask([formatStatistics((key, options) => ctx.t(key, options), stats), ...staleLines(ctx)].join("\n"), [
      ...assignable.map((row, i) => ({
        id: `st:as:${i}`,
        label: ctx.t("stats:assignButton", { n: row.index + 1, topic: row.topic.title[ctx.language] }),
      })),
      ...(teachable.length ? [{ id: "st:teach", label: ctx.t("stats:teach.button") }] : []),
      back(ctx),
    ]);
    if (assignable.length || teachable.length)
      ctx.setConversation({
        flow: "idle",
        step: "idle",
        data: {
          assignable: assignable.map((row) => ({ question: row.question, topic: row.topic.id })),
          teachable,
        },
      });
  };
  const stored = (ctx: TurnContext, key: string): unknown[] => {
    const value = ctx.conversation?.data[key];
    return Array.isArray(value) ? value : [];
  };
  /** Step 1 of teaching: which unanswered question. */
  const pickQuestion = (ctx: TurnContext) => {
    if (ctx.contact.role !== "staff") return ctx.ask(ctx.t("stats:staffOnly"), [back(ctx)]);
    const questions = stored(ctx, "teachable").filter((q): q is string => typeof q === "string");
    if (!questions.length) return ctx.ask(ctx.t("errors.choiceExpired"), [back(ctx)]);
    ctx.ask(
      [ctx.t("stats:teach.pickQuestion"), "", ...questions.map((q, i) => `${i + 1}. ${q}`)].join("\n"),
      questions.map((q, i) => ({ id: `st:tq:${i}`, label: `${i + 1}. ${truncate(q, 20)}` })),
    );
    ctx.setConversation({ flow: "idle", step: "idle", data: { teachable: questions } });
  };
  /** Step 2: which topic (every topic, paged by the channel's limits). */
  const pickTopic = (ctx: TurnContext, index: number) => {
    if (ctx.contact.role !== "staff") return ctx.ask(ctx.t("stats:staffOnly"), [back(ctx)]);
    const question = stored(ctx, "teachable")[index];
    const topics = deps.knowledge?.topics() ?? [];
    if (typeof question !== "string" || !topics.length)
      return ctx.ask(ctx.t("errors.choiceExpired"), [back(ctx)]);
    ctx.ask(
      ctx.t("stats:teach.pickTopic", { question }),
      topics.map((topic, i) => ({ id: `st:tt:${i}`, label: topic.title[ctx.language] })),
    );
    ctx.setConversation({
      flow: "idle",
      step: "idle",
      data: { teachQuestion: question, teachTopics: topics.map((topic) => topic.id) },
    });
  };
  /** A guessed topic's button (`as`), or the topic picked for the question being taught (`tt`). */
  const assign = async (ctx: TurnContext, kind: string, index: number) => {
    if (ctx.contact.role !== "staff") return ctx.ask(ctx.t("stats:staffOnly"), [back(ctx)]);
    const row =
      kind === "as"
        ? (stored(ctx, "assignable")[index] as { question?: unknown; topic?: unknown } | undefined)
        : { question: ctx.conversation?.data.teachQuestion, topic: stored(ctx, "teachTopics")[index] };
    if (!deps.assign || typeof row?.question !== "string" || typeof row.topic !== "string")
      return ctx.ask(ctx.t("errors.choiceExpired"), [back(ctx)]);
    const status = await deps.assign({
      question: row.question,
      topicId: row.topic,
      by: editorLabel(ctx.event.user),
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
      if (arg === "teach") return pickQuestion(ctx);
      const [, kind, index] = /^(as|tq|tt):(\d{1,3})$/.exec(arg) ?? [];
      if (kind === "tq") return pickTopic(ctx, Number(index));
      return kind ? assign(ctx, kind, Number(index)) : show(ctx);
    },
    menuEntries: (ctx) => (ctx.contact.role === "staff" ? [{ id: "st", label: ctx.t("stats:menu") }] : []),
  };
}
