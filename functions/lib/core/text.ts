// Small text helpers shared by the router, features and channel renderers.

/** Lower case, no surrounding punctuation/emoji, single spaces: for whole-message keyword matching. */
export function normaliseKeyword(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** How a platform counts a limit: Telegram in UTF-16 code units, WhatsApp in characters (code points). */
export type LengthUnit = "utf16" | "codePoint";

export function lengthIn(text: string, unit: LengthUnit): number {
  if (unit === "utf16") return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate after a high one is the second half of one code point.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1))) continue;
    count++;
  }
  return count;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone surrogates (half an emoji) become U+FFFD: Telegram refuses a whole message holding one. */
export function wellFormed(text: string): string {
  return text.replace(loneSurrogate, "\uFFFD");
}

// Made on first use: constructing a Segmenter loads ICU data (~14 ms), which every cold start would pay.
let segmenter: Intl.Segmenter | undefined;

const isPlainAscii = (code: number) => code >= 0x20 && code <= 0x7e;

/**
 * The grapheme segments of `text`, as Intl.Segmenter gives them. Between two printable ASCII characters there is
 * always a boundary (UAX #29 GB999), so a printable ASCII run is cut one character at a time; the Segmenter is
 * made only for the rest, from the run's last character (it may start a cluster with a combining mark).
 */
function* graphemeSegments(text: string): Generator<{ segment: string; index: number }> {
  let plain = 0;
  while (plain < text.length && isPlainAscii(text.charCodeAt(plain))) plain++;
  const singles = plain === text.length ? plain : plain - 1;
  for (let index = 0; index < singles; index++) yield { segment: text.charAt(index), index };
  if (singles >= text.length) return;
  const start = Math.max(singles, 0);
  segmenter ??= new Intl.Segmenter("und", { granularity: "grapheme" });
  for (const { segment, index } of segmenter.segment(text.slice(start)))
    yield { segment, index: start + index };
}

const graphemes = { segment: graphemeSegments };

/**
 * The longest prefix of whole graphemes (emoji with skin tones, ZWJ families, flags, letters with their
 * combining marks) that fits `max` units. A single grapheme longer than `max` is dropped, never split.
 */
export function graphemePrefix(text: string, max: number, unit: LengthUnit = "utf16"): string {
  const whole = wellFormed(text);
  if (lengthIn(whole, unit) <= max) return whole;
  let end = 0;
  let used = 0;
  for (const { segment, index } of graphemes.segment(whole)) {
    const size = lengthIn(segment, unit);
    if (used + size > max) break;
    used += size;
    end = index + segment.length;
  }
  return whole.slice(0, end);
}

/** Cuts to at most `max` units at a grapheme boundary; adds `ellipsis` (default "…") when it cut. */
export function truncate(
  text: string,
  max: number,
  options: { readonly unit?: LengthUnit; readonly ellipsis?: string } = {},
): string {
  const unit = options.unit ?? "utf16";
  const ellipsis = options.ellipsis ?? "…";
  const whole = wellFormed(text);
  if (lengthIn(whole, unit) <= max) return whole;
  const room = max - lengthIn(ellipsis, unit);
  if (room <= 0) return graphemePrefix(whole, max, unit);
  return `${graphemePrefix(whole, room, unit)}${ellipsis}`;
}

/**
 * Where to cut `text` for a part of at most `max` units: a grapheme boundary, or a code point boundary when
 * the first grapheme alone is longer (a part must never be empty). Never inside a surrogate pair.
 */
export function cutIndex(text: string, max: number, unit: LengthUnit = "utf16"): number {
  const safe = graphemePrefix(text, max, unit).length;
  if (safe > 0 || text.length === 0) return safe;
  let end = 0;
  let used = 0;
  for (const point of text) {
    const size = lengthIn(point, unit);
    if (used + size > max) break;
    used += size;
    end += point.length;
  }
  return end > 0 ? end : text.codePointAt(0)! > 0xffff ? 2 : 1;
}

/** Shortens at a word boundary where sensible, never splitting a grapheme, ending with "…". */
export function shorten(text: string, max: number, unit: LengthUnit = "utf16"): string {
  const clean = wellFormed(text).replace(/\s+/g, " ").trim();
  if (lengthIn(clean, unit) <= max) return clean;
  // "KUR (Kredit Usaha Rakyat)" -> "KUR": the name without its explanation beats a cut explanation.
  const unexplained = clean.replace(/\s*\([^)]*\)/g, "").trim();
  if (unexplained && unexplained !== clean) return shorten(unexplained, max, unit);
  let cut = graphemePrefix(clean, max - 1, unit);
  let space = -1;
  for (const { segment, index } of graphemes.segment(cut)) if (segment === " ") space = index;
  if (space > 0 && lengthIn(cut.slice(0, space), unit) >= (max - 1) / 2) cut = cut.slice(0, space);
  // Escaped: esbuild copies regex literals as written, and one non-ASCII character makes the bundle two-byte.
  return `${cut.replace(/[\s,.;:/\u2013\u2014-]+$/u, "")}…`;
}

// Bidirectional controls (LRE..RLO, LRI..PDI, LRM, RLM, ALM): they reorder what staff read ("Toko ‮gnp.exe").
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Inbound text as the bot keeps it: well-formed UTF-16, without bidirectional control characters. */
export function cleanInboundText(text: string): string {
  return wellFormed(text).replace(bidiControls, "");
}
