// Issue #17 item 9: every log-redaction pattern runs in linear time. Not a timing test: each exported
// pattern is parsed and checked against three rules that rule out super-linear backtracking by construction,
// and the redaction stays correct on 100 KB adversarial inputs.
import { describe, expect, it } from "vitest";
import { redact, redactionPatterns } from "../../functions/lib/log/redact.js";

// ---- a small parser for the regex subset the redaction uses --------------------------------------------

interface Item {
  readonly kind: "set" | "group" | "lookbehind" | "assertion";
  /** For "set": a one-character pattern ("\\d", "[A-Za-z]", "a"). */
  readonly source?: string;
  readonly alternatives?: Item[][];
  readonly negative?: boolean;
  readonly min: number;
  readonly max: number;
}

function parse(source: string): Item[][] {
  let at = 0;
  const alternatives = (): Item[][] => {
    const result: Item[][] = [[]];
    while (at < source.length && source[at] !== ")") {
      if (source[at] === "|") {
        at++;
        result.push([]);
        continue;
      }
      result[result.length - 1]!.push(quantified(atom()));
    }
    return result;
  };
  const atom = (): Omit<Item, "min" | "max"> => {
    const char = source[at]!;
    if (char === "(") {
      at++;
      let kind: Item["kind"] = "group";
      let negative = false;
      if (source.startsWith("?:", at)) at += 2;
      else if (source.startsWith("?<!", at) || source.startsWith("?<=", at)) {
        kind = "lookbehind";
        negative = source[at + 2] === "!";
        at += 3;
      } else if (source.startsWith("?!", at) || source.startsWith("?=", at)) {
        kind = "assertion";
        at += 2;
      }
      const inner = alternatives();
      if (source[at] !== ")") throw new Error(`unclosed group in ${source}`);
      at++;
      return { kind, alternatives: inner, negative };
    }
    if (char === "[") {
      let end = at + 1;
      if (source[end] === "^") end++;
      if (source[end] === "]") end++;
      while (source[end] !== "]") end += source[end] === "\\" ? 2 : 1;
      const set = source.slice(at, end + 1);
      at = end + 1;
      return { kind: "set", source: set };
    }
    if (char === "\\") {
      at += 2;
      return { kind: "set", source: source.slice(at - 2, at) };
    }
    if (char === "^" || char === "$") {
      at++;
      return { kind: "assertion" };
    }
    at++;
    return { kind: "set", source: char === "." ? "." : char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") };
  };
  const quantified = (item: Omit<Item, "min" | "max">): Item => {
    let min = 1;
    let max = 1;
    const char = source[at];
    if (char === "?" || char === "*" || char === "+") {
      [min, max] = char === "?" ? [0, 1] : char === "*" ? [0, Infinity] : [1, Infinity];
      at++;
    } else if (char === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at))!;
      min = Number(match[1]);
      max = match[2] ? (match[3] ? Number(match[3]) : Infinity) : min;
      at += match[0].length;
    }
    if (source[at] === "?" && (min !== 1 || max !== 1)) at++; // lazy: same rules
    return { ...item, min, max };
  };
  const result = alternatives();
  if (at !== source.length) throw new Error(`unexpected ")" in ${source}`);
  return result;
}

// Characters the sets are compared on: ASCII plus a few others (letters with accents, other digits, spaces).
const sample = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
  "é",
  "٣",
  "\u00a0",
  "\u2028",
  "Ж",
];

function charsOf(item: Item, flags: string): Set<string> {
  if (item.kind === "set") {
    const one = new RegExp(`^${item.source}$`, flags.replace(/[gy]/g, ""));
    return new Set(sample.filter((char) => one.test(char)));
  }
  if (item.kind === "group") return new Set(item.alternatives!.flatMap((seq) => [...firstChars(seq, flags)]));
  return new Set();
}

/** Characters a sequence can start with (optional items let the next one start it too). */
function firstChars(sequence: readonly Item[], flags: string): Set<string> {
  const chars = new Set<string>();
  for (const item of sequence) {
    if (item.kind === "lookbehind" || item.kind === "assertion") continue;
    for (const char of charsOf(item, flags)) chars.add(char);
    if (item.min > 0) break;
  }
  return chars;
}

const overlaps = (a: Set<string>, b: Set<string>) => [...a].some((char) => b.has(char));
const unbounded = (item: Item) => item.max === Infinity;
const containsUnbounded = (item: Item): boolean =>
  item.alternatives?.some((seq) => seq.some((inner) => unbounded(inner) || containsUnbounded(inner))) ??
  false;

