import { spawnSync } from "node:child_process";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runFaq } from "../../scripts/faq/main.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** `runFaq` in this process, with stdin, stdout and stderr as strings. */
async function runCli(args: string[], input = "") {
  let stdout = "";
  let stderr = "";
  const status = await runFaq(args, {
    io: {
      out: (text) => {
        stdout += text;
      },
      err: (text) => {
        stderr += text;
      },
    },
    input: Readable.from([input]),
  });
  return { status, stdout, stderr };
}

/** `scripts/faq.ts` as the real process. */
function runProcess(args: string[], input?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/faq.ts", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
  });
}

function expectMatchShape(value: unknown): void {
  expect(value).toEqual({
    topic: expect.toSatisfy((t: unknown) => t === null || typeof t === "string"),
    score: expect.any(Number),
    candidates: expect.any(Array),
    confidence: expect.toSatisfy((c: unknown) => c === "answer" || c === "unsure" || c === "none"),
  });
  const { candidates } = value as { candidates: unknown[] };
  expect(candidates.length).toBeLessThanOrEqual(5);
  for (const c of candidates) expect(c).toEqual({ topic: expect.any(String), score: expect.any(Number) });
}

describe("scripts/faq.ts", () => {
  it("prints exactly one JSON object for one question", async () => {
    const run = await runCli(["cara bikin nib"]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] ?? "");
    expectMatchShape(parsed);
    expect(parsed.topic).toBe("nib");
  });

  it("prints null for an out-of-scope question", async () => {
    const run = await runCli(["resep nasi goreng"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).topic).toBeNull();
  });

  it("answers one line per input line in --jsonl mode, in order", async () => {
    const run = await runCli(["--jsonl"], "apa itu KUR\nresep nasi goreng\nsertifikat halal gratis\n");
    expect(run.status).toBe(0);
    const parsed = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(parsed).toHaveLength(3);
    for (const p of parsed) expectMatchShape(p);
    expect(parsed.map((p) => p.topic)).toEqual(["kur", null, "sertifikat-halal"]);
  });

  it("rejects bad usage with exit code 2 and a message on stderr", async () => {
    for (const args of [[], ["--nope"], ["a", "b"]]) {
      const run = await runCli(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/usage/);
    }
  });

  it("runs as a real process once: stdin lines in, JSON lines on stdout, exit code 0", async () => {
    const input = "apa itu KUR\nresep nasi goreng\nsertifikat halal gratis\n";
    const run = runProcess(["--jsonl"], input);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe((await runCli(["--jsonl"], input)).stdout);
  });
});
