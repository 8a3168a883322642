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

const greetings = new Set([
  "halo",
  "hallo",
  "helo",
  "hai",
  "hay",
  "hi",
  "hello",
  "hey",
  "p",
  "pagi",
  "siang",
  "sore",
  "malam",
  "selamat pagi",
  "selamat siang",
  "selamat sore",
  "selamat malam",
  "assalamualaikum",
  "assalamu alaikum",
  "asalamualaikum",
  "assalamualaikum wr wb",
  "salam",
  "permisi",
  "min",
  "halo min",
  "hai min",
  "pagi min",
  "siang min",
  "sore min",
  "malam min",
  "halo kak",
  "hai kak",
  "tes",
  "test",
  "good morning",
]);

export function isGreeting(text: string): boolean {
  return greetings.has(normaliseKeyword(text));
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
