import { createHash } from "node:crypto";
import type { FaqTopic } from "./faq-topic-schema.js";

// Topic sets whose hash is already known (the shipped set: hashed when its snapshot was generated).
const known = new WeakMap<readonly FaqTopic[], string>();

/** Identifies a topic set's content (every field, in order): a snapshot applies only to the set it was built from. */
export function faqContentHash(topics: readonly FaqTopic[]): string {
  return known.get(topics) ?? createHash("sha256").update(JSON.stringify(topics)).digest("hex");
}

/** Records the hash a frozen topic set was generated with, so a cold start does not serialise and hash it again. */
export function rememberContentHash(topics: readonly FaqTopic[], hash: string): void {
  known.set(topics, hash);
}
