import { describe, expect, it } from "vitest";
import { createLogger } from "../../functions/lib/log/logger.js";
import { maskPhone, redact } from "../../functions/lib/log/redact.js";

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
});
