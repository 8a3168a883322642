import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAQ_TOPIC_IDS } from "../../functions/lib/core/faq/faq-topic-schema.js";
import {
  getFaqTopic,
  getFaqTopics,
  parseKnowledgeBase,
} from "../../functions/lib/core/faq/knowledge-base.js";

const topics = getFaqTopics();

/** Labelled questions in this folder: "topic id or -", TAB, question; blank and # lines skipped. */
function readLabelled(file: string): { label: string; question: string }[] {
  return readFileSync(new URL(`./${file}`, import.meta.url), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [label = "", ...rest] = line.split("\t");
      return { label: label.trim(), question: rest.join("\t").trim() };
    });
}

/** Pure TSV: LF line endings, ending in one LF, no header, comment or blank line, exactly `fields` non-empty fields. */
function expectPureTsv(file: string, fields: number): void {
  const text = readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
  expect(text).not.toContain("\r");
  expect(text.endsWith("\n") && !text.endsWith("\n\n")).toBe(true);
  for (const line of text.slice(0, -1).split("\n")) {
    const cells = line.split("\t");
    expect(cells, line).toHaveLength(fields);
    for (const cell of cells) expect(cell.trim() !== "" && cell === cell.trim(), line).toBe(true);
    expect(line.startsWith("#"), line).toBe(false);
  }
}

const EXPECTED_ACTIONS: Record<string, string> = {
  "daftar-penjual": "register",
  "langganan-promo": "subscribe",
  "berhenti-langganan": "unsubscribe",
  "kirim-promo": "promo-submit",
  "hubungi-petugas": "handover",
  "data-pribadi": "privacy",
  "status-pendaftaran": "status",
};

