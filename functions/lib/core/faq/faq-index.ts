import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { faqContentHash } from "./faq-content-hash.js";
import { createFaqSearch, type FaqSearch, type PlainFaqIndex } from "./faq-search.js";
import type { FaqTopic, FaqTopicId } from "./faq-topic-schema.js";
import { splitClauses } from "./message-clauses.js";
import {
  type FaqNormaliser,
  type FaqVocabulary,
  faqVocabulary,
  toSurfaceWords,
  toSurfaceWordsOfAll,
} from "./normalise.js";

/** One searchable document: a topic's title+keywords, one example, or its answer, as index terms. */
export interface IndexedDoc {
  id: number;
  topic: FaqTopicId;
  title: string;
  keywords: string;
  example: string;
  body: string;
}

/** What the matcher learns from a topic set: the normaliser's vocabulary and the index documents. */
export interface FaqIndexData {
  vocabulary: FaqVocabulary;
  docs: IndexedDoc[];
}

/** The shipped knowledge's index, prebuilt by `scripts/faq-snapshot.ts` (the cold start skips building it). */
export interface FaqIndexSnapshot {
  /** faqContentHash of the topics it was built from: any other topic set is built from scratch. */
  hash: string;
  vocabulary: FaqVocabulary;
  /** Each document's topic, run-length encoded ([topic, documents in a row]); document ids are positions. */
  docTopics: [FaqTopicId, number][];
  /** MiniSearch's JSON without what docTopics gives (ids, stored topics): a smaller bundle. */
  index: PlainFaqIndex;
  /** How many topics use each term of `index.index`, in its order (counted at build, not at every cold start). */
  termTopicCounts: number[];
  /** Each topic's title terms (the same, precomputed). */
  titleTerms: [FaqTopicId, string[]][];
}

/** What the ranking reads besides the search index: how many topics use a term, and each topic's title terms. */
export interface FaqTermTopics {
  topicCounts: Map<string, number>;
  titleTerms: Map<FaqTopicId, Set<string>>;
}

/** A snapshot whose hash is read without parsing it: only the matching topic set pays for loading it. */
export interface LazyFaqIndexSnapshot {
  hash: string;
  load(): FaqIndexSnapshot;
}

/**
 * The question of a long example ("halo kak, sy jualan keripik di kedaton... syarat KUR apa?" -> "syarat KUR
 * apa"): the story around it would teach the topic words that belong to no topic.
 */
function askedPart(example: string): string {
  const clauses = splitClauses(example);
  if (clauses.length < 3) return example;
  const asked = clauses.filter((clause) => clause.question).map((clause) => clause.text);
  return asked.length ? asked.join(", ") : example;
}

/** Every text the matcher learns a topic from; English answers are left out (queries are mostly Indonesian). */
function topicTexts(topic: FaqTopic) {
  return {
    title: [topic.title.id, topic.title.en],
    keywords: [...topic.keywords.id, ...topic.keywords.en],
    examples: [...topic.examples.id, ...topic.examples.en].map(askedPart),
    body: [topic.answer.id],
  };
}

/** The index documents of a topic, from its texts' surface words (computed once per text at build). */
function topicDocs(
  topic: FaqTopic,
  wordsOf: (text: string) => readonly string[],
  termOf: (word: string) => string,
  nextId: () => number,
) {
  const doc = (fields: Partial<IndexedDoc>): IndexedDoc => ({
    id: nextId(),
    topic: topic.id,
    title: "",
    keywords: "",
    example: "",
    body: "",
    ...fields,
  });
  const terms = (texts: readonly string[]) => texts.flatMap((text) => wordsOf(text).map(termOf)).join(" ");
  const texts = topicTexts(topic);
  return [
    doc({ title: terms(texts.title), keywords: terms(texts.keywords) }),
    ...texts.examples.map((e) => doc({ example: terms([e]) })),
    doc({ body: terms(texts.body) }),
  ];
}

/**
 * Builds the vocabulary and documents of any topic set; `normaliserOf` turns the vocabulary into the
 * normaliser whose terms the documents use.
 */
export function buildFaqIndexData(
  topics: readonly FaqTopic[],
  normaliserOf: (vocabulary: FaqVocabulary) => FaqNormaliser,
): FaqIndexData & { normaliser: FaqNormaliser } {
  // Each knowledge-base text is split once, all in one pass: the index and the normaliser's vocabulary share it.
  const allTexts = [...new Set(topics.flatMap((topic) => Object.values(topicTexts(topic)).flat()))];
  const allWords = toSurfaceWordsOfAll(allTexts);
  const surface = new Map(allTexts.map((text, i) => [text, allWords[i] ?? []]));
  const wordsOf = (text: string): readonly string[] => surface.get(text) ?? toSurfaceWords(text);
  const vocabulary = faqVocabulary(
    topics.flatMap((topic) => Object.values(topicTexts(topic)).flat().map(wordsOf)),
  );
  const normaliser = normaliserOf(vocabulary);
  let counter = 0;
  const docs = topics.flatMap((t) => topicDocs(t, wordsOf, normaliser.termOf, () => counter++));
  return { vocabulary, docs, normaliser };
}

