import * as z from "zod/mini";
import "../zod-english.js";
import { rememberContentHash } from "./faq-content-hash.js";
import { SHIPPED_FAQ_TOPICS } from "./faq-index-snapshot.generated.js";
import { FAQ_TOPIC_IDS, type FaqTopic, type FaqTopicId, faqTopicSchema } from "./faq-topic-schema.js";

/** Validates content files; throws with every problem listed so a bad edit fails the first test run. */
export function parseKnowledgeBase(raw: readonly unknown[]): FaqTopic[] {
  const topics = z.array(faqTopicSchema()).parse(raw);
  const seen = new Set<FaqTopicId>();
  for (const topic of topics) {
    if (seen.has(topic.id)) throw new Error(`Duplicate FAQ topic id: ${topic.id}`);
    seen.add(topic.id);
  }
  const missing = FAQ_TOPIC_IDS.filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`Missing FAQ topics: ${missing.join(", ")}`);
  for (const topic of topics) {
    const unknown = topic.related.filter((id) => id === topic.id);
    if (unknown.length > 0) throw new Error(`FAQ topic ${topic.id} lists itself as related`);
  }
  return topics;
}

let cached: readonly FaqTopic[] | undefined;

/**
 * The shipped topics, from the generated snapshot: validated and hashed by `npm run faq:snapshot`
 * (tests/faq/snapshot.test.ts fails while it differs from locales/faq), so a cold start neither parses the
 * content files as code nor runs the schema over them.
 */
export function getFaqTopics(): readonly FaqTopic[] {
  if (!cached) {
    cached = Object.freeze(SHIPPED_FAQ_TOPICS.load());
    rememberContentHash(cached, SHIPPED_FAQ_TOPICS.hash);
  }
  return cached;
}

export function getFaqTopic(id: FaqTopicId): FaqTopic {
  const topic = getFaqTopics().find((t) => t.id === id);
  if (!topic) throw new Error(`Unknown FAQ topic: ${id}`);
  return topic;
}
