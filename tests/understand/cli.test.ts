// `npm run --silent understand -- --jsonl`: the fixed interface black-box checks use (one real spawn).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { intents } from "../../functions/lib/core/understand/understand.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const known = new Set<string>(intents);

describe("scripts/understand.ts --jsonl", () => {
  it("prints one JSON object per message with intent, topic, confidence and candidates", () => {
    const input = [
      "sy mau daftar min",
      "makasih kak",
      "syarat kur apa aja",
      "stop kirim promo ke sy",
      "perpanjang sim dimana",
    ];
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/understand.ts", "--jsonl"], {
      cwd: root,
      input: `${input.join("\n")}\n`,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(input.length);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(["intent", "topic", "confidence", "candidates"]);
      expect(known.has(line.intent)).toBe(true);
      expect(line.confidence).toBeGreaterThanOrEqual(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    }
    expect(lines.map((line) => line.intent)).toEqual([
      "registration.start",
      "smalltalk",
      "faq",
      "promo.stop",
      "out_of_scope",
    ]);
    expect(lines[2].topic).toBe("kur");
    expect(lines.filter((line) => line.intent !== "faq").every((line) => line.topic === null)).toBe(true);
  });
});
