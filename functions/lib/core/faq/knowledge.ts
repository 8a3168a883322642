// The knowledge the bot answers from: the shipped topics, overridden and extended by staff edits in the store.
// Every Lambda reads the content version at most once a minute and rebuilds its matcher only when it changed.
import type { FaqMatcher } from "./faq-matcher.js";
import { editableFaqTopicSchema, type FaqTopic, type FaqTopicId } from "./faq-topic-schema.js";

/** What the store keeps of staff edits (the port; the DynamoDB adapter is store/knowledge-repository.ts). */
export interface KnowledgeSource {
  /** The current content version: 0 while staff never edited anything. */
  version(): Promise<number>;
  /** The edited topics as stored (validated here) and the version they belong to. */
  editedTopics(): Promise<{ readonly version: number; readonly topics: readonly unknown[] }>;
}

export interface Knowledge {
  /** Reads the content version when the cached one is older than the TTL; swaps in that version's topics. */
  refresh(now: Date): Promise<void>;
  matcher(): FaqMatcher;
  topic(id: FaqTopicId): FaqTopic | undefined;
  topics(): readonly FaqTopic[];
  version(): number;
  /** Forgets the cached version read: this instance's next turn reads it (after an edit made here). */
  invalidate(): void;
}

export interface KnowledgeDeps {
  readonly source: KnowledgeSource;
  readonly shippedTopics: () => readonly FaqTopic[];
  /** The shipped matcher (built once per process, whatever the store holds). */
  readonly shippedMatcher: () => FaqMatcher;
  readonly buildMatcher: (topics: readonly FaqTopic[]) => FaqMatcher;
  /** How long a version read is trusted; edits reach every Lambda within this time. */
  readonly ttlMs?: number;
  /** A store read or a stored topic that failed: the last good content stays in use. */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

export const KNOWLEDGE_TTL_MS = 60_000;

/** The shipped topics with the edited ones in place (same id) or added (new id), shipped order first. */
export function mergeTopics(shipped: readonly FaqTopic[], edited: readonly FaqTopic[]): FaqTopic[] {
  const byId = new Map(edited.map((topic) => [topic.id, topic]));
  const merged = shipped.map((topic) => byId.get(topic.id) ?? topic);
  const shippedIds = new Set(shipped.map((topic) => topic.id));
  const added = edited.filter((topic) => !shippedIds.has(topic.id)).sort((a, b) => a.id.localeCompare(b.id));
  return [...merged, ...added];
}

/** What chat answers for a store's current edits: the shipped topics with the valid edits over them. */
export function answeredTopics(shipped: readonly FaqTopic[], stored: readonly unknown[]): FaqTopic[] {
  return mergeTopics(shipped, validEdits(stored).topics);
}

/** Stored topics that pass the schema (the rest are named in `rejected`), merged over the shipped ones. */
export function validEdits(stored: readonly unknown[]): { topics: FaqTopic[]; rejected: string[] } {
  const topics: FaqTopic[] = [];
  const rejected: string[] = [];
  for (const raw of stored) {
    const parsed = editableFaqTopicSchema().safeParse(raw);
    if (parsed.success) topics.push(parsed.data);
    else rejected.push(typeof raw === "object" && raw && "id" in raw ? String(raw.id) : "?");
  }
  return { topics, rejected };
}

interface Content {
  readonly version: number;
  readonly topics: readonly FaqTopic[];
  readonly byId: ReadonlyMap<FaqTopicId, FaqTopic>;
  readonly matcher: () => FaqMatcher;
}

export function createKnowledge(deps: KnowledgeDeps): Knowledge {
  const ttlMs = deps.ttlMs ?? KNOWLEDGE_TTL_MS;
  const contentOf = (version: number, topics: readonly FaqTopic[], matcher: () => FaqMatcher): Content => ({
    version,
    topics,
    byId: new Map(topics.map((topic) => [topic.id, topic])),
    matcher,
  });
  const shipped = () => contentOf(0, deps.shippedTopics(), deps.shippedMatcher);
  let content: Content | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;

  async function load(): Promise<void> {
    const version = await deps.source.version();
    if (version === (content?.version ?? 0)) return;
    if (version === 0) {
      content = shipped();
      return;
    }
    const stored = await deps.source.editedTopics();
    const { topics: edited, rejected } = validEdits(stored.topics);
    if (rejected.length)
      deps.warn?.("knowledge: stored topics failed validation; the shipped ones stay", { topics: rejected });
    const topics = mergeTopics(deps.shippedTopics(), edited);
    // One matcher per version, built on first use in a turn (never per request).
    let matcher: FaqMatcher | undefined;
    content = contentOf(stored.version, topics, () => {
      matcher ??= deps.buildMatcher(topics);
      return matcher;
    });
  }

  const current = () => {
    content ??= shipped();
    return content;
  };

  return {
    async refresh(now) {
      if (now.getTime() - checkedAt < ttlMs && now.getTime() >= checkedAt) return;
      pending ??= load()
        .then(() => {
          checkedAt = now.getTime();
        })
        .catch((error: unknown) => {
          // The last good content answers; the next turn after the TTL tries again.
          checkedAt = now.getTime();
          deps.warn?.("knowledge: the content version could not be read", {
            error: error instanceof Error ? error.name : String(error),
          });
        })
        .finally(() => {
          pending = undefined;
        });
      await pending;
    },
    matcher: () => current().matcher(),
    topic: (id) => current().byId.get(id),
    topics: () => current().topics,
    version: () => current().version,
    invalidate: () => {
      checkedAt = Number.NEGATIVE_INFINITY;
    },
  };
}

/** Topics last checked more than `maxAgeDays` before `now`, oldest first. */
export function staleTopics(
  topics: readonly FaqTopic[],
  now: Date,
  maxAgeDays: number,
): { id: FaqTopicId; checkedAt: string; ageDays: number }[] {
  const day = 24 * 60 * 60 * 1000;
  return topics
    .map((topic) => ({
      id: topic.id,
      checkedAt: topic.checkedAt,
      ageDays: Math.floor((now.getTime() - Date.parse(`${topic.checkedAt}T00:00:00+07:00`)) / day),
    }))
    .filter((topic) => topic.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id));
}