/** Problems that make a pattern super-linear; [] when it is linear by construction. */
function linearityProblems(pattern: RegExp): string[] {
  const problems: string[] = [];
  const flags = pattern.flags;
  const visit = (
    sequence: readonly Item[],
    guard: Set<string> | undefined,
    atStart: boolean,
    follow: Set<string>,
  ) => {
    // What may come right after item `index`: the rest of this sequence, and past its end what follows it.
    const nextOf = (index: number) => {
      const rest = sequence.slice(index + 1);
      const chars = firstChars(rest, flags);
      if (rest.every((item) => item.min === 0 || item.kind === "lookbehind" || item.kind === "assertion"))
        for (const char of follow) chars.add(char);
      return chars;
    };
    let lookbehind = guard;
    let leading = atStart;
    sequence.forEach((item, index) => {
      if (item.kind === "lookbehind") {
        if (item.negative && item.alternatives!.length === 1 && item.alternatives![0]!.length === 1)
          lookbehind = charsOf(item.alternatives![0]![0]!, flags);
        return;
      }
      if (item.kind === "assertion") return;
      // Rule 1: no quantifier over a group that itself holds an unbounded quantifier ((a+)+, (a|b+){2,}).
      if (item.kind === "group" && item.max > 1 && containsUnbounded(item))
        problems.push(`nested quantifiers at item ${index}`);
      // Rule 2: an unbounded part must not overlap what may follow it (\d+\d+, \s+\s*x): that is polynomial.
      if (unbounded(item)) {
        const mine = charsOf(item, flags);
        const next = nextOf(index);
        if (overlaps(mine, next)) problems.push(`unbounded item ${index} overlaps what follows it`);
      }
      // Rule 3: an unbounded part the match starts with may only start where its run starts, or the engine
      // rescans the run from every position in it (quadratic): a negative lookbehind must cover its set.
      if (leading && unbounded(item)) {
        const mine = charsOf(item, flags);
        if (!lookbehind || [...mine].some((char) => !lookbehind!.has(char)))
          problems.push(`leading unbounded item ${index} is not anchored by a lookbehind`);
      }
      if (item.kind === "group")
        for (const inner of item.alternatives!) visit(inner, lookbehind, leading, nextOf(index));
      leading = false;
      lookbehind = undefined;
    });
  };
  for (const sequence of parse(pattern.source)) visit(sequence, undefined, true, new Set());
  return problems;
}

describe("redaction patterns are linear by construction", () => {
  it("the checker catches the shapes that backtrack", () => {
    expect(linearityProblems(/\d{5,}:[A-Za-z0-9_-]{20,}/g)).toContain(
      "leading unbounded item 0 is not anchored by a lookbehind",
    );
    expect(linearityProblems(/(?:a+)+b/)).toContain("nested quantifiers at item 0");
    expect(linearityProblems(/x\d+\d+y/)).toContain("unbounded item 1 overlaps what follows it");
    expect(linearityProblems(/x\s+\s*y/)).toContain("unbounded item 1 overlaps what follows it");
    expect(linearityProblems(/(x\s+)\s*y/)).toContain("unbounded item 1 overlaps what follows it");
    expect(linearityProblems(/(?<!\d)\d{5,}:/)).toEqual([]);
    expect(linearityProblems(/(?<![a-z])\d+x/)).toContain(
      "leading unbounded item 1 is not anchored by a lookbehind",
    );
  });

  it("every exported redaction pattern passes", () => {
    expect(redactionPatterns.length).toBeGreaterThanOrEqual(3);
    for (const pattern of redactionPatterns) expect(linearityProblems(pattern), String(pattern)).toEqual([]);
  });
});

describe("redaction stays correct on 100 KB inputs", () => {
  const token = "123456789:AAHk-abcdefghijklmnopqrstuvwxyz012";
  const adversarial = {
    digits: "1".repeat(100_000),
    "digits and colons": "12345:".repeat(17_000),
    "bearer spaces": `Bearer${" ".repeat(100_000)}`,
    "plus and digits": "+1 ".repeat(34_000),
    "phone-like repeats": "08 1".repeat(25_000),
  };

  for (const [name, filler] of Object.entries(adversarial)) {
    it(`a bot token and a phone number inside ${name} are still redacted`, () => {
      const text = `${filler} /bot${token}/sendMessage ${filler} hubungi 0812-3456-7890 ${filler}`;
      const out = redact(text) as string;
      expect(out).not.toContain(token);
      expect(out).toContain("[bot-token]");
      expect(out).not.toContain("0812-3456-7890");
      expect(out.length).toBeGreaterThan(filler.length);
    });
  }

  it("a 100 KB path of digits is left as it is (no token, no phone number)", () => {
    const path = `/${"1".repeat(100_000)}`;
    expect(redact(path)).toBe(path);
  });
});
