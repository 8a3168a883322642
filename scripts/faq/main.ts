// The FAQ CLI without the process: args and input lines in, exit code out (tests call this directly).
import { createInterface } from "node:readline";
import type { FaqMatch } from "../../functions/lib/core/faq/faq-match.js";
import { getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";

const USAGE = 'usage: faq "pertanyaan"  |  faq --jsonl < questions.txt';

export interface FaqIo {
  /** Writes text to stdout as is (no newline added). */
  out(text: string): void;
  /** Writes text to stderr as is (no newline added). */
  err(text: string): void;
}

/** The wire shape promised to callers: topic, score, candidates (confidence stays internal). */
function toJson(match: FaqMatch): string {
  const confidence = match.confidence === "confident" ? "answer" : match.confidence;
  return JSON.stringify({ topic: match.topic, score: match.score, candidates: match.candidates, confidence });
}

export async function runFaq(
  args: readonly string[],
  deps: { readonly io: FaqIo; readonly input: NodeJS.ReadableStream },
): Promise<number> {
  const { io, input } = deps;
  if (args.length === 1 && args[0] === "--jsonl") {
    const matcher = getFaqMatcher();
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) io.out(`${toJson(matcher.match(line))}\n`);
    return 0;
  }
  const question = args[0];
  if (args.length !== 1 || question === undefined || question.startsWith("--") || question.trim() === "") {
    io.err(`${USAGE}\n`);
    return 2;
  }
  io.out(`${toJson(getFaqMatcher().match(question))}\n`);
  return 0;
}
