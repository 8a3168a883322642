// The console split, from the deployment bundles: staff ask the Telegram webhook function for a console link
// ("/konsol" in chat), and the console function (its own bundle) signs them in with it. The webhook function
// itself answers /konsol with a 404: it holds no console (API Gateway routes /konsol elsewhere, stacks/api.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { telegramEnv, telegramSecret, tgText } from "../support/app.js";
import { apiGatewayV2Event } from "../support/lambda-host.js";
import { createTestTable } from "../support/store.js";
import { deploymentHost, lambdaEnv } from "./deployment.js";

interface LambdaAnswer {
  readonly statusCode: number;
  readonly body?: string;
  readonly cookies?: string[];
}

const staffId = 740_001;
const host = deploymentHost(["telegram", "console"]);
let tg: FakeTelegramApi;

beforeAll(async () => {
  tg = await startFakeTelegramApi();
  await host.build();
}, 120_000);

afterAll(async () => {
  await host.closeContainers();
  await tg?.close();
  host.remove();
});

describe("the console split in the deployment bundles", () => {
  it("the webhook function issues the sign-in link and 404s /konsol; the console function signs in with it", async () => {
    const table = await createTestTable("console-split");
    const env: Record<string, string> = {
      ...lambdaEnv(table),
      ...telegramEnv(tg.url),
      STAFF_TELEGRAM_IDS: String(staffId),
      CONSOLE_BASE_URL: "https://abc123.execute-api.ap-southeast-3.amazonaws.com",
      LOG_LEVEL: "warn",
    };
    const telegram = await host.start("telegram", env, { timeoutMs: 15_000 });
    const konsol = await host.start("console", env, { timeoutMs: 15_000 });

    const asked = await telegram.invoke<LambdaAnswer>(
      apiGatewayV2Event("POST", "/telegram", {
        headers: { "x-telegram-bot-api-secret-token": telegramSecret },
        body: JSON.stringify(tgText(staffId, "/konsol")),
      }),
    );
    expect(asked.statusCode).toBe(200);
    const text = String(tg.callsTo("sendMessage").at(-1)?.payload.text);
    // The link's words come from the bot's own strings (common.json), not the console's.
    expect(text).toContain("Tautan masuk Konsol Petugas");
    const token = /https:\/\/abc123\.execute-api[^\s]*\/konsol\/masuk\?t=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token, text).toBeDefined();

    const elsewhere = await telegram.invoke<LambdaAnswer>(apiGatewayV2Event("GET", "/konsol"));
    expect(elsewhere.statusCode).toBe(404);

    const login = await konsol.invoke<LambdaAnswer>(
      apiGatewayV2Event("POST", "/konsol/api/login", { body: JSON.stringify({ token }) }),
    );
    expect(login.statusCode, login.body).toBe(200);
    expect(login.cookies?.[0]).toMatch(/^konsol_sid=[^;]+;/);
    const strings = await konsol.invoke<LambdaAnswer>(apiGatewayV2Event("GET", "/konsol/i18n/id.json"));
    expect(strings.statusCode).toBe(200);
    expect(JSON.parse(String(strings.body))).toMatchObject({ title: "Konsol Petugas UMKM" });
  }, 120_000);
});
