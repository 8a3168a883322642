import { ENGLISH_STOP_WORDS, ENGLISH_WORDS } from "./english-words.js";
import { informalVariants, stemIndonesian } from "./indonesian-stemmer.js";
import { INDONESIAN_STOP_WORDS } from "./indonesian-stop-words.js";
import { PROTECTED_WORDS } from "./protected-words.js";
import { PHRASE_RULES, SLANG_WORDS } from "./slang-map.js";
import { createTypoCorrector } from "./typo-corrector.js";

/** One query term after normalisation; `known` = the knowledge base uses it. */
export interface NormalisedTerm {
  term: string;
  known: boolean;
}

// "tidak" is kept only before a refusal; elsewhere chat "ga" is a question tag ("bisa ga?").
/** Wanting or needing, as refused in "ga mau ...", "ga usah ...". */
const REFUSED_MODALS = new Set(["mau", "ingin", "usah", "perlu", "butuh"]);
/** Receiving messages, as refused in "ga mau terima promo", "jangan kirimi lagi": a wish to stop them. */
const REFUSED_RECEIVING = new Set(["terima", "menerima", "kirim", "kirimi", "dikirim", "lagi"]);
/** What the bot sends, as refused in "ga mau (dapat) promo". */
const SENT_THINGS = new Set([
  "promo",
  "pesan",
  "notif",
  "notifikasi",
  "info",
  "informasi",
  "broadcast",
  "spam",
  "chat",
]);

const FUNCTION_WORDS = new Set([
  "sudah",
  "belum",
  "tidak",
  "jangan",
  "lagi",
  "tanpa",
  "kapan",
  "lama",
  "baru",
]);

/** Chat morphology the formal stemmer leaves alone: "-in" suffixes and "ng-"/"nge-"/"ny-" prefixes. */
const COLLOQUIAL = /^(?:ng|ny).{3,}|.{4,}in$/;

/** "promo2", "oleh-oleh" -> one word; "halooo", "makasiiih" -> "halo", "makasih" (lower-case input). */
export function foldChatSpelling(s: string): string {
  return (
    s
      // A doubled question word ("apa2", "siapa-siapa") is kept doubled: chat-words.ts reads it in context.
      .replace(/\b(apa|siapa|kapan|mana|berapa)(?:2|-\1)\b/g, "$1$1")
      .replace(/\b([a-z]{2,})2\b/g, "$1")
      .replace(/\b([a-z]{2,})-\1\b/g, "$1")
      .replace(/([a-z])\1{2,}/g, "$1")
  );
}

/** Lower-case, strip accents, fold chat spelling, apply the phrase rules. */
function prepare(text: string): string {
  let s = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  s = foldChatSpelling(s);
  for (const [pattern, replacement] of PHRASE_RULES) s = s.replace(pattern, replacement);
  return s;
}

/** Lower-case, strip accents, apply phrase rules, split, expand slang. Returns surface words. */
export function toSurfaceWords(text: string): string[] {
  return wordsOfPrepared(prepare(text));
}

// A control character no rule matches and no word contains: phrase rules never reach across it.
const TEXT_BREAK = "\u0001";

/** toSurfaceWords of many texts at once: the phrase rules run over one string (the index build's cost). */
export function toSurfaceWordsOfAll(texts: readonly string[]): string[][] {
  const clean = texts.map((text) => text.replaceAll(TEXT_BREAK, " "));
  return prepare(clean.join(` ${TEXT_BREAK} `))
    .split(TEXT_BREAK)
    .map(wordsOfPrepared);
}

const refused = (word: string | undefined) =>
  !!word && (REFUSED_MODALS.has(word) || REFUSED_RECEIVING.has(word));

