// Knowledge page (admins): the FAQ topics as chat answers them (shipped + staff edits), search, stale topics,
// editing a topic's answers and examples with its history, and the unanswered-questions queue assigned to topics.
// Every write goes through the same core as the admin CLI and the /statistik teach flow (knowledge-edit.ts).
import * as z from "zod";
import enStrings from "../../../../locales/en/console-knowledge.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-knowledge.json" with { type: "json" };
import type { FaqTopic } from "../../core/faq/faq-topic-schema.js";
import { answeredTopics, type Knowledge, staleTopics } from "../../core/faq/knowledge.js";
import {
  type AnsweredTopics,
  assignQuestions,
  editorLabel,
  editTopic,
  KnowledgeConflictError,
  type KnowledgeStore,
  topicVersion,
} from "../../core/faq/knowledge-edit.js";
import {
  summariseUnanswered,
  type UnansweredLog,
  type UnansweredSummary,
} from "../../core/faq/unanswered.js";
import type { Clock } from "../../core/ports.js";
import {
  KNOWLEDGE_COLUMNS,
  knowledgeRows,
  UNANSWERED_COLUMNS,
  unansweredRows,
} from "../../format/knowledge-csv.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface KnowledgePageDeps {
  readonly store: KnowledgeStore;
  readonly unanswered: UnansweredLog;
  /** The chat's knowledge: told to reread the version after an edit made here. */
  readonly knowledge: Pick<Knowledge, "invalidate">;
  readonly shippedTopics: () => readonly FaqTopic[];
  readonly clock: Clock;
  /** KNOWLEDGE_MAX_AGE_DAYS */
  readonly maxAgeDays: number;
}

const topicId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(40);
const listSchema = z.object({
  q: z.string().trim().max(100).default(""),
  stale: z.enum(["0", "1"]).default("0"),
});
const historySchema = z.object({ id: topicId });
// Shapes only: the content rules (lengths, no HTML or markdown, at least 3 examples) are the topic schema's.
const texts = z.strictObject({ id: z.string().max(2000), en: z.string().max(2000) });
const phrases = z.array(z.string().max(300)).max(300);
const saveSchema = z.strictObject({
  id: topicId,
  version: z.number().int().min(1).max(1_000_000),
  answer: texts,
  examples: z.strictObject({ id: phrases, en: phrases }),
  /** Marks the topic as checked today (WIB). */
  checked: z.boolean().default(false),
});
const assignSchema = z.strictObject({ group: z.string().trim().min(1).max(300), topic: topicId });

/** Today in WIB (UTC+7, no daylight saving) as YYYY-MM-DD. */
const wibDate = (now: Date) => new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);

