/**
 * FAQ matcher report (not a test): accuracy and latency of the matcher and of a plain MiniSearch
 * baseline on a labelled TSV (topic id or "-" for out of scope, TAB, question).
 * Usage: tsx scripts/bench-faq.ts [path/to/questions.tsv] [--verbose]
 *   default files: tests/faq/dev.tsv (tuned on), heldout.tsv and heldout-long.tsv (written apart, never
 *   tuned on), found from the script whatever the cwd; then the intent sets of tests/understand/;
 *   a path given on the command line is relative to the cwd. --verbose lists the misses.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { createFaqMatcher } from "../functions/lib/core/faq/faq-matcher.js";
import { getFaqTopics } from "../functions/lib/core/faq/knowledge-base.js";

interface Labelled {
  expected: string | null;
  question: string;
}

interface Prediction {
  topic: string | null;
  ranked: string[];
  /** A second topic answered too (FAQ matcher only). */
  also?: string | null;
}

/** A message of this many words or more is "long" (chatty, tells a story around the question). */
const LONG_WORDS = 15;
const wordCount = (q: string) => q.split(/\s+/).filter(Boolean).length;

const ROUNDS = 20;

function readLabelled(path: string): Labelled[] {
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [label = "", ...rest] = line.split("\t");
      return { expected: label.trim() === "-" ? null : label.trim(), question: rest.join("\t").trim() };
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function report(
  name: string,
  data: Labelled[],
  predict: (q: string) => Prediction,
  verbose: boolean,
  detailed = false,
): void {
  const predictions = data.map((d) => predict(d.question));
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const d of data) {
      const start = performance.now();
      predict(d.question);
      timings.push(performance.now() - start);
    }
  }
  timings.sort((a, b) => a - b);
  const inScope = data.map((d, i) => ({ d, p: predictions[i]! })).filter((x) => x.d.expected !== null);
  const outScope = data.map((d, i) => ({ d, p: predictions[i]! })).filter((x) => x.d.expected === null);
  const pct = (n: number, of: number) => (of === 0 ? "n/a" : `${((100 * n) / of).toFixed(1)}% (${n}/${of})`);
  const top1 = inScope.filter((x) => x.p.topic === x.d.expected).length;
  const first = inScope.filter((x) => x.p.ranked[0] === x.d.expected).length;
  const top3 = inScope.filter((x) => x.p.ranked.slice(0, 3).includes(x.d.expected!)).length;
  const rejected = outScope.filter((x) => x.p.topic === null).length;
  console.log(`\n== ${name}`);
  console.log(`top-1 answered       ${pct(top1, inScope.length)}`);
  console.log(`top-1 first candidate ${pct(first, inScope.length)}`);
  console.log(`top-3                ${pct(top3, inScope.length)}`);
  console.log(`out-of-scope reject  ${pct(rejected, outScope.length)}`);
  console.log(
    `latency p50 ${percentile(timings, 50).toFixed(3)} ms, p99 ${percentile(timings, 99).toFixed(3)} ms`,
  );
  if (detailed) {
    const short = inScope.filter((x) => wordCount(x.d.question) < LONG_WORDS);
    const long = inScope.filter((x) => wordCount(x.d.question) >= LONG_WORDS);
    const right = (xs: typeof inScope) => xs.filter((x) => x.p.topic === x.d.expected).length;
    // What the person reads: the answer, and a second one when the message asked two things.
    const sent = (x: (typeof inScope)[number]) => x.p.topic === x.d.expected || x.p.also === x.d.expected;
    const wrongTop = inScope.filter((x) => x.p.topic !== null && x.p.topic !== x.d.expected).length;
    const wrongSent = inScope.filter((x) => x.p.topic !== null && !sent(x)).length;
    const answeredOut = outScope.filter((x) => x.p.topic !== null).length;
    console.log(`top-1 short (<${LONG_WORDS} w)  ${pct(right(short), short.length)}`);
    console.log(`top-1 long (>=${LONG_WORDS} w)  ${pct(right(long), long.length)}`);
    console.log(`right one among sent ${pct(inScope.filter(sent).length, inScope.length)}`);
    console.log(
      `wrong confident      ${pct(wrongTop + answeredOut, data.length)} of all lines (first answer)`,
    );
    console.log(
      `wrong, none right    ${pct(wrongSent + answeredOut, data.length)} of all lines (every answer sent)`,
    );
  }
  if (!verbose) return;
  for (const x of [...inScope, ...outScope]) {
    if (x.p.topic === x.d.expected) continue;
    console.log(
      `  miss: ${x.d.expected ?? "-"} <- "${x.d.question}" got ${x.p.topic} [${x.p.ranked.slice(0, 3).join(", ")}]`,
    );
  }
}

