/**
 * Ask the FAQ matcher from the command line.
 *   tsx scripts/faq.ts "pertanyaan"     one JSON object on stdout
 *   tsx scripts/faq.ts --jsonl < file   one question per line in, one JSON object per line out
 */
import { createInterface } from "node:readline";
import type { FaqMatch } from "../functions/lib/core/faq/faq-match.js";
import { getFaqMatcher } from "../functions/lib/core/faq/faq-matcher.js";

const USAGE = 'usage: faq "pertanyaan"  |  faq --jsonl < questions.txt';

/** The wire shape promised to callers: topic, score, candidates (confidence stays internal). */
function toJson(match: FaqMatch): string {
  return JSON.stringify({ topic: match.topic, score: match.score, candidates: match.candidates });
}

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === "--jsonl") {
    const matcher = getFaqMatcher();
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) process.stdout.write(`${toJson(matcher.match(line))}\n`);
    return 0;
  }
  const question = args[0];
  if (args.length !== 1 || question === undefined || question.startsWith("--") || question.trim() === "") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  process.stdout.write(`${toJson(getFaqMatcher().match(question))}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
