// Staff edits to the knowledge: what changed per topic, and the write the store must make atomically.
import type { UserRef } from "../events.js";
import { editableFaqTopicSchema, type FaqTopic, type FaqTopicId } from "./faq-topic-schema.js";

/** One stored version of a topic: who saved it, when, and which fields differ from the version before. */
export interface KnowledgeVersion {
  readonly topicId: FaqTopicId;
  readonly version: number;
  readonly contentVersion: number;
  readonly by: string;
  readonly at: string;
  /** Top-level fields changed ("created" for a new topic, "seed" for the shipped text kept as version 1). */
  readonly changed: readonly string[];
  readonly topic: FaqTopic;
}

/** A topic as it stands in the store now. */
export interface StoredTopic {
  readonly topic: FaqTopic;
  readonly version: number;
}

/** The atomic write of one import or assignment. */
export interface KnowledgeChange {
  /** The content version the change was computed against (another edit in between makes it fail). */
  readonly expectedVersion: number;
  readonly by: string;
  readonly at: Date;
  readonly topics: readonly {
    readonly topic: FaqTopic;
    readonly version: number;
    readonly changed: readonly string[];
    /** The shipped text the first edit replaces, kept as version 1 of the topic's history. */
    readonly seed?: FaqTopic;
  }[];
}

export interface KnowledgeStore {
  current(): Promise<{ readonly version: number; readonly topics: readonly StoredTopic[] }>;
  history(topicId: FaqTopicId): Promise<KnowledgeVersion[]>;
  /** Writes every topic and the new content version in one transaction; returns the new version. */
  apply(change: KnowledgeChange): Promise<number>;
}

/** Another edit was saved between reading and writing: nothing was applied. */
export class KnowledgeConflictError extends Error {
  override readonly name = "KnowledgeConflictError";
}

/** More topics than one DynamoDB transaction can write: nothing was applied. */
export class KnowledgeTooLargeError extends Error {
  override readonly name = "KnowledgeTooLargeError";
}

/** Top-level fields of a topic whose values differ (key order does not count). */
export function changedFields(before: FaqTopic | undefined, after: FaqTopic): string[] {
  if (!before) return ["created"];
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
    );
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof FaqTopic>;
  return [...fields].filter((field) => canonical(before[field]) !== canonical(after[field])).sort();
}

/**
 * The change that makes `incoming` current: only topics that differ from what is answered now, each with its
 * next version number (a shipped topic edited for the first time keeps its shipped text as version 1).
 */
export function planChange(
  current: { readonly version: number; readonly topics: readonly StoredTopic[] },
  shipped: readonly FaqTopic[],
  incoming: readonly FaqTopic[],
  by: string,
  at: Date,
): KnowledgeChange {
  const stored = new Map(current.topics.map((entry) => [entry.topic.id, entry]));
  const shippedById = new Map(shipped.map((topic) => [topic.id, topic]));
  const topics: KnowledgeChange["topics"][number][] = [];
  for (const topic of incoming) {
    const edited = stored.get(topic.id);
    const seed = edited ? undefined : shippedById.get(topic.id);
    const changed = changedFields(edited?.topic ?? seed, topic);
    if (changed.length === 0) continue;
    const version = edited ? edited.version + 1 : seed ? 2 : 1;
    topics.push({ topic, version, changed, ...(seed ? { seed } : {}) });
  }
  return { expectedVersion: current.version, by, at, topics };
}

export type AssignResult =
  | { readonly status: "assigned"; readonly version: number; readonly change: KnowledgeChange }
  | { readonly status: "known" | "unknown-topic" | "too-long" };

/** What chat answers for a store state (shipped topics with valid edits merged over them). */
export type AnsweredTopics = (current: Awaited<ReturnType<KnowledgeStore["current"]>>) => readonly FaqTopic[];

/** Who edited, as history keeps it: a WhatsApp id is a phone number, so only its last digits. */
export const editorLabel = (user: UserRef): string =>
  user.channel === "whatsapp" ? `whatsapp:…${user.userId.slice(-4)}` : `${user.channel}:${user.userId}`;

