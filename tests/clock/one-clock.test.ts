// Time comes from the injected clock: only functions/lib/clock.ts may read the machine's time.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const lib = fileURLToPath(new URL("../../functions/lib/", import.meta.url));
const clockModule = "clock.ts";
const wallClockRead =
  /new\s+Date\s*\(\s*\)|new\s+Date\s*(?![\s(])|\bDate\.now\b|\bperformance\.now\b|(?<![\w.])Date\s*\(\s*\)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("one clock", () => {
  it("finds the pattern it looks for (the check itself works)", () => {
    for (const read of [
      "new Date()",
      "new Date ( )",
      "new Date;",
      "Date.now()",
      "x = Date.now",
      "performance.now()",
      "Date()",
    ]) {
      expect(wallClockRead.test(read), read).toBe(true);
    }
    for (const fine of [
      "new Date(ms)",
      "new Date(`2026-01-01T00:00:00Z`)",
      "Date.parse(s)",
      "clock.now()",
      "updatedAt()",
    ]) {
      expect(wallClockRead.test(fine), fine).toBe(false);
    }
  });

  it("no file in functions/lib but the clock module reads the machine's time", () => {
    const offenders = sources(lib)
      .filter((file) => relative(lib, file) !== clockModule)
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({
            line: line.replace(/\/\/.*$/, ""),
            where: `${relative(lib, file)}:${index + 1}`,
          }))
          .filter(({ line }) => wallClockRead.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
