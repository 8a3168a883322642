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
