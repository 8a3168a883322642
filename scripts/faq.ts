/**
 * Ask the FAQ matcher from the command line.
 *   tsx scripts/faq.ts "pertanyaan"     one JSON object on stdout
 *   tsx scripts/faq.ts --jsonl < file   one question per line in, one JSON object per line out
 */
import { runFaq } from "./faq/main.js";

process.exitCode = await runFaq(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
  input: process.stdin,
});
