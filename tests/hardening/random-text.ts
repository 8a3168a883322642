// Seeded random strings mixing what breaks naive cuts: emoji, skin tones, ZWJ families, flags, keycaps,
// combining marks, astral CJK and right-to-left scripts. Same seed, same strings (a failure can be replayed).

/** mulberry32: a tiny deterministic PRNG, good enough to spread test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  "a",
  "Toko",
  " ",
  " ",
  "keripik",
  "😀",
  "👍🏽",
  "👩‍👩‍👧‍👦",
  "🧑🏾‍🌾",
  "🏳️‍🌈",
  "🇮🇩",
  "1️⃣",
  "e\u0301",
  "a\u0301\u0302\u0303",
  "𠀋",
  "مرحبا",
  "שלום",
  "漢字",
  "ก่",
  ".",
  ",",
  "-",
];

export function randomText(random: () => number, maxPieces: number): string {
  const count = Math.floor(random() * maxPieces);
  let out = "";
  for (let i = 0; i < count; i++) out += pieces[Math.floor(random() * pieces.length)];
  return out;
}

const segmenter = new Intl.Segmenter("und", { granularity: "grapheme" });

export const hasLoneSurrogate = (text: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Indexes where a grapheme starts or ends: the only places a cut may fall. */
export function graphemeBoundaries(text: string): Set<number> {
  const boundaries = new Set<number>([0, text.length]);
  for (const { index } of segmenter.segment(text)) boundaries.add(index);
  return boundaries;
}

/** `part` is `whole` cut at a grapheme boundary (optionally followed by an ellipsis the cut added). */
export function isGraphemePrefix(part: string, whole: string, ellipsis = "…"): boolean {
  const body = part.endsWith(ellipsis) && !whole.startsWith(part) ? part.slice(0, -ellipsis.length) : part;
  return whole.startsWith(body) && graphemeBoundaries(whole).has(body.length);
}

export const codePoints = (text: string) => [...text].length;
