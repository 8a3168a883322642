// /statistik: the figures for staff, in chat (staff only, checked server-side on every request).
import type { Language } from "../contact.js";
import type { FaqTopic, FaqTopicId } from "../faq/faq-topic-schema.js";
import { staleTopics } from "../faq/knowledge.js";
import { type AssignResult, editorLabel } from "../faq/knowledge-edit.js";
import type { Feature } from "../feature.js";
import type { Translate } from "../i18n.js";
import type { Audience } from "../outbox/model.js";
import { audienceLabel } from "../outbox/report.js";
import { kecamatanById } from "../registration/kecamatan.js";
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

/** "name n, name n" with each name as staff read it (`label`), or "—". */
const counts = (record: Readonly<Record<string, number>>, label: (name: string) => string, limit = 6) =>
  Object.entries(record)
    .slice(0, limit)
    .map(([name, count]) => `${label(name)} ${count}`)
    .join(", ") || "—";

/** "3 Des 00.19 WIB" / "3 Dec 00:19 WIB": staff are in Bandar Lampung, whatever the server's zone. */
export function shortWib(at: number | string, language: Language): string {
  const date = new Date(at);
  const locale = language === "id" ? "id-ID" : "en-GB";
  const day = date.toLocaleDateString(locale, { day: "numeric", month: "short", timeZone: "Asia/Jakarta" });
  const time = date.toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Jakarta",
  });
  return `${day.replace(".", "")} ${language === "id" ? time.replace(":", ".") : time} WIB`;
}

/** A weekend id (its Saturday, "2026-12-05") as "5 Des 2026". */
const weekendLabel = (weekend: string, language: Language) =>
  /^\d{4}-\d{2}-\d{2}$/.test(weekend)
    ? new Date(`${weekend}T12:00:00Z`)
        .toLocaleDateString(language === "id" ? "id-ID" : "en-GB", {
          day: "numeric",
          month: "short",
          year: "numeric",
          timeZone: "UTC",
        })
        .replace(".", "")
    : weekend;

/** The statistics' "kind" or "kind:value" audience, as the broadcast texts name it. */
const audienceText = (t: Translate, label: string) => {
  const [kind, value = ""] = label.split(/:(.*)/s);
  const audience = (kind === "kategori" || kind === "kecamatan" ? { kind, value } : { kind }) as Audience;
  return audienceLabel(t, { audience });
};

export function formatStatistics(t: Translate, stats: Statistics, language: Language): string {
  const category = (id: string) => t(`registration:category.${id}`, { defaultValue: id });
  const lines = [
    t("stats:title"),
    "",
    t("stats:sellers", {
      total: stats.sellers.total,
      byStatus: counts(stats.sellers.byStatus, (status) =>
        t(`stats:sellerStatus.${status}`, { defaultValue: status }),
      ),
    }),
    t("stats:byCategory", { list: counts(stats.sellers.byCategory, category) }),
    t("stats:byKecamatan", {
      list: counts(stats.sellers.byKecamatan, (id) => kecamatanById(id)?.name ?? id),
    }),
    t("stats:subscribers", stats.subscribers),
    t("stats:promos", {
      weekend: weekendLabel(stats.promos.weekend, language),
      total: stats.promos.total,
      byStatus: counts(stats.promos.byStatus, (status) =>
        t(`promo:submit.status.${status}`, { defaultValue: status }),
      ),
    }),
    t("stats:broadcastsTitle"),
    ...(stats.broadcasts.length
      ? stats.broadcasts.map((job) =>
          t("stats:broadcast", {
            ...job,
            createdAt: shortWib(job.createdAt, language),
            audience: audienceText(t, job.audience),
            state: t(`broadcast:state.${job.state}`, { defaultValue: job.state }),
          }),
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
      ? stats.trainings.map((row) =>
          t("stats:training", { ...row, startsAt: shortWib(row.startsAt, language) }),
        )
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
    ctx.ask([formatStatistics(ctx.tFor(ctx.language), stats, ctx.language), ...staleLines(ctx)].join("\n"), [
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
