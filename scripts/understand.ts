/**
 * What the bot understands of each message (the same reading the router uses).
 *   npm run --silent understand -- --jsonl < messages.txt   one message per line in, one JSON object per line out
 *   npm run --silent understand -- "sy mau daftar min"       one JSON object
 * {"intent": "...", "topic": <FAQ topic or null>, "confidence": 0..1, "candidates": [{"topic", "score"}]}
 */
import { createInterface } from "node:readline";
import { getFaqMatcher } from "../functions/lib/core/faq/faq-matcher.js";
import { createUnderstander, type Understanding } from "../functions/lib/core/understand/understand.js";

const USAGE = 'usage: understand "message"  |  understand --jsonl < messages.txt';
const understander = createUnderstander({ matcher: getFaqMatcher });

const toJson = (u: Understanding) =>
  JSON.stringify({
    intent: u.intent,
    topic: u.topic,
    confidence: Math.round(u.confidence * 1000) / 1000,
    candidates: u.candidates,
  });

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === "--jsonl") {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) process.stdout.write(`${toJson(understander.understand(line))}\n`);
    return 0;
  }
  const message = args[0];
  if (args.length !== 1 || message === undefined || message.startsWith("--") || message.trim() === "") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  process.stdout.write(`${toJson(understander.understand(message))}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
