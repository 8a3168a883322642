import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAQ_TOPIC_IDS } from "../../functions/lib/core/faq/faq-topic-schema.js";
import { getFaqTopics } from "../../functions/lib/core/faq/knowledge-base.js";
import { actionIntents } from "../../functions/lib/core/understand/intents.js";
import { intents } from "../../functions/lib/core/understand/understand.js";

/** Intents the understanding layer maps a message to; `faq` carries an FAQ topic id, every other intent `-`. */
const ACTION_INTENTS = actionIntents;
const INTENTS: readonly string[] = intents;

const MINIMUM: Record<string, number> = {
  ...Object.fromEntries(ACTION_INTENTS.map((intent) => [intent, 10])),
  smalltalk: 30,
  faq: 20,
  out_of_scope: 15,
};

const text = readFileSync(new URL("./intents-dev.tsv", import.meta.url), "utf8");
const rows = text
  .slice(0, -1)
  .split("\n")
  .map((line) => {
    const [intent = "", topic = "", message = "", ...rest] = line.split("\t");
    return { line, intent, topic, message, extra: rest.length };
  });

describe("tests/understand/intents-dev.tsv (labelled messages for the understanding layer)", () => {
  it("is pure TSV: LF line endings, one LF at the end, no header, comment or blank line", () => {
    expect(text).not.toContain("\r");
    expect(text.endsWith("\n") && !text.endsWith("\n\n")).toBe(true);
    for (const { line, intent, topic, message, extra } of rows) {
      expect(extra, line).toBe(0);
      for (const cell of [intent, topic, message]) {
        expect(cell.trim() !== "" && cell === cell.trim(), line).toBe(true);
      }
      expect(line.startsWith("#"), line).toBe(false);
    }
  });

  it("uses known intent names; a known topic id for faq and - otherwise", () => {
    for (const { line, intent, topic } of rows) {
      expect(INTENTS, line).toContain(intent);
      if (intent === "faq") expect(FAQ_TOPIC_IDS, line).toContain(topic);
      else expect(topic, line).toBe("-");
    }
  });

  it("has enough messages per intent", () => {
    const counts = new Map<string, number>();
    for (const { intent } of rows) counts.set(intent, (counts.get(intent) ?? 0) + 1);
    for (const [intent, minimum] of Object.entries(MINIMUM)) {
      expect(counts.get(intent) ?? 0, intent).toBeGreaterThanOrEqual(minimum);
    }
    expect(rows.length).toBeGreaterThanOrEqual(220);
  });

  it("has no duplicate message (case-insensitive)", () => {
    const seen = new Set<string>();
    for (const { message } of rows) {
      expect(seen.has(message.toLowerCase()), `duplicate: ${message}`).toBe(false);
      seen.add(message.toLowerCase());
    }
  });

  it("does not reuse a topic example as a message", () => {
    const examples = new Set(
      getFaqTopics()
        .flatMap((t) => [...t.examples.id, ...t.examples.en])
        .map((e) => e.trim().toLowerCase()),
    );
    for (const { message } of rows) expect(examples.has(message.toLowerCase()), message).toBe(false);
  });
});