function wordsOfPrepared(s: string): string[] {
  const raw = s.split(/[^a-z0-9%]+/).filter(Boolean);
  const expanded: string[] = [];
  for (const word of raw) {
    const slang = SLANG_WORDS[word] ?? ENGLISH_WORDS[word];
    if (slang === undefined) expanded.push(word);
    else if (slang !== "") expanded.push(...slang.split(" "));
  }
  const words: string[] = [];
  for (let i = 0; i < expanded.length; i++) {
    const word = expanded[i] ?? "";
    const negation = word === "tidak" || word === "jangan";
    if (negation && refused(expanded[i + 1])) {
      let end = i + 1;
      while (refused(expanded[end + 1])) end++;
      const chain = expanded.slice(i + 1, end + 1);
      // "ga mau terima promo", "jangan kirimi lagi", a bare "ga usah": a refusal (= "berhenti"), the refused
      // verbs go with it. "ga mau daftar dulu, mau tanya syaratnya" refuses nothing the bot sends: its topic stays.
      const object = expanded[end + 1] === "dapat" ? expanded[end + 2] : expanded[end + 1];
      if (chain.some((w) => REFUSED_RECEIVING.has(w)) || object === undefined || SENT_THINGS.has(object))
        words.push("berhenti");
      i = end;
      continue;
    }
    if (word === "tidak") continue;
    if (INDONESIAN_STOP_WORDS.has(word) || ENGLISH_STOP_WORDS.has(word)) continue;
    words.push(word);
  }
  return words;
}

export interface FaqNormaliser {
  analyse(text: string): NormalisedTerm[];
  /** The index term of one surface word of the knowledge base (its formal stem). */
  termOf(word: string): string;
  normalise(text: string): string;
}

/** The knowledge base's words (with counts, in first-seen order: typo ties go to the earlier) and their stems. */
export interface FaqVocabulary {
  wordCounts: [string, number][];
  stems: string[];
}

/** The vocabulary of a corpus (the knowledge base's texts as surface words). */
export function faqVocabulary(corpus: readonly (readonly string[])[]): FaqVocabulary {
  const wordCounts = new Map<string, number>();
  const stems = new Map<string, string>();
  for (const words of corpus) {
    for (const word of words) {
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      if (!stems.has(word)) stems.set(word, stemIndonesian(word));
    }
  }
  return { wordCounts: [...wordCounts], stems: [...new Set(stems.values())] };
}

/**
 * Query-side normalisation against the knowledge base vocabulary: a word whose stem is unknown is tried as
 * colloquial morphology (ngurus, daftarin), then as a typo or vowel-less abbreviation.
 */
export function createFaqNormaliser(vocabulary: FaqVocabulary): FaqNormaliser {
  const wordCounts = new Map(vocabulary.wordCounts);
  const stems = new Set(vocabulary.stems);
  // Never "correct" into a function word: "susah" is not a typo of "sudah".
  const targets = new Map([...wordCounts].filter(([w]) => !FUNCTION_WORDS.has(w)));
  const corrector = createTypoCorrector(targets);
  const cache = new Map<string, NormalisedTerm>();

  function resolve(word: string): NormalisedTerm {
    const stem = stemIndonesian(word);
    // A valid word (place, product, everyday Indonesian) is never bent towards a content word...
    const valid = stems.has(stem) || /^\d+$/.test(word) || PROTECTED_WORDS.has(word);
    // ...except a colloquial form, which joins its formal word wherever both occur ("daftarin" -> "daftar",
    // "ngurus" -> "urus"); an unknown word is tried as colloquial morphology before it counts as a typo.
    if (!PROTECTED_WORDS.has(word) && (!valid || COLLOQUIAL.test(word))) {
      for (const variant of informalVariants(word)) {
        const s = stemIndonesian(variant);
        if (s !== stem && stems.has(s)) return { term: s, known: true };
      }
    }
    if (valid) return { term: stem, known: stems.has(stem) };
    const corrected = corrector.correct(word);
    if (corrected) {
      const slang = SLANG_WORDS[corrected];
      return { term: stemIndonesian(slang || corrected), known: true };
    }
    return { term: stem, known: false };
  }

  // resolve() depends only on the word and the vocabulary: the index build and queries share one cache.
  function lookup(word: string): NormalisedTerm {
    let term = cache.get(word);
    if (!term) {
      term = resolve(word);
      if (cache.size < 50_000) cache.set(word, term);
    }
    return term;
  }

  function analyse(text: string): NormalisedTerm[] {
    return toSurfaceWords(text).map(lookup);
  }

  return {
    analyse,
    termOf: (word) => lookup(word).term,
    normalise: (text) =>
      analyse(text)
        .map((t) => t.term)
        .join(" "),
  };
}
