import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgText } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;
const clock = { current: Date.parse("2026-11-23T02:00:10Z"), now: () => new Date(clock.current) };

beforeAll(async () => {
  table = await createTestTable("flood");
  fake = await startFakeTelegramApi();
  test = buildTestApp(
    table,
    telegramEnv(fake.url, {
      USER_RATE_LIMIT_PER_MINUTE: "5",
      USER_MUTE_SECONDS: "120",
      STAFF_TELEGRAM_IDS: "777",
    }),
    {
      clock,
    },
  );
});
afterAll(async () => {
  await fake.close();
});

const sentTo = (user: number) =>
  fake.callsTo("sendMessage").filter((call) => call.payload.chat_id === String(user));

describe("per-person flood control", () => {
  it("answers up to the limit, warns once, ignores the rest, and listens again later", async () => {
    const user = 3001;
    for (let i = 0; i < 9; i++) expect((await postTelegram(test.app, tgText(user, "menu"))).status).toBe(200);
    const texts = sentTo(user).map((call) => String(call.payload.text));
    expect(texts).toHaveLength(6);
    expect(texts[5]).toContain("terlalu banyak pesan");
    expect(texts.filter((text) => text.includes("terlalu banyak pesan"))).toHaveLength(1);
    clock.current += 121_000;
    await postTelegram(test.app, tgText(user, "menu"));
    expect(sentTo(user)).toHaveLength(7);
    expect(String(sentTo(user).at(-1)?.payload.text)).toContain("Menu utama");
  });

  it("does not limit staff", async () => {
    for (let i = 0; i < 8; i++) await postTelegram(test.app, tgText(777, "menu"));
    expect(sentTo(777)).toHaveLength(8);
  });
});
