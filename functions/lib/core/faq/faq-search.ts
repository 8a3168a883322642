// Exact-term BM25+ search over MiniSearch's serialised index (`toJSON()`), read as it is parsed: a cold start
// skips `MiniSearch.loadJS`, which rebuilds a radix tree and a Map per posting list (~10 ms) only to serve
// fuzzy and prefix lookups the matcher never asks for. Scores follow MiniSearch 7's `search` for a query of
// exact terms combined with OR, in the same order of operations, so results are identical to the last bit
// (tests/faq/faq-search.test.ts compares them on every labelled message).
import type { AsPlainObject } from "minisearch";
import type { FaqTopicId } from "./faq-topic-schema.js";

/** The serialised index without its document ids and stored fields (positions stand for both). */
export type PlainFaqIndex = Omit<AsPlainObject, "documentIds" | "storedFields">;

export interface FaqSearchHit {
  topic: FaqTopicId;
  score: number;
  /** The document's terms that matched (MiniSearch's `terms`). */
  terms: string[];
}

export interface FaqSearch {
  /** Documents sharing a term with `query` (space-separated terms), best first; `boostTerm` weighs each term. */
  search(query: string, boostTerm: (term: string) => number): FaqSearchHit[];
}

// MiniSearch's defaults (defaultBM25params).
const K = 1.2;
const B = 0.7;
const D = 0.5;

const bm25 = (termFreq: number, matching: number, total: number, length: number, average: number) => {
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * length) / average)));
};

interface Partial {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}

/**
 * @param fieldBoosts every indexed field with its boost, in the index's field order
 * @param topicOf each document's topic, by document id
 */
export function createFaqSearch(
  index: PlainFaqIndex,
  topicOf: readonly FaqTopicId[],
  fieldBoosts: Readonly<Record<string, number>>,
): FaqSearch {
  const postings = new Map(index.index as [string, Record<string, Record<string, number>>][]);
  const fieldLength = index.fieldLength as Record<string, number[]>;
  const fields = Object.keys(fieldBoosts).map((field) => ({
    field,
    boost: fieldBoosts[field] ?? 1,
    id: String(index.fieldIds[field]),
    average: index.averageFieldLength[index.fieldIds[field] ?? -1] ?? 1,
  }));

  function termResults(term: string, termBoost: number): Map<number, Partial> {
    const results = new Map<number, Partial>();
    const data = postings.get(term);
    if (!data) return results;
    for (const { field, boost, id, average } of fields) {
      const freqs = data[id];
      if (!freqs) continue;
      const docs = Object.keys(freqs);
      for (const key of docs) {
        const doc = Number(key);
        const length = fieldLength[key]?.[Number(id)] ?? 0;
        const raw = bm25(freqs[key] ?? 0, docs.length, index.documentCount, length, average);
        // MiniSearch: termWeight (1, exact) * termBoost * fieldBoost * docBoost (1) * rawScore.
        const weighted = 1 * termBoost * boost * 1 * raw;
        const result = results.get(doc);
        if (result) {
          result.score += weighted;
          if (!result.terms.includes(term)) result.terms.push(term);
          const match = Object.hasOwn(result.match, term) ? result.match[term] : undefined;
          if (match) match.push(field);
          else result.match[term] = [field];
        } else results.set(doc, { score: weighted, terms: [term], match: { [term]: [field] } });
      }
    }
    return results;
  }

  return {
    search(query, boostTerm) {
      const terms = query.split(" ").filter(Boolean);
      if (terms.length === 0) return [];
      // combineWith OR, as MiniSearch reduces the per-term maps into the first one.
      const combined = terms
        .map((term) => termResults(term, boostTerm(term)))
        .reduce((a, b) => {
          for (const [doc, next] of b) {
            const existing = a.get(doc);
            if (!existing) a.set(doc, next);
            else {
              existing.score = existing.score + next.score;
              existing.match = Object.assign(existing.match, next.match);
              for (const term of next.terms) if (!existing.terms.includes(term)) existing.terms.push(term);
            }
          }
          return a;
        });
      const hits: FaqSearchHit[] = [];
      for (const [doc, { score, terms: queryTerms, match }] of combined)
        hits.push({
          topic: topicOf[doc] as FaqTopicId,
          score: score * (queryTerms.length || 1),
          terms: Object.keys(match),
        });
      return hits.sort((a, b) => b.score - a.score);
    },
  };
}
