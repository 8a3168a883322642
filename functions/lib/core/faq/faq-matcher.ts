import { faqContentHash } from "./faq-content-hash.js";
import {
  buildFaqIndexData,
  faqSearchOfDocs,
  type LazyFaqIndexSnapshot,
  loadFaqIndexSnapshot,
  termTopicsOfDocs,
} from "./faq-index.js";
import { SHIPPED_FAQ_INDEX_SNAPSHOT } from "./faq-index-snapshot.generated.js";
import type { FaqCandidate, FaqMatch } from "./faq-match.js";
import type { FaqLanguage, FaqTopic, FaqTopicId, ShippedFaqTopicId } from "./faq-topic-schema.js";
import { getFaqTopics } from "./knowledge-base.js";
import { mentionsOtherRegion, otherServiceCount, splitClauses } from "./message-clauses.js";
import { createFaqNormaliser } from "./normalise.js";

export interface FaqMatcherOptions {
  topics?: readonly FaqTopic[];
  /** A prebuilt index, used only when it was built from exactly these topics (else the index is built). */
  snapshot?: LazyFaqIndexSnapshot;
  /** Share of the question's (IDF-weighted) words the best topic must explain, else out of scope. */
  minCoverage?: number;
  /** How far ahead of the runner-up the best topic must be to answer without asking. */
  minMargin?: number;
  /** Below this rank the best topic only shares a common word with the question: out of scope. */
  minRank?: number;
  /** Weight of a question word the knowledge base never uses, relative to IDF of known words. */
  unknownWeight?: number;
  /** Weight of a known word outside the question clause (the story around the question). */
  narrativeKnown?: number;
  /** Search boost of a word outside the question clause (1 = as much as the question's own words). */
  narrativeBoost?: number;
  /** Weight of an unknown word outside the question clause (names, places, what happened). */
  narrativeUnknown?: number;
  /** Weight against the match of each word naming a non-UMKM public service (SIM, BPJS, PDAM...). */
  otherServiceWeight?: number;
  /** Coverage and rank a second topic needs, within its own clause, to be answered too. */
  alsoCoverage?: number;
  alsoRank?: number;
}

/** Programmes of Bandar Lampung itself: a question about another region's is not ours. */
const LOCAL_TOPICS: ReadonlySet<FaqTopicId> = new Set<ShippedFaqTopicId>([
  "pinjaman-tanpa-bunga",
  "bantuan-modal",
  "pelatihan-tapis",
  "pelatihan-makanan",
  "pelatihan-digital",
  "jadwal-pelatihan",
  "taman-umkm-bung-karno",
  "sentra-tapis-kemiling",
  "taman-kuliner-siger",
  "pusat-kemasan-lungsir",
  "daftar-penjual",
]);

export interface FaqExplanation {
  /** Normalised question terms. */
  terms: string[];
  /** Terms the knowledge base never uses (count against the match). */
  unknown: string[];
  ranked: { topic: FaqTopicId; coverage: number; rank: number }[];
}

export interface FaqMatcher {
  match(text: string, language?: FaqLanguage): FaqMatch;
  /** The scoring behind match(), for the benchmark and for tuning content. */
  explain(text: string): FaqExplanation;
  normalise(text: string): string;
}

const MAX_CANDIDATES = 5;

interface ClauseTopic {
  topic: FaqTopicId;
  /** Asked as a question (else added as a request: "sekalian hapus nomor sy"). */
  asked: boolean;
  coverage: number;
  rank: number;
}

/** The normaliser, documents and search index of a topic set: from the snapshot when it matches, else built. */
function indexOf(topics: readonly FaqTopic[], snapshot: LazyFaqIndexSnapshot | undefined) {
  if (snapshot && snapshot.hash === faqContentHash(topics)) {
    const loaded = snapshot.load();
    return { normaliser: createFaqNormaliser(loaded.vocabulary), ...loadFaqIndexSnapshot(loaded) };
  }
  const { normaliser, docs } = buildFaqIndexData(topics, createFaqNormaliser);
  return { normaliser, search: faqSearchOfDocs(docs), ...termTopicsOfDocs(docs) };
}

