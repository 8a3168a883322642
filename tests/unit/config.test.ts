import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../functions/lib/config/config.js";

describe("config", () => {
  it("has working defaults for a laptop", () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(".data");
    expect(config.telegram.token).toBeUndefined();
    expect(config.telegram.apiRoot).toBe("https://api.telegram.org");
    expect(config.logLevel).toBe("info");
  });

  it("defaults to polling when a token is set, and parses staff ids", () => {
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: "123:abc", STAFF_TELEGRAM_IDS: " 11, 22 ,,33" });
    expect(config.telegram.mode).toBe("polling");
    expect(config.telegram.staffIds).toEqual(["11", "22", "33"]);
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_MODE: "webhook" }).telegram.mode).toBe(
      "webhook",
    );
  });

  it("takes an SQS endpoint override beside the queue URL (moto in tests), none by default", () => {
    expect(parseConfig({}).outbox.sqsEndpoint).toBeUndefined();
    const config = parseConfig({
      OUTBOX_QUEUE_URL: "http://127.0.0.1:5000/123456789012/outbox",
      SQS_ENDPOINT: "http://127.0.0.1:5000",
    });
    expect(config.outbox).toMatchObject({
      queueUrl: "http://127.0.0.1:5000/123456789012/outbox",
      sqsEndpoint: "http://127.0.0.1:5000",
    });
    expect(() => parseConfig({ SQS_ENDPOINT: "not a url" })).toThrow(ConfigError);
  });

  it("strips a trailing slash from the Bot API root", () => {
    expect(parseConfig({ TELEGRAM_API_ROOT: "http://127.0.0.1:9999/" }).telegram.apiRoot).toBe(
      "http://127.0.0.1:9999",
    );
  });

  it("points console links at the local server unless CONSOLE_BASE_URL says otherwise", () => {
    expect(parseConfig({}).consoleBaseUrl).toBe("http://localhost:3000");
    expect(parseConfig({ PORT: "4010" }).consoleBaseUrl).toBe("http://localhost:4010");
    expect(parseConfig({ CONSOLE_BASE_URL: "https://konsol.example.id/" }).consoleBaseUrl).toBe(
      "https://konsol.example.id",
    );
    expect(() => parseConfig({ CONSOLE_BASE_URL: "ftp://konsol.example.id" })).toThrow(/CONSOLE_BASE_URL/);
    expect(() => parseConfig({ CONSOLE_BASE_URL: "konsol" })).toThrow(/CONSOLE_BASE_URL/);
  });

  it("lists every invalid variable at once, without echoing secret values", () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: "eighty",
        TELEGRAM_BOT_TOKEN: "not a token",
        TELEGRAM_MODE: "fax",
        STAFF_TELEGRAM_IDS: "12,abc",
        LOG_LEVEL: "loud",
        DYNAMODB_ENDPOINT: "nowhere",
        TELEGRAM_WEBHOOK_SECRET: "has spaces!",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of [
      "PORT",
      "TELEGRAM_BOT_TOKEN",
      "TELEGRAM_MODE",
      "STAFF_TELEGRAM_IDS",
      "LOG_LEVEL",
      "DYNAMODB_ENDPOINT",
      "TELEGRAM_WEBHOOK_SECRET",
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).not.toContain("not a token");
    expect((error as ConfigError).message).not.toContain("has spaces!");
  });
});
