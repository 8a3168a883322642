/**
 * FAQ matcher report (not a test): accuracy and latency of the matcher and of a plain MiniSearch
 * baseline on a labelled TSV (topic id or "-" for out of scope, TAB, question).
 * Usage: tsx scripts/bench-faq.ts [path/to/questions.tsv] [--verbose]
 *   default file: tests/faq/dev.tsv of this repository (found from the script, whatever the cwd);
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
}

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

function report(name: string, data: Labelled[], predict: (q: string) => Prediction, verbose: boolean): void {
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
  if (!verbose) return;
  for (const x of [...inScope, ...outScope]) {
    if (x.p.topic === x.d.expected) continue;
    console.log(
      `  miss: ${x.d.expected ?? "-"} <- "${x.d.question}" got ${x.p.topic} [${x.p.ranked.slice(0, 3).join(", ")}]`,
    );
  }
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
const path = given ?? fileURLToPath(new URL("../tests/faq/dev.tsv", import.meta.url));
const data = readLabelled(path);
console.log(
  `${given ?? "tests/faq/dev.tsv"}: ${data.length} questions (${data.filter((d) => d.expected === null).length} out of scope)`,
);

const buildStart = performance.now();
const matcher = createFaqMatcher();
matcher.match("warm up");
console.log(`matcher index built in ${(performance.now() - buildStart).toFixed(1)} ms`);
report(
  "FAQ matcher",
  data,
  (q) => {
    const m = matcher.match(q);
    return { topic: m.topic, ranked: m.candidates.map((c) => c.topic) };
  },
  verbose,
);
report("baseline: MiniSearch default tokenisation", data, createBaseline(), false);