// Field order and boosts: the index's fields and what a match in each is worth.
const FIELD_BOOSTS = { title: 2, keywords: 2, example: 1.5, body: 0.5 };

const INDEX_OPTIONS: Options<IndexedDoc> = {
  fields: Object.keys(FIELD_BOOSTS),
  // Text is already normalised (slang, stems, stop words), so tokens are just the words.
  tokenize: (text: string) => text.split(" ").filter(Boolean),
  processTerm: (term: string) => term,
};

/** MiniSearch's index of the documents: built here, searched through `createFaqSearch` over its JSON. */
function createFaqIndex(docs: readonly IndexedDoc[]): MiniSearch<IndexedDoc> {
  const index = new MiniSearch<IndexedDoc>(INDEX_OPTIONS);
  index.addAll(docs);
  return index;
}

/** The search of documents given in id order (a topic set with no snapshot: staff edits). */
export function faqSearchOfDocs(docs: readonly IndexedDoc[]): FaqSearch {
  const plain = withoutDocuments(createFaqIndex(docs).toJSON());
  return createFaqSearch(
    plain,
    docs.map((doc) => doc.topic),
    FIELD_BOOSTS,
  );
}

/** Topic-level document frequency (how specific a word is to few topics) and the title terms, from the documents. */
export function termTopicsOfDocs(docs: readonly IndexedDoc[]): FaqTermTopics {
  const topicsByTerm = new Map<string, Set<FaqTopicId>>();
  for (const d of docs) {
    for (const term of `${d.title} ${d.keywords} ${d.example} ${d.body}`.split(" ").filter(Boolean)) {
      const set = topicsByTerm.get(term) ?? new Set<FaqTopicId>();
      set.add(d.topic);
      topicsByTerm.set(term, set);
    }
  }
  const titleTerms = new Map(docs.filter((d) => d.title).map((d) => [d.topic, new Set(d.title.split(" "))]));
  const topicCounts = new Map([...topicsByTerm].map(([term, set]) => [term, set.size]));
  return { topicCounts, titleTerms };
}

export function createFaqIndexSnapshot(topics: readonly FaqTopic[], data: FaqIndexData): FaqIndexSnapshot {
  const docTopics: [FaqTopicId, number][] = [];
  for (const doc of data.docs) {
    const last = docTopics.at(-1);
    if (last && last[0] === doc.topic) last[1]++;
    else docTopics.push([doc.topic, 1]);
  }
  const index = withoutDocuments(JSON.parse(JSON.stringify(createFaqIndex(data.docs))) as AsPlainObject);
  const { topicCounts, titleTerms } = termTopicsOfIndex(index, docTopics);
  return {
    hash: faqContentHash(topics),
    vocabulary: data.vocabulary,
    docTopics,
    index,
    termTopicCounts: index.index.map(([term]) => topicCounts.get(term) ?? 0),
    titleTerms: [...titleTerms].map(([topic, terms]) => [topic, [...terms]]),
  };
}

/** Each document's topic, by document id (ids are positions). */
function topicsOfDocs(docTopics: FaqIndexSnapshot["docTopics"]): FaqTopicId[] {
  return docTopics.flatMap(([topic, count]) => Array<FaqTopicId>(count).fill(topic));
}

/** The term topics read from a MiniSearch index: every (term, field, document) is one occurrence of the term. */
function termTopicsOfIndex(
  index: FaqIndexSnapshot["index"],
  docTopics: FaqIndexSnapshot["docTopics"],
): FaqTermTopics {
  const topicOf = topicsOfDocs(docTopics);
  const titleField = String(index.fieldIds.title);
  const topicCounts = new Map<string, number>();
  const titleTerms = new Map<FaqTopicId, Set<string>>();
  for (const [term, fields] of index.index) {
    const set = new Set<FaqTopicId>();
    for (const [field, docs] of Object.entries(fields as Record<string, Record<string, number>>)) {
      for (const id of Object.keys(docs)) {
        const topic = topicOf[Number(id)] as FaqTopicId;
        set.add(topic);
        if (field === titleField) titleTerms.set(topic, (titleTerms.get(topic) ?? new Set()).add(term));
      }
    }
    topicCounts.set(term, set.size);
  }
  return { topicCounts, titleTerms };
}

function withoutDocuments({ documentIds: _, storedFields: __, ...index }: AsPlainObject): PlainFaqIndex {
  return index;
}

/** The loaded index of a snapshot and its term topics, read from the snapshot (no text is split, stemmed or indexed). */
export function loadFaqIndexSnapshot(snapshot: FaqIndexSnapshot): FaqTermTopics & { search: FaqSearch } {
  // Documents were indexed in order from id 0, so each one's MiniSearch short id is its own id.
  const search = createFaqSearch(snapshot.index, topicsOfDocs(snapshot.docTopics), FIELD_BOOSTS);
  const counts = snapshot.termTopicCounts;
  const topicCounts = new Map(snapshot.index.index.map(([term], i) => [term, counts[i] ?? 0]));
  const titleTerms = new Map(snapshot.titleTerms.map(([topic, terms]) => [topic, new Set(terms)]));
  return { search, topicCounts, titleTerms };
}