/** Two topics in one message (`topicA,topicB<TAB>question`): how often the matcher gets both. */
function reportMulti(path: string, verbose: boolean): void {
  const lines = readLabelled(path).map((l) => ({
    topics: (l.expected ?? "").split(","),
    question: l.question,
  }));
  let answered = 0;
  let offered = 0;
  let one = 0;
  for (const { topics, question } of lines) {
    const m = matcher.match(question);
    const got = [m.topic, m.alsoTopic].filter((t): t is NonNullable<typeof t> => !!t);
    const both = topics.every((t) => got.includes(t as (typeof got)[number]));
    const shown = new Set<string>([...got, ...m.candidates.slice(0, 3).map((c) => c.topic)]);
    if (both) answered++;
    if (topics.every((t) => shown.has(t))) offered++;
    if (topics.some((t) => got.includes(t as (typeof got)[number]))) one++;
    if (verbose && !both)
      console.log(`  multi miss: ${topics.join(",")} <- "${question}" got ${got.join(",")}`);
  }
  const pct = (n: number) => `${((100 * n) / lines.length).toFixed(1)}% (${n}/${lines.length})`;
  console.log(`\n== FAQ matcher, two topics in one message (${lines.length})`);
  console.log(`both answered        ${pct(answered)}`);
  console.log(`both answered/offered ${pct(offered)}`);
  console.log(`at least one answered ${pct(one)}`);
}

function createBaseline(): (q: string) => Prediction {
  const index = new MiniSearch<{
    id: string;
    title: string;
    keywords: string;
    examples: string;
    answer: string;
  }>({
    fields: ["title", "keywords", "examples", "answer"],
  });
  index.addAll(
    getFaqTopics().map((t) => ({
      id: t.id,
      title: `${t.title.id} ${t.title.en}`,
      keywords: [...t.keywords.id, ...t.keywords.en].join(" "),
      examples: [...t.examples.id, ...t.examples.en].join(" "),
      answer: `${t.answer.id} ${t.detail?.id ?? ""}`,
    })),
  );
  return (q) => {
    const ranked = index.search(q).map((r) => String(r.id));
    return { topic: ranked[0] ?? null, ranked };
  };
}

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const given = args.find((a) => !a.startsWith("--"));
const repoFile = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));
// The dev set the matcher is tuned on, then sets written apart from it (never tuned on: generalisation).
const faqSets = given
  ? [{ name: given, path: given }]
  : ["tests/faq/dev.tsv", "tests/faq/heldout.tsv", "tests/faq/heldout-long.tsv", "tests/faq/blind.tsv"].map(
      (name) => ({
        name,
        path: repoFile(name),
      }),
    );

const buildStart = performance.now();
const matcher = createFaqMatcher();
matcher.match("warm up");
console.log(`matcher index built in ${(performance.now() - buildStart).toFixed(1)} ms`);
for (const [i, set] of faqSets.entries()) {
  const data = readLabelled(set.path);
  console.log(
    `\n${set.name}: ${data.length} questions (${data.filter((d) => d.expected === null).length} out of scope)`,
  );
  report(
    "FAQ matcher",
    data,
    (q) => {
      const m = matcher.match(q);
      return { topic: m.topic, ranked: m.candidates.map((c) => c.topic), also: m.alsoTopic ?? null };
    },
    verbose,
    true,
  );
  if (i === 0) report("baseline: MiniSearch default tokenisation", data, createBaseline(), false);
}
reportMulti(repoFile("tests/faq/multi.tsv"), verbose);

// The understanding layer on its intent sets (intent, FAQ topic or "-", message).
const { createUnderstander } = await import("../functions/lib/core/understand/understand.js");
const understander = createUnderstander({ matcher: () => matcher });
for (const name of [
  "tests/understand/intents-dev.tsv",
  "tests/understand/intents-heldout.tsv",
  "tests/understand/intents-blind.tsv",
]) {
  const rows = readFileSync(repoFile(name), "utf8")
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split("\t") as [string, string, string]);
  const misses: string[] = [];
  let right = 0;
  let smalltalkMissed = 0;
  const timings: number[] = [];
  for (const [intent, topic, message] of rows) {
    const start = performance.now();
    const got = understander.understand(message);
    timings.push(performance.now() - start);
    if (intent === "smalltalk" && got.intent !== "smalltalk") smalltalkMissed++;
    if (got.intent === intent && (intent !== "faq" || got.topic === topic)) right++;
    else
      misses.push(
        `  miss: ${intent}${intent === "faq" ? `/${topic}` : ""} <- "${message}" got ${got.intent}/${got.topic}`,
      );
  }
  timings.sort((a, b) => a - b);
  console.log(`\n== understanding layer (${name}, ${rows.length} messages)`);
  console.log(`intent accuracy      ${((100 * right) / rows.length).toFixed(1)}% (${right}/${rows.length})`);
  console.log(`small talk read as something else ${smalltalkMissed}`);
  console.log(
    `latency p50 ${percentile(timings, 50).toFixed(3)} ms, p99 ${percentile(timings, 99).toFixed(3)} ms`,
  );
  if (verbose) for (const miss of misses) console.log(miss);
}
