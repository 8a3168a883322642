// `npm start` as an operator runs it: a real process, DynamoDB Local persisted in DATA_DIR, a fake Bot API.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { telegramSecret, telegramToken, tgText } from "../support/app.js";
import { exited, portAcceptsConnections, spawnScript, waitFor } from "../support/process.js";

let fake: FakeTelegramApi;
const dataDir = mkdtempSync(join(tmpdir(), "umkm-start-"));

beforeAll(async () => {
  fake = await startFakeTelegramApi();
});
afterAll(async () => {
  await fake.close();
});

async function startServer() {
  const port = await freePort();
  const child = spawnScript("scripts/start.ts", {
    PORT: String(port),
    DATA_DIR: dataDir,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    LOG_LEVEL: "info",
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
    60_000,
    `GET /health (output so far: ${child.output().slice(-500)})`,
  );
  const runtime = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { endpoint: string };
  return { child, base, storePort: Number(new URL(runtime.endpoint).port) };
}

const postUpdate = (base: string, update: object) =>
  fetch(`${base}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": telegramSecret },
    body: JSON.stringify(update),
  });

describe("npm start", () => {
  it("serves /health, answers a webhook /start, keeps data across a restart and stops DynamoDB Local", async () => {
    const first = await startServer();
    expect((await postUpdate(first.base, tgText(777001, "/start"))).status).toBe(200);
    const [greeting] = fake.callsTo("sendMessage");
    expect(greeting?.payload.text).toContain("Selamat datang");
    expect(greeting?.payload.reply_markup).toHaveProperty("inline_keyboard");
    expect(first.child.output()).not.toContain(telegramToken);

    first.child.kill("SIGTERM");
    await exited(first.child);
    await waitFor(
      async () => ((await portAcceptsConnections(first.storePort)) ? undefined : true),
      30_000,
      "JVM exit",
    );

    const second = await startServer();
    try {
      expect((await postUpdate(second.base, tgText(777001, "/start"))).status).toBe(200);
      // The contact survived the restart, so the greeting is the returning one.
      expect(fake.callsTo("sendMessage").at(-1)?.payload.text).toContain("Halo lagi");
    } finally {
      second.child.kill("SIGINT");
      await exited(second.child);
    }
    await waitFor(
      async () => ((await portAcceptsConnections(second.storePort)) ? undefined : true),
      30_000,
      "JVM exit",
    );
  }, 150_000);

  it("refuses to start with invalid configuration and lists every problem", async () => {
    const child = spawnScript("scripts/start.ts", {
      PORT: "not-a-port",
      TELEGRAM_BOT_TOKEN: "nonsense",
      TELEGRAM_MODE: "carrier-pigeon",
      DATA_DIR: dataDir,
    });
    expect(await exited(child)).toBe(1);
    const output = child.output();
    expect(output).toContain("PORT");
    expect(output).toContain("TELEGRAM_BOT_TOKEN");
    expect(output).toContain("TELEGRAM_MODE");
  });
});
