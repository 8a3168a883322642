// Buyer search over what is on offer ("ada yg jual keripik pisang ga?", "kripik", "kopi robusta"), with the
// FAQ's normaliser (slang, stemming, typo fixes) built over the offered texts' own vocabulary.

import { stemIndonesian } from "../faq/indonesian-stemmer.js";
import { createFaqNormaliser, faqVocabulary, toSurfaceWords, toSurfaceWordsOfAll } from "../faq/normalise.js";

/** Words of a buyer's request that say "I am looking", not what for. */
const REQUEST_WORDS = new Set([
  "promo",
  "promosi",
  "diskon",
  "minggu",
  "pekan",
  "sabtu",
  "akhir",
  "weekend",
  "ini",
  "depan",
  "apa",
  "saja",
  "aja",
  "jual",
  "penjual",
  "jualan",
  "pedagang",
  "beli",
  "cari",
  "nomor",
  "kontak",
  "wa",
  "whatsapp",
  "hubung",
  "telepon",
  "hp",
  "siapa",
  "mana",
  "ada",
  "toko",
  "lapak",
  "produk",
  "barang",
  "info",
  "lihat",
  "liat",
  "cek",
  "taman",
  "umkm",
  "bung",
  "karno",
  "sell",
  "seller",
  "buy",
  "who",
  "where",
  "number",
  "contact",
]);

/** The words of a request that name what is sought ("keripik pisang"), or none for a plain "promo apa aja?". */
export function searchWords(text: string): string[] {
  return toSurfaceWords(text).filter(
    (word) => !REQUEST_WORDS.has(word) && !REQUEST_WORDS.has(stemIndonesian(word)),
  );
}

export interface SearchResult<T> {
  readonly item: T;
  /** How many of the sought words it has. */
  readonly score: number;
}

/** The documents that have any of the sought words (typos fixed against their own words), best first. */
export function searchDocuments<T>(
  words: readonly string[],
  documents: readonly { readonly item: T; readonly text: string }[],
): SearchResult<T>[] {
  if (!words.length || !documents.length) return [];
  const surfaces = toSurfaceWordsOfAll(documents.map((document) => document.text));
  const normaliser = createFaqNormaliser(faqVocabulary(surfaces));
  const sought = new Set(
    normaliser
      .analyse(words.join(" "))
      .filter((term) => term.known)
      .map((term) => term.term),
  );
  if (!sought.size) return [];
  const results: SearchResult<T>[] = [];
  documents.forEach((document, index) => {
    const terms = new Set((surfaces[index] ?? []).map((word) => normaliser.termOf(word)));
    const score = [...sought].filter((term) => terms.has(term)).length;
    if (score) results.push({ item: document.item, score });
  });
  // Stable: equal scores keep the documents' order.
  return results.sort((a, b) => b.score - a.score);
}
