// scripts/register-webhooks.ts against a fake Telegram Bot API on 127.0.0.1.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALLOWED_UPDATES,
  redact,
  registerWebhooks,
  resolveSettings,
  UsageError,
} from "../../scripts/register-webhooks.js";

const TOKEN = "123456:TEST-token_abc";
const SECRET = "webhook-secret_42";
const calls: { path: string; body: Record<string, unknown> }[] = [];
let server: Server;
let apiRoot: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      calls.push({ path: req.url ?? "", body: raw ? JSON.parse(raw) : {} });
      const method = req.url?.split("/").pop();
      const result =
        method === "getWebhookInfo"
          ? { url: "https://api.example.com/telegram", pending_update_count: 0 }
          : method === "setWebhook"
            ? true
            : undefined;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(result === undefined ? { ok: false, error_code: 404 } : { ok: true, result }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe("register-webhooks", () => {
  it("calls setWebhook with the secret token and allowed updates, and never prints secrets", async () => {
    const settings = resolveSettings(["--url", "https://api.example.com/"], {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: apiRoot,
    });
    const lines: string[] = [];
    await registerWebhooks(settings, (line) => lines.push(line));

    expect(calls[0]).toEqual({
      path: `/bot${TOKEN}/setWebhook`,
      body: {
        url: "https://api.example.com/telegram",
        secret_token: SECRET,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      },
    });
    expect(calls[1]?.path).toBe(`/bot${TOKEN}/getWebhookInfo`);
    const printed = lines.join("\n");
    expect(printed).toContain("https://api.example.com/whatsapp");
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(SECRET);
  });

  it("takes API_URL and linked resources when no flag or env is given", () => {
    const settings = resolveSettings(
      [],
      { API_URL: "https://x.example.com" },
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
    );
    expect(settings).toMatchObject({
      apiUrl: "https://x.example.com",
      telegramApiRoot: "https://api.telegram.org",
    });
    expect(
      resolveSettings(
        ["--url=https://y.example.com"],
        {},
        { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET },
        "https://z",
      ).apiUrl,
    ).toBe("https://y.example.com");
  });

  it("reports every missing setting at once, without values", () => {
    expect(() => resolveSettings([], {})).toThrow(UsageError);
    let message = "";
    try {
      resolveSettings(["--url", "http://insecure.example.com"], { TELEGRAM_WEBHOOK_SECRET: "has spaces!" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/https/);
    expect(message).toMatch(/TELEGRAM_BOT_TOKEN is not set/);
    expect(message).toMatch(/TELEGRAM_WEBHOOK_SECRET must be/);
    expect(message).not.toContain("has spaces!");
  });

  it("redacts secrets from error text", () => {
    expect(redact(`failed for ${TOKEN} and ${SECRET}`, [TOKEN, SECRET])).toBe("failed for *** and ***");
  });
});