/**
 * The learning loop: `question` becomes an (Indonesian) example of the topic, so the matcher answers it once the
 * new version is read. `answered` is what chat answers now (shipped topics with valid edits merged over them).
 */
export async function assignQuestion(
  store: KnowledgeStore,
  answered: AnsweredTopics,
  shipped: readonly FaqTopic[],
  request: {
    readonly question: string;
    readonly topicId: FaqTopicId;
    readonly by: string;
    readonly at: Date;
  },
): Promise<AssignResult> {
  const { question, ...rest } = request;
  return assignQuestions(store, answered, shipped, { ...rest, questions: [question] });
}

/** Several wordings of one question (a group of unanswered questions) become examples of a topic at once. */
export async function assignQuestions(
  store: KnowledgeStore,
  answered: AnsweredTopics,
  shipped: readonly FaqTopic[],
  request: {
    readonly questions: readonly string[];
    readonly topicId: FaqTopicId;
    readonly by: string;
    readonly at: Date;
  },
): Promise<AssignResult> {
  const current = await store.current();
  const topic = answered(current).find((item) => item.id === request.topicId);
  if (!topic) return { status: "unknown-topic" };
  const questions = request.questions.map((question) => question.trim()).filter(Boolean);
  if (questions.some((question) => question.length > 200)) return { status: "too-long" };
  const known = new Set(topic.examples.id.map((example) => example.toLowerCase()));
  const added: string[] = [];
  for (const question of questions) {
    if (known.has(question.toLowerCase())) continue;
    known.add(question.toLowerCase());
    added.push(question);
  }
  if (!added.length) return { status: "known" };
  const updated = { ...topic, examples: { ...topic.examples, id: [...topic.examples.id, ...added] } };
  const change = planChange(current, shipped, [updated], request.by, request.at);
  return { status: "assigned", version: await store.apply(change), change };
}

/** A topic's version as history numbers it: the stored one, or 1 (the shipped text) when never edited. */
export function topicVersion(
  current: Awaited<ReturnType<KnowledgeStore["current"]>>,
  topicId: FaqTopicId,
): number {
  return current.topics.find((entry) => entry.topic.id === topicId)?.version ?? 1;
}

/** The parts of a topic staff edit in one form (the console): both answers, both example lists, checkedAt. */
export interface TopicEdit {
  readonly answer: FaqTopic["answer"];
  readonly examples: FaqTopic["examples"];
  readonly checkedAt?: string;
}

export type EditResult =
  | {
      readonly status: "saved";
      readonly version: number;
      readonly before: FaqTopic;
      readonly after: FaqTopic;
    }
  | { readonly status: "unchanged" | "unknown-topic" }
  | { readonly status: "conflict"; readonly version: number }
  | { readonly status: "invalid"; readonly problems: readonly { path: string; message: string }[] };

/**
 * Edits one topic if it is still at `expectedVersion` (optimistic concurrency: an edit saved meanwhile, here or
 * from the CLI, refuses this one with nothing applied). The edited topic passes the same schema as an import.
 */
export async function editTopic(
  store: KnowledgeStore,
  answered: AnsweredTopics,
  shipped: readonly FaqTopic[],
  request: {
    readonly topicId: FaqTopicId;
    readonly expectedVersion: number;
    readonly edit: TopicEdit;
    readonly by: string;
    readonly at: Date;
  },
): Promise<EditResult> {
  const current = await store.current();
  const before = answered(current).find((item) => item.id === request.topicId);
  if (!before) return { status: "unknown-topic" };
  const version = topicVersion(current, request.topicId);
  if (version !== request.expectedVersion) return { status: "conflict", version };
  const parsed = editableFaqTopicSchema().safeParse({ ...before, ...request.edit });
  if (!parsed.success)
    return {
      status: "invalid",
      problems: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    };
  const change = planChange(current, shipped, [parsed.data], request.by, request.at);
  if (!change.topics.length) return { status: "unchanged" };
  try {
    await store.apply(change);
  } catch (error) {
    // Another edit between our read and write: the transaction applied nothing.
    if (error instanceof KnowledgeConflictError) return { status: "conflict", version };
    throw error;
  }
  return { status: "saved", version: change.topics[0]!.version, before, after: parsed.data };
}
