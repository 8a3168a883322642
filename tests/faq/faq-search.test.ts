import { readFileSync } from "node:fs";
import MiniSearch, { type AsPlainObject } from "minisearch";
import { describe, expect, it } from "vitest";
import { buildFaqIndexData, faqSearchOfDocs } from "../../functions/lib/core/faq/faq-index.js";
import { SHIPPED_FAQ_INDEX_SNAPSHOT as SHIPPED } from "../../functions/lib/core/faq/faq-index-snapshot.generated.js";
import { getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";
import { createFaqSearch } from "../../functions/lib/core/faq/faq-search.js";
import { getFaqTopics } from "../../functions/lib/core/faq/knowledge-base.js";
import { createFaqNormaliser } from "../../functions/lib/core/faq/normalise.js";

const FIELDS = { title: 2, keywords: 2, example: 1.5, body: 0.5 };
const OPTIONS = {
  fields: Object.keys(FIELDS),
  storeFields: ["topic"],
  tokenize: (text: string) => text.split(" ").filter(Boolean),
  processTerm: (term: string) => term,
  searchOptions: { boost: FIELDS, combineWith: "OR" as const },
};

/** Every labelled message's normalised terms: the queries the matcher sends to the search. */
function labelledQueries(): string[][] {
  const files = ["tests/faq/dev.tsv", "tests/faq/heldout.tsv", "tests/faq/blind.tsv", "tests/faq/multi.tsv"];
  const matcher = getFaqMatcher();
  return files.flatMap((file) =>
    readFileSync(new URL(`../../${file}`, import.meta.url), "utf8")
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => matcher.explain(line.split("\t").at(-1) ?? "").terms),
  );
}

// Uneven boosts (as the matcher's clause weights are), so a wrong order of operations shows in the last bits.
const boost = (term: string) => 0.3 + (term.length % 4) * 0.35;

type Hit = { topic: string; score: number; terms: string[] };
const minisearchHits = (index: MiniSearch, query: string): Hit[] =>
  index
    .search(query, { boostTerm: boost, boost: FIELDS, combineWith: "OR" })
    .map((r) => ({ topic: r.topic as string, score: r.score, terms: r.terms }));

describe("FAQ search over the serialised index", () => {
  const loaded = SHIPPED.load();
  const topicOf = loaded.docTopics.flatMap(([topic, n]) => Array(n).fill(topic));
  const reference = MiniSearch.loadJS(
    {
      ...loaded.index,
      documentIds: Object.fromEntries(topicOf.map((_, id) => [id, id])),
      storedFields: Object.fromEntries(topicOf.map((topic, id) => [id, { topic }])),
    } as AsPlainObject,
    OPTIONS,
  );
  const search = createFaqSearch(loaded.index, topicOf, FIELDS);
  const queries = labelledQueries();

  it("gives MiniSearch's hits, scores (bit for bit) and order for every labelled message", () => {
    expect(queries.length).toBeGreaterThan(500);
    let hits = 0;
    for (const terms of queries) {
      const query = terms.join(" ");
      const expected = minisearchHits(reference, query);
      hits += expected.length;
      expect(search.search(query, boost), query).toEqual(expected);
    }
    expect(hits).toBeGreaterThan(10_000);
  });

  it("agrees on repeated terms, number-like terms, unknown terms and an empty query", () => {
    for (const query of [
      "kur kur syarat",
      "2023 kur 10 pinjam",
      "zzzz",
      "",
      "  ",
      "tapis 2 tapis pelatih 2",
    ]) {
      expect(search.search(query, boost), query).toEqual(minisearchHits(reference, query));
    }
  });

  it("builds the same search from documents as MiniSearch does (a staff-edited topic set)", () => {
    const topics = getFaqTopics().slice(0, 9);
    const { docs } = buildFaqIndexData(topics, createFaqNormaliser);
    // The reference: MiniSearch itself, with the same fields and tokens, storing each document's topic.
    const index = new MiniSearch(OPTIONS);
    index.addAll(docs);
    const built = faqSearchOfDocs(docs);
    for (const terms of queries.slice(0, 300)) {
      const query = terms.join(" ");
      expect(built.search(query, boost), query).toEqual(minisearchHits(index, query));
    }
  });
});
