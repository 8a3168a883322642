// Staff edits to the knowledge: what changed per topic, and the write the store must make atomically.
import type { FaqTopic, FaqTopicId } from "./faq-topic-schema.js";

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

/**
 * The learning loop: `question` becomes an (Indonesian) example of the topic, so the matcher answers it once the
 * new version is read. `answered` is what chat answers now (shipped topics with valid edits merged over them).
 */
export async function assignQuestion(
  store: KnowledgeStore,
  answered: (current: Awaited<ReturnType<KnowledgeStore["current"]>>) => readonly FaqTopic[],
  shipped: readonly FaqTopic[],
  request: {
    readonly question: string;
    readonly topicId: FaqTopicId;
    readonly by: string;
    readonly at: Date;
  },
): Promise<AssignResult> {
  const current = await store.current();
  const topic = answered(current).find((item) => item.id === request.topicId);
  if (!topic) return { status: "unknown-topic" };
  const question = request.question.trim();
  if (question.length > 200) return { status: "too-long" };
  if (topic.examples.id.some((example) => example.toLowerCase() === question.toLowerCase()))
    return { status: "known" };
  const updated = { ...topic, examples: { ...topic.examples, id: [...topic.examples.id, question] } };
  const change = planChange(current, shipped, [updated], request.by, request.at);
  return { status: "assigned", version: await store.apply(change), change };
}