describe("FAQ knowledge base content", () => {
  it("has exactly the stable topic ids, once each", () => {
    expect(topics.map((t) => t.id).sort()).toEqual([...FAQ_TOPIC_IDS].sort());
  });

  it.each(FAQ_TOPIC_IDS)("%s has title and answer in Indonesian and English, one chat message long", (id) => {
    const topic = getFaqTopic(id);
    for (const lang of ["id", "en"] as const) {
      expect(topic.title[lang].length).toBeGreaterThan(0);
      expect(topic.answer[lang].length).toBeGreaterThan(40);
      expect(topic.answer[lang].length).toBeLessThanOrEqual(900);
    }
    expect(topic.answer.id).not.toEqual(topic.answer.en);
    expect(topic.lastChecked).toBe("2026-11-22");
    expect(topic.source.length).toBeGreaterThan(0);
    expect(topic.examples.id.length).toBeGreaterThanOrEqual(3);
  });

  it("links bot features through the action field only where expected", () => {
    for (const topic of topics) expect(topic.action).toBe(EXPECTED_ACTIONS[topic.id]);
  });

  it("only relates topics to other existing topics", () => {
    for (const topic of topics) {
      expect(topic.related).not.toContain(topic.id);
      for (const id of topic.related) expect(FAQ_TOPIC_IDS).toContain(id);
    }
  });

  it("mentions no made-up links: every URL-like text is a known official site", () => {
    const allowed = new Set(["oss.go.id", "merek.dgip.go.id"]);
    for (const topic of topics) {
      const text = JSON.stringify(topic);
      expect(text).not.toMatch(/https?:\/\//);
      for (const site of text.match(/\b[a-z.]+\.go\.id\b/g) ?? []) expect(allowed).toContain(site);
    }
  });

  it("tells people to confirm figures that differ between sources", () => {
    expect(getFaqTopic("kur").answer.id).toMatch(/bank/i);
    expect(getFaqTopic("kur").answer.id).toMatch(/pastikan/i);
    expect(getFaqTopic("pinjaman-tanpa-bunga").answer.id).toMatch(/Dinas/);
  });

  it.each(["dev.tsv", "heldout.tsv", "multi.tsv"])("does not train on the questions of %s", (file) => {
    const examples = new Set(
      topics.flatMap((t) => [...t.examples.id, ...t.examples.en]).map((e) => e.trim().toLowerCase()),
    );
    for (const { question } of readLabelled(file)) {
      expect(examples.has(question.trim().toLowerCase()), question).toBe(false);
    }
  });

  it.each([
    { file: "dev.tsv", perTopic: 11, outOfScope: 40 },
    { file: "heldout.tsv", perTopic: 4, outOfScope: 1 },
  ])(
    "$file parses: known topic ids, >= $perTopic questions per topic, >= $outOfScope out of scope",
    ({ file, perTopic, outOfScope }) => {
      expectPureTsv(file, 2);
      const rows = readLabelled(file);
      const counts = new Map<string, number>();
      const seen = new Set<string>();
      for (const { label, question } of rows) {
        expect(seen.has(question.toLowerCase()), `duplicate: ${question}`).toBe(false);
        seen.add(question.toLowerCase());
        expect(
          label === "-" || (FAQ_TOPIC_IDS as readonly string[]).includes(label),
          `${label}\t${question}`,
        ).toBe(true);
        expect(question.length, `${label}\t${question}`).toBeGreaterThan(0);
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      for (const id of FAQ_TOPIC_IDS) expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(perTopic);
      expect(counts.get("-") ?? 0).toBeGreaterThanOrEqual(outOfScope);
    },
  );

  it("multi.tsv parses: two different known topic ids per line, each question in dev.tsv under the first", () => {
    expectPureTsv("multi.tsv", 2);
    const dev = new Map(readLabelled("dev.tsv").map((r) => [r.question.toLowerCase(), r.label]));
    const rows = readLabelled("multi.tsv");
    const seen = new Set<string>();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const { label, question } of rows) {
      expect(seen.has(question.toLowerCase()), `duplicate: ${question}`).toBe(false);
      seen.add(question.toLowerCase());
      const ids = label.split(",");
      expect(ids, `${label}\t${question}`).toHaveLength(2);
      expect(ids[0], `${label}\t${question}`).not.toBe(ids[1]);
      for (const id of ids) expect(FAQ_TOPIC_IDS, `${label}\t${question}`).toContain(id);
      expect(dev.get(question.toLowerCase()), question).toBe(ids[0]);
    }
  });

  it("keeps the dev and held-out questions apart", () => {
    const heldout = new Set(readLabelled("heldout.tsv").map((r) => r.question.toLowerCase()));
    for (const { question } of readLabelled("dev.tsv")) {
      expect(heldout.has(question.toLowerCase()), question).toBe(false);
    }
  });
});

describe("parseKnowledgeBase", () => {
  const valid = [...topics];

  it("accepts the bundled content", () => {
    expect(parseKnowledgeBase(valid)).toHaveLength(FAQ_TOPIC_IDS.length);
  });

  it("rejects a missing topic", () => {
    expect(() => parseKnowledgeBase(valid.slice(1))).toThrow(/Missing FAQ topics/);
  });

  it("rejects an answer too long for one message", () => {
    const [first, ...rest] = valid;
    const broken = { ...first, answer: { id: "x".repeat(901), en: "ok ok ok" } };
    expect(() => parseKnowledgeBase([broken, ...rest])).toThrow();
  });

  it("rejects markdown or HTML in answers", () => {
    const [first, ...rest] = valid;
    expect(() =>
      parseKnowledgeBase([{ ...first, answer: { id: "<b>hi</b>", en: "hi" } }, ...rest]),
    ).toThrow();
    expect(() => parseKnowledgeBase([{ ...first, answer: { id: "**hi**", en: "hi" } }, ...rest])).toThrow();
  });

  it("rejects unknown topic ids in related", () => {
    const [first, ...rest] = valid;
    expect(() => parseKnowledgeBase([{ ...first, related: ["no-such-topic"] }, ...rest])).toThrow();
  });
});