export function createKnowledgePage(deps: KnowledgePageDeps): ConsolePage {
  const answered: AnsweredTopics = (current) =>
    answeredTopics(
      deps.shippedTopics(),
      current.topics.map((entry) => entry.topic),
    );
  const by = (call: ConsoleCall) => editorLabel(call.staff.user);

  /** The topics as chat answers them, with their version, edited flag and age; filtered by the query. */
  async function topics(call: ConsoleCall) {
    const parsed = listSchema.safeParse(call.query);
    if (!parsed.success) return undefined;
    const current = await deps.store.current();
    const all = answered(current);
    const edited = new Set(current.topics.map((entry) => entry.topic.id));
    const stale = new Map(
      staleTopics(all, deps.clock.now(), deps.maxAgeDays).map((row) => [row.id, row.ageDays]),
    );
    const needle = parsed.data.q.toLocaleLowerCase("id");
    const found = all.filter(
      (topic) =>
        (parsed.data.stale === "0" || stale.has(topic.id)) &&
        (!needle ||
          [topic.id, topic.title.id, topic.title.en, topic.answer.id, topic.answer.en, ...topic.examples.id]
            .join("\n")
            .toLocaleLowerCase("id")
            .includes(needle)),
    );
    return { current, found, edited, stale };
  }

  /** The queue grouped as the CLI groups it; a group whose wordings are all examples of a topic names it. */
  async function groups() {
    const [current, questions] = await Promise.all([
      deps.store.current(),
      deps.unanswered.list(deps.clock.now()),
    ]);
    const all = answered(current);
    const taughtTo = (group: UnansweredSummary) =>
      all.find((topic) => {
        const known = new Set(topic.examples.id.map((example) => example.toLowerCase()));
        return group.examples.every((example) => known.has(example.trim().toLowerCase()));
      })?.id;
    return {
      all,
      summary: summariseUnanswered(questions).map((group) => ({ ...group, taught: taughtTo(group) ?? null })),
    };
  }

  return {
    id: "knowledge",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "knowledge",
        adminOnly: true,
        async handle(call) {
          const result = await topics(call);
          if (!result) return badRequest();
          const { current, found, edited, stale } = result;
          return apiJson(200, {
            contentVersion: current.version,
            maxAgeDays: deps.maxAgeDays,
            topics: found.map((topic) => ({
              id: topic.id,
              group: topic.group,
              office: topic.office,
              title: topic.title,
              answer: topic.answer,
              examples: topic.examples,
              checkedAt: topic.checkedAt,
              version: topicVersion(current, topic.id),
              edited: edited.has(topic.id),
              staleDays: stale.get(topic.id) ?? null,
            })),
          });
        },
      },
      {
        method: "GET",
        path: "knowledge.csv",
        adminOnly: true,
        async handle(call) {
          const result = await topics(call);
          if (!result) return badRequest();
          await call.audit("knowledge.export", "knowledge", undefined, { topics: result.found.length });
          return csvDownload("pengetahuan.csv", knowledgeRows(result.found), KNOWLEDGE_COLUMNS);
        },
      },
      {
        method: "GET",
        path: "knowledge/history",
        adminOnly: true,
        async handle(call) {
          const parsed = historySchema.safeParse(call.query);
          if (!parsed.success) return badRequest();
          const versions = await deps.store.history(parsed.data.id);
          const shipped = deps.shippedTopics().find((topic) => topic.id === parsed.data.id);
          if (!versions.length && !shipped) return apiJson(404, { error: "missing" });
          // Never edited: the shipped text is the only version (as `admin -- knowledge history` shows it).
          const rows = versions.length
            ? versions
            : [
                {
                  version: 1,
                  contentVersion: 0,
                  at: shipped!.checkedAt,
                  by: "shipped",
                  changed: ["seed"],
                  topic: shipped!,
                },
              ];
          return apiJson(200, {
            versions: rows
              .map((entry) => ({
                version: entry.version,
                at: entry.at,
                by: entry.by,
                changed: entry.changed,
                checkedAt: entry.topic.checkedAt,
                answer: entry.topic.answer,
              }))
              .reverse(),
          });
        },
      },
      {
        method: "POST",
        path: "knowledge/save",
        adminOnly: true,
        async handle(call) {
          const parsed = saveSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const input = parsed.data;
          const clean = (list: readonly string[]) => list.map((item) => item.trim()).filter(Boolean);
          const result = await editTopic(deps.store, answered, deps.shippedTopics(), {
            topicId: input.id,
            expectedVersion: input.version,
            edit: {
              answer: input.answer,
              examples: { id: clean(input.examples.id), en: clean(input.examples.en) },
              ...(input.checked ? { checkedAt: wibDate(deps.clock.now()) } : {}),
            },
            by: by(call),
            at: deps.clock.now(),
          });
          if (result.status === "unknown-topic") return apiJson(404, { error: "missing" });
          if (result.status === "conflict")
            return apiJson(409, { error: "conflict", version: result.version });
          if (result.status === "invalid")
            return apiJson(400, { error: "invalid", problems: result.problems });
          if (result.status !== "saved") return apiJson(200, { ok: true, unchanged: true });
          const snapshot = (topic: FaqTopic, version: number) => ({
            version,
            answer: topic.answer,
            examples: topic.examples,
            checkedAt: topic.checkedAt,
          });
          await call.audit(
            "knowledge.edit",
            input.id,
            snapshot(result.before, input.version),
            snapshot(result.after, result.version),
          );
          // This instance's next chat turn reads the new version; other instances within the TTL.
          deps.knowledge.invalidate();
          return apiJson(200, { ok: true, version: result.version });
        },
      },
      {
        method: "GET",
        path: "knowledge/unanswered",
        adminOnly: true,
        async handle() {
          const { all, summary } = await groups();
          return apiJson(200, {
            groups: summary,
            topics: all.map((topic) => ({ id: topic.id, title: topic.title })),
          });
        },
      },
      {
        method: "GET",
        path: "knowledge/unanswered.csv",
        adminOnly: true,
        async handle(call) {
          const { summary } = await groups();
          await call.audit("knowledge.unanswered_export", "unanswered", undefined, {
            groups: summary.length,
          });
          return csvDownload("pertanyaan-belum-terjawab.csv", unansweredRows(summary), UNANSWERED_COLUMNS);
        },
      },
      {
        method: "POST",
        path: "knowledge/assign",
        adminOnly: true,
        async handle(call) {
          const parsed = assignSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const { summary } = await groups();
          // The group as the queue shows it now (its shown wordings); gone when its questions expired.
          const group = summary.find((row) => row.normalised === parsed.data.group);
          if (!group) return apiJson(404, { error: "missing" });
          const result = await assignQuestions(deps.store, answered, deps.shippedTopics(), {
            questions: group.examples,
            topicId: parsed.data.topic,
            by: by(call),
            at: deps.clock.now(),
          }).catch((error: unknown) => {
            if (error instanceof KnowledgeConflictError) return { status: "conflict" } as const;
            throw error;
          });
          if (result.status === "unknown-topic") return apiJson(404, { error: "missing" });
          if (result.status === "conflict") return apiJson(409, { error: "conflict" });
          if (result.status === "too-long") return apiJson(400, { error: "too-long" });
          if (result.status !== "assigned") return apiJson(200, { ok: true, known: true });
          const entry = result.change.topics[0]!;
          await call.audit(
            "knowledge.assign",
            parsed.data.topic,
            { version: entry.version - 1, group: group.normalised },
            { version: entry.version, questions: group.examples },
          );
          deps.knowledge.invalidate();
          return apiJson(200, { ok: true, version: entry.version });
        },
      },
    ],
  };
}
