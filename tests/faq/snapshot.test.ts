import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { faqContentHash } from "../../functions/lib/core/faq/faq-content-hash.js";
import { buildFaqIndexData, createFaqIndexSnapshot } from "../../functions/lib/core/faq/faq-index.js";
import {
  SHIPPED_FAQ_INDEX_SNAPSHOT as SHIPPED,
  SHIPPED_FAQ_TOPICS,
} from "../../functions/lib/core/faq/faq-index-snapshot.generated.js";
import { createFaqMatcher, getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";
import type { FaqTopic } from "../../functions/lib/core/faq/faq-topic-schema.js";
import { getFaqTopics } from "../../functions/lib/core/faq/knowledge-base.js";
import { createFaqNormaliser } from "../../functions/lib/core/faq/normalise.js";
import { readShippedTopicFiles } from "../../functions/lib/core/faq/shipped-topic-files.js";

const REGENERATE = "the FAQ index snapshot is stale: run `npm run faq:snapshot` and commit the result";
const topics = getFaqTopics();

/** Every message of the labelled sets (FAQ and intents): what the matcher is measured on. */
function labelledMessages(): string[] {
  const files = [
    "tests/faq/dev.tsv",
    "tests/faq/heldout.tsv",
    "tests/faq/heldout-long.tsv",
    "tests/faq/blind.tsv",
    "tests/faq/multi.tsv",
    "tests/understand/intents-dev.tsv",
    "tests/understand/intents-heldout.tsv",
    "tests/understand/intents-blind.tsv",
  ];
  return files.flatMap((file) =>
    readFileSync(new URL(`../../${file}`, import.meta.url), "utf8")
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => line.split("\t").at(-1) ?? ""),
  );
}

/** The shipped topics with one topic taught a word no shipped text uses (a staff edit). */
function editedTopics(): FaqTopic[] {
  return topics.map((topic) =>
    topic.id === "pusat-kemasan-lungsir"
      ? { ...topic, keywords: { ...topic.keywords, id: [...topic.keywords.id, "zipperlock"] } }
      : topic,
  );
}

describe("FAQ index snapshot", () => {
  it("carries the topics of locales/faq as the schema parses them, and their hash", () => {
    const files = readShippedTopicFiles();
    expect(SHIPPED_FAQ_TOPICS.load(), REGENERATE).toEqual(files);
    expect(topics, REGENERATE).toEqual(files);
    // Hashed from the files here (a fresh array): the shipped set's own hash is only remembered.
    expect(SHIPPED_FAQ_TOPICS.hash, REGENERATE).toBe(faqContentHash(files));
    expect(faqContentHash(topics)).toBe(SHIPPED_FAQ_TOPICS.hash);
    expect(Object.isFrozen(topics)).toBe(true);
  });

  it("is the index of the shipped knowledge, built by the current code", () => {
    const files = readShippedTopicFiles();
    expect(SHIPPED.hash, REGENERATE).toBe(faqContentHash(files));
    expect(SHIPPED.load().hash).toBe(SHIPPED.hash);
    const fresh = createFaqIndexSnapshot(files, buildFaqIndexData(files, createFaqNormaliser));
    // Also stale when the normaliser changed (slang, stems, stop words) with the content unchanged.
    expect(SHIPPED.load().vocabulary, REGENERATE).toEqual(fresh.vocabulary);
    expect(SHIPPED.load().docTopics, REGENERATE).toEqual(fresh.docTopics);
    expect(SHIPPED.load().index, REGENERATE).toEqual(fresh.index);
    expect(SHIPPED.load().termTopicCounts, REGENERATE).toEqual(fresh.termTopicCounts);
    expect(SHIPPED.load().titleTerms, REGENERATE).toEqual(fresh.titleTerms);
  });

  it("gives the same answers, scores and terms as an index built from scratch", () => {
    const loaded = createFaqMatcher({ topics, snapshot: SHIPPED });
    const built = createFaqMatcher({ topics });
    const messages = labelledMessages();
    expect(messages.length).toBeGreaterThan(900);
    for (const text of messages) {
      expect(loaded.match(text), text).toEqual(built.match(text));
      expect(loaded.explain(text), text).toEqual(built.explain(text));
    }
    expect(getFaqMatcher().match(messages[0] ?? "")).toEqual(built.match(messages[0] ?? ""));
  });

  it("is ignored for any other topic set: the matcher builds the index of the topics given", () => {
    const edited = editedTopics();
    expect(faqContentHash(edited)).not.toBe(SHIPPED.hash);
    const question = "zipperlock dimana ya";
    expect(createFaqMatcher({ topics }).match(question).topic).toBeNull();
    const load = vi.fn(SHIPPED.load);
    const matcher = createFaqMatcher({ topics: edited, snapshot: { hash: SHIPPED.hash, load } });
    // Not even parsed: a staff-edited set pays nothing for the shipped snapshot.
    expect(load).not.toHaveBeenCalled();
    expect(matcher.match(question).topic).toBe("pusat-kemasan-lungsir");
  });

  it("is used only through its content hash (a snapshot claiming the edited set answers as the old one)", () => {
    const edited = editedTopics();
    const claimed = { hash: faqContentHash(edited), load: SHIPPED.load };
    const matcher = createFaqMatcher({ topics: edited, snapshot: claimed });
    expect(matcher.match("zipperlock dimana ya").topic).toBeNull();
  });
});
