import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAQ_TOPIC_IDS } from "../../functions/lib/core/faq/faq-topic-schema.js";
import {
  getFaqTopic,
  getFaqTopics,
  parseKnowledgeBase,
} from "../../functions/lib/core/faq/knowledge-base.js";

const topics = getFaqTopics();

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

  it("does not train on the dev questions", () => {
    const dev = readFileSync(new URL("../../../shared/data/faq-dev.tsv", import.meta.url), "utf8")
      .split("\n")
      .map((line) => line.split("\t")[1]?.trim().toLowerCase())
      .filter((q): q is string => Boolean(q));
    const examples = new Set(
      topics.flatMap((t) => [...t.examples.id, ...t.examples.en]).map((e) => e.toLowerCase()),
    );
    for (const question of dev) expect(examples.has(question), question).toBe(false);
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