export function createFaqMatcher(options: FaqMatcherOptions = {}): FaqMatcher {
  const topics = options.topics ?? getFaqTopics();
  const minCoverage = options.minCoverage ?? 0.25;
  const minRank = options.minRank ?? 4.5;
  const minMargin = options.minMargin ?? 1.25;
  const alsoCoverage = options.alsoCoverage ?? 0.45;
  const alsoRank = options.alsoRank ?? 15;
  const statedCoverage = 0.7;
  const otherServiceCoverage = 0.5;
  const statedRank = 30;
  // A clause that asks one topic outright, even when the whole message ranks it low.
  const clearCoverage = 0.75;
  const clearRank = 40;
  // Topic-level document frequency (how specific a word is to few topics) and each topic's title terms.
  const { normaliser, search, topicCounts, titleTerms } = indexOf(topics, options.snapshot);
  // The city's name is the context of every topic, whichever answers happen to spell it out.
  const everywhere = new Set(normaliser.analyse("Bandar Lampung").map((t) => t.term));
  const idf = (term: string) =>
    Math.log(
      1 + topics.length / (everywhere.has(term) ? topics.length : (topicCounts.get(term) ?? topics.length)),
    );
  // An unknown word counts like a moderately specific one: "kereta" in "jadwal kereta api" says "not ours".
  const unknownWeight = options.unknownWeight ?? Math.log(1 + topics.length / 3);

  const narrativeKnown = options.narrativeKnown ?? 0.3;
  const narrativeBoost = options.narrativeBoost ?? 0.5;
  const narrativeUnknown = options.narrativeUnknown ?? 0.15;
  const otherServiceWeight = options.otherServiceWeight ?? 2 * unknownWeight;

  /**
   * Each distinct term with how much it says about what is asked: words of the question clause
   * count fully; words of the story around it (names, places, what happened) count much less.
   */
  function weighTerms(text: string): { terms: string[]; unknown: Set<string>; factor: Map<string, number> } {
    const clauses = splitClauses(text);
    const anyQuestion = clauses.some((c) => c.question);
    const factor = new Map<string, number>();
    const unknown = new Set<string>();
    clauses.forEach((clause, i) => {
      const asked = !anyQuestion || clause.question || (i === clauses.length - 1 && clauses.length === 1);
      for (const t of normaliser.analyse(clause.text)) {
        if (!t.known) unknown.add(t.term);
        const f = asked ? 1 : t.known ? narrativeKnown : narrativeUnknown;
        factor.set(t.term, Math.max(factor.get(t.term) ?? 0, f));
      }
    });
    return { terms: [...factor.keys()], unknown, factor };
  }

  function rankTopics(
    terms: string[],
    weight: (t: string) => number,
    extraWeight = 0,
    boost: (t: string) => number = () => 1,
  ) {
    const perTopic = new Map<FaqTopicId, { best: number; rest: number; terms: Set<string> }>();
    for (const result of search.search(terms.join(" "), boost)) {
      const topic = result.topic;
      const entry = perTopic.get(topic) ?? { best: 0, rest: 0, terms: new Set<string>() };
      if (result.score > entry.best) {
        entry.rest += entry.best;
        entry.best = result.score;
      } else entry.rest += result.score;
      for (const term of result.terms) entry.terms.add(term);
      perTopic.set(topic, entry);
    }
    const totalWeight = terms.reduce((sum, t) => sum + weight(t), 0) + extraWeight;
    return [...perTopic.entries()]
      .map(([topic, e]) => {
        const coverage = [...e.terms].reduce((sum, t) => sum + weight(t), 0) / totalWeight;
        // A message made of a topic's title words, or one that names its whole title ("menerima informasi
        // promo" = langganan promo, whatever place it names), asks that topic.
        const title = titleTerms.get(topic);
        const namesTitle = !!title && title.size >= 2 && [...title].every((t) => e.terms.has(t));
        const titleBonus = terms.every((t) => title?.has(t)) || namesTitle ? 1.5 : 1;
        return { topic, coverage, rank: (e.best + 0.1 * e.rest) * coverage * coverage * titleBonus };
      })
      .sort((a, b) => b.rank - a.rank);
  }

  /**
   * Every topic that shares a word with the question, best first, with how much of the question it explains;
   * and how much the message names other offices' services (read once, used by the ranking and the gate).
   */
  function explainWithServices(text: string): FaqExplanation & { otherServices: number } {
    const { terms, unknown, factor } = weighTerms(text);
    const otherServices = otherServiceCount(text);
    if (terms.length === 0) return { terms, unknown: [...unknown], ranked: [], otherServices };
    const weight = (term: string) =>
      (unknown.has(term) ? unknownWeight : idf(term)) * (factor.get(term) ?? 1);
    // The story around the question counts less in the search too, not only in the coverage.
    const ranked = rankTopics(terms, weight, otherServices * otherServiceWeight, (term) =>
      Math.max(narrativeBoost, factor.get(term) ?? 1),
    );
    return { terms, unknown: [...unknown], ranked, otherServices };
  }

  function explain(text: string): FaqExplanation {
    const { otherServices: _, ...explanation } = explainWithServices(text);
    return explanation;
  }

  /**
   * Topics clearly asked (or added with "sekalian", "trus") clause by clause, in the order written
   * ("cara bikin nib? trus sertifikat halal gmn" -> nib, sertifikat-halal). Only messages of several clauses have more than one.
   */
  function clauseTopics(text: string): ClauseTopic[] {
    const clauses = splitClauses(text);
    if (clauses.length < 2 || !clauses.some((c) => c.question)) return [];
    const found: ClauseTopic[] = [];
    for (const clause of clauses) {
      // A plain request counts only when it comes as an addition ("sekalian hapus nomor sy").
      if (!clause.question && !clause.also) continue;
      const analysed = normaliser.analyse(clause.text);
      const terms = [...new Set(analysed.map((t) => t.term))];
      if (terms.length === 0) continue;
      const unknown = new Set(analysed.filter((t) => !t.known).map((t) => t.term));
      const [best, next] = rankTopics(terms, (t) => (unknown.has(t) ? unknownWeight * 0.5 : idf(t)));
      if (process.env.FAQ_DEBUG)
        console.log(
          "  clause",
          JSON.stringify(clause.text),
          terms.join(" "),
          best?.topic,
          best?.coverage.toFixed(2),
          best?.rank.toFixed(1),
          next?.topic,
          next?.rank.toFixed(1),
        );
      if (!best || found.some((f) => f.topic === best.topic)) continue;
      const [coverage, rank] = clause.question ? [alsoCoverage, alsoRank] : [statedCoverage, statedRank];
      if (best.coverage >= coverage && best.rank >= rank && (!next || best.rank >= minMargin * next.rank))
        found.push({ topic: best.topic, asked: clause.question, coverage: best.coverage, rank: best.rank });
    }
    return found;
  }

  /**
   * The two topics to answer when a message asks two things, in the order written: the message's best
   * topic and the strongest other clause topic. A clause alone is a weaker witness than the whole
   * message, so the other must rank among the message's top three or be asked outright and clearly.
   */
  function twoTopics(
    text: string,
    ranked: readonly { topic: FaqTopicId }[],
  ): [FaqTopicId, FaqTopicId] | null {
    const top = ranked.slice(0, 3).map((r) => r.topic);
    const first = top[0];
    const found = clauseTopics(text).filter(
      (c) => top.includes(c.topic) || (c.asked && c.coverage >= clearCoverage && c.rank >= clearRank),
    );
    if (!first || !found.some((c) => c.asked) || !found.some((c) => c.topic === first)) return null;
    const other = found.filter((c) => c.topic !== first).sort((a, b) => b.rank - a.rank)[0];
    if (!other) return null;
    const firstWritten = found.findIndex((c) => c.topic === first) < found.indexOf(other);
    return firstWritten ? [first, other.topic] : [other.topic, first];
  }

  function match(text: string, _language: FaqLanguage = "id"): FaqMatch {
    const { ranked, otherServices } = explainWithServices(text);
    const [first, second] = ranked;
    if (!first) return { topic: null, score: 0, candidates: [], confidence: "none" };
    const scale = first.rank + (second?.rank ?? 0);
    const candidates: FaqCandidate[] = ranked
      .slice(0, MAX_CANDIDATES)
      .map((r) => ({ topic: r.topic, score: round(r.coverage * (r.rank / scale)) }));
    const score = candidates[0]?.score ?? 0;
    if (first.coverage < minCoverage || first.rank < minRank)
      return { topic: null, score, candidates, confidence: "none" };
    // "jadwal sholat jumat", "cara bikin paspor": another office's service, unless the topic explains it all.
    if (otherServices >= 1 && first.coverage < otherServiceCoverage)
      return { topic: null, score, candidates, confidence: "none" };
    // The city's own programmes do not answer a question about another region's.
    if (LOCAL_TOPICS.has(first.topic) && mentionsOtherRegion(text))
      return { topic: null, score, candidates, confidence: "none" };
    // Two questions in one message: both are answered, in the order asked.
    const pair = twoTopics(text, ranked);
    if (pair) {
      const [topic, alsoTopic] = pair;
      const ordered = candidates.filter((c) => c.topic === topic);
      return {
        topic,
        score: ordered[0]?.score ?? score,
        candidates: [...ordered, ...candidates.filter((c) => c.topic !== topic)],
        confidence: "confident",
        alsoTopic,
      };
    }
    if (second && first.rank < minMargin * second.rank) {
      return { topic: null, score, candidates, confidence: "unsure" };
    }
    return { topic: first.topic, score, candidates, confidence: "confident" };
  }

  return { match, explain, normalise: normaliser.normalise };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

let shared: FaqMatcher | undefined;

/** One index per process, for the shipped topics: loaded from the snapshot on first use, reused while warm. */
export function getFaqMatcher(): FaqMatcher {
  shared ??= createFaqMatcher({ topics: getFaqTopics(), snapshot: SHIPPED_FAQ_INDEX_SNAPSHOT });
  return shared;
}
