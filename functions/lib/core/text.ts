// Small text helpers shared by the router and features.

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

/** Shortens at a word boundary where sensible, never splitting an emoji, ending with "…". */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  // "KUR (Kredit Usaha Rakyat)" -> "KUR": the name without its explanation beats a cut explanation.
  const unexplained = clean.replace(/\s*\([^)]*\)/g, "").trim();
  if (unexplained && unexplained !== clean) return shorten(unexplained, max);
  let cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  if (space >= (max - 1) / 2) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,.;:/–—-]+$/u, "")}…`;
}
