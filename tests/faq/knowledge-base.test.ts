import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FAQ_ANSWER_MAX,
  FAQ_DETAIL_MAX,
  FAQ_OFFICES,
  FAQ_TOPIC_IDS,
} from "../../functions/lib/core/faq/faq-topic-schema.js";
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

  it.each(FAQ_TOPIC_IDS)("%s has a short answer (and any detail) in Indonesian and English", (id) => {
    const topic = getFaqTopic(id);
    for (const lang of ["id", "en"] as const) {
      expect(topic.title[lang].length).toBeGreaterThan(0);
      expect(topic.answer[lang].length).toBeGreaterThan(40);
      expect(topic.answer[lang].length).toBeLessThanOrEqual(FAQ_ANSWER_MAX);
      if (topic.detail) expect(topic.detail[lang].length).toBeLessThanOrEqual(FAQ_DETAIL_MAX);
    }
    expect(topic.answer.id).not.toEqual(topic.answer.en);
    if (topic.detail) expect(topic.detail.id).not.toEqual(topic.detail.en);
    expect(topic.examples.id.length).toBeGreaterThanOrEqual(3);
  });

  it.each(FAQ_TOPIC_IDS)("%s names its office, when it was checked and every source read for it", (id) => {
    const topic = getFaqTopic(id);
    expect(FAQ_OFFICES).toContain(topic.office);
    expect(topic.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(topic.sources.length).toBeGreaterThan(0);
    for (const source of topic.sources) {
      expect(source.readAt <= topic.checkedAt, source.title).toBe(true);
      const where = [source.url, source.regulation, source.document].filter(Boolean);
      expect(where, source.title).toHaveLength(1);
      if (source.url) expect(source.url).toMatch(/^https?:\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
      if (source.document)
        expect(existsSync(new URL(`../../${source.document}`, import.meta.url))).toBe(true);
    }
    // Public facts cite published sources; only the bot's own behaviour may rest on project documents alone.
    if (topic.group !== "layanan-bot") expect(topic.sources.some((s) => s.url || s.regulation)).toBe(true);
  });

  it("has a display name for every office, in both languages", () => {
    for (const lang of ["id", "en"]) {
      const answers = JSON.parse(
        readFileSync(new URL(`../../locales/${lang}/answers.json`, import.meta.url), "utf8"),
      ) as { office: Record<string, string> };
      expect(Object.keys(answers.office).sort()).toEqual([...FAQ_OFFICES].sort());
      for (const name of Object.values(answers.office)) expect(name.trim().length).toBeGreaterThan(0);
    }
  });

  it("sends people to the office responsible for each kind of question", () => {
    const office = (id: (typeof FAQ_TOPIC_IDS)[number]) => getFaqTopic(id).office;
    expect(office("kur")).toBe("bank-penyalur-kur");
    expect(office("sertifikat-halal")).toBe("bpjph-sihalal");
    expect(office("haki-merek")).toBe("dinas-perdagangan");
    for (const id of [
      "taman-umkm-bung-karno",
      "sentra-tapis-kemiling",
      "pelatihan-tapis",
      "pelatihan-makanan",
    ] as const)
      expect(office(id), id).toBe("dinas-perindustrian");
    expect(office("taman-kuliner-siger")).toBe("dinas-perindustrian");
  });

  it("states the corrected facts of the 2026 review", () => {
    const kur = getFaqTopic("kur");
    expect(kur.answer.id).toMatch(/1\/2026/);
    expect(kur.answer.id).toMatch(/6%/);
    expect(kur.answer.id).not.toMatch(/naik bertahap sampai 9%/);
    expect(kur.answer.id).toMatch(/Super Mikro[^.]*3%/);
    expect(kur.answer.id).toMatch(/Rp50 juta wajib NPWP/);
    const halal = getFaqTopic("sertifikat-halal");
    expect(halal.answer.id).toMatch(/Oktober 2026/);
    expect(halal.answer.id).toMatch(/PP 42\/2024/);
    expect(halal.answer.id).toMatch(/Pendamping PPH/);
    expect(getFaqTopic("taman-kuliner-siger").answer.id).toMatch(/Pasar Kreatif Siger Sukaraja/);
    expect(getFaqTopic("pasar-berjaya").answer.id).toMatch(/belum bisa kami pastikan/);
    expect(getFaqTopic("pusat-kemasan-lungsir").answer.id).toMatch(/belum bisa kami pastikan/);
    const loan = getFaqTopic("pinjaman-tanpa-bunga");
    expect(loan.answer.id).toMatch(/SLIK/);
    expect(loan.detail?.id).toMatch(/bank mitra Pemkot \(yang diberitakan: BNI dan Bank Mandiri\)/);
    expect(getFaqTopic("haki-merek").answer.id).toMatch(/Rp500 ribu/);
    for (const topic of topics) {
      const text = JSON.stringify([topic.answer, topic.detail]);
      expect(text, topic.id).not.toMatch(/biasanya (selama )?empat hari/);
    }
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
    const allowed = new Set(["oss.go.id", "merek.dgip.go.id", "ptsp.halal.go.id"]);
    for (const topic of topics) {
      // What people read as the answer; the cited sources are checked above.
      const text = JSON.stringify([topic.title, topic.answer, topic.detail]);
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

  it("rejects an answer longer than the short answer limit, and a detail longer than its limit", () => {
    const [first, ...rest] = valid;
    const long = { ...first, answer: { id: "x".repeat(FAQ_ANSWER_MAX + 1), en: "ok ok ok" } };
    expect(() => parseKnowledgeBase([long, ...rest])).toThrow(/answer/);
    const fits = { ...first, answer: { id: "x".repeat(FAQ_ANSWER_MAX), en: "ok ok ok" } };
    expect(parseKnowledgeBase([fits, ...rest])).toHaveLength(FAQ_TOPIC_IDS.length);
    const longDetail = { ...first, detail: { id: "x".repeat(FAQ_DETAIL_MAX + 1), en: "ok ok ok" } };
    expect(() => parseKnowledgeBase([longDetail, ...rest])).toThrow(/detail/);
  });

  it("rejects an unknown office, a bad date, a source without a place and a source read after checkedAt", () => {
    const [first, ...rest] = valid;
    if (!first) throw new Error("no topics");
    const source = first.sources[0];
    expect(() => parseKnowledgeBase([{ ...first, office: "dinas-entah" }, ...rest])).toThrow(/office/);
    expect(() => parseKnowledgeBase([{ ...first, checkedAt: "2026-13-01" }, ...rest])).toThrow(/checkedAt/);
    expect(() => parseKnowledgeBase([{ ...first, sources: [] }, ...rest])).toThrow(/sources/);
    expect(() =>
      parseKnowledgeBase([{ ...first, sources: [{ title: "x", readAt: "2026-01-01" }] }, ...rest]),
    ).toThrow(/exactly one of url, regulation or document/);
    expect(() =>
      parseKnowledgeBase([{ ...first, sources: [{ ...source, readAt: "2999-01-01" }] }, ...rest]),
    ).toThrow(/read after checkedAt/);
    expect(() =>
      parseKnowledgeBase([
        { ...first, sources: [{ title: "x", url: "ftp://a.b/c", readAt: "2026-01-01" }] },
        ...rest,
      ]),
    ).toThrow();
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
