import { describe, expect, it } from "vitest";
import { createLogger } from "../../functions/lib/log/logger.js";
import { maskId, maskPhone, redact } from "../../functions/lib/log/redact.js";

describe("log redaction", () => {
  it("masks Indonesian and international phone numbers in free text", () => {
    const out = redact("hubungi 0812-3456-7890 atau +62 812 3456 7890 atau 6281234567890") as string;
    expect(out).not.toMatch(/3456/);
    expect(out).toContain("890");
  });

  it("masks phone-like fields and hides token-like fields", () => {
    const out = redact({
      phone: "+6281234567890",
      waId: "6281234567890",
      token: "abc123456",
      nested: { authorization: "Bearer xyz" },
    });
    expect(out).toEqual({
      phone: "**********890",
      waId: "**********890",
      token: "[secret]",
      nested: { authorization: "[secret]" },
    });
  });

  it("scrubs bot tokens inside URLs and known secrets anywhere", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      write: (line) => lines.push(line),
      secrets: ["super-secret-value"],
    });
    logger.error("x", {
      url: "https://api.telegram.org/bot123456789:AAHfakeTokenValue_abcdefghijk/sendMessage",
      error: new Error("failed with super-secret-value"),
    });
    expect(lines[0]).not.toContain("AAHfakeTokenValue");
    expect(lines[0]).not.toContain("super-secret-value");
    expect(lines[0]).toContain("[bot-token]");
  });

  it("keeps short numbers such as update ids", () => {
    expect(redact("update 123456789")).toBe("update 123456789");
    expect(maskPhone("12")).toBe("12");
  });

  it("respects the log level", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", event: "loud" });
  });

  it("masks number-like user ids of any country, as strings or numbers", () => {
    expect(
      redact({ userId: "4915112345678", chatId: 5551234, to: "6281377770001", recipient: -1001234567890 }),
    ).toEqual({
      userId: "**********678",
      chatId: "****234",
      to: "**********001",
      recipient: "-**********890",
    });
    // Not number-like: left alone (a channel name, a short id).
    expect(redact({ userId: "anon", to: "1234" })).toEqual({ userId: "anon", to: "1234" });
    expect(maskId(42)).toBe(42);
  });

  it("masks bare foreign numbers and hashes wamids in free text", () => {
    const wamid = `wamid.HBgN${Buffer.from("4915112345678").toString("base64")}FQIAEhgUM0VCMDY=`;
    const out = redact(`send to 4915112345678 failed for ${wamid}; retry`) as string;
    expect(out).not.toContain("4915112345678");
    expect(out).not.toContain(Buffer.from("4915112345678").toString("base64"));
    expect(out).toMatch(/\*{10}678/);
    expect(out).toMatch(/wamid#[A-Za-z0-9_-]{12}; retry$/);
    // The same wamid always gives the same key (log lines can be correlated).
    expect(redact(wamid)).toBe(redact(wamid));
  });

  it("the id and wamid patterns run in linear time on 100 KB inputs", () => {
    const numbers = "4915112345 ".repeat(9_100);
    for (const input of [numbers, `wamid.${"A".repeat(100_000)}`, "1a".repeat(50_000)]) {
      const started = performance.now();
      redact(input);
      // Generous bound: a quadratic pattern takes seconds here, a linear one a few milliseconds.
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
