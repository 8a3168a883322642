// The logs of a full scenario on both channels contain no token, no secret and no full phone number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi, whatsappErrors } from "../fakes/whatsapp-api.js";
import {
  buildTestApp,
  post,
  type TestApp,
  telegramEnv,
  telegramSecret,
  telegramToken,
} from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import {
  sign,
  waAppSecret,
  waButtonReply,
  waNotification,
  waStatus,
  waTextMessage,
  waToken,
  waVerifyToken,
  whatsappEnv,
} from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
const waUser = "6281377770001";
const sellerPhone = "6281299990002";

beforeAll(async () => {
  table = await createTestTable("logs");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: "4444" }),
    ...whatsappEnv(whatsapp.url),
  });
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const postWa = (payload: object) => {
  const raw = JSON.stringify(payload);
  return test.app.http(post("/whatsapp", raw, { "x-hub-signature-256": sign(raw) }));
};

describe("logs of a full scenario", () => {
  it("never contain tokens, secrets or full phone numbers", async () => {
    const chat = telegramChat(test.app, telegram, 5551234, "Dewi");
    await chat.say("/daftar");
    await chat.choose("Setuju");
    await chat.say("Dewi Lestari");
    await chat.say("Sambal Dewi");
    await chat.choose("Kuliner");
    await chat.say("kedaton");
    await chat.shareContact(sellerPhone);
    await chat.say("sambal bawang");
    await chat.choose("Belum ada");
    await chat.choose("Tidak");
    await chat.choose("Simpan");
    await postWa(waNotification([waTextMessage(waUser, "halo")]));
    await postWa(waNotification([waButtonReply(waUser, "sub", "Promo")]));
    await postWa(waNotification([waTextMessage(waUser, `nomor saya +62 813-7777-0001 ya`)]));
    whatsapp.failNext(whatsappErrors.undeliverable());
    await postWa(waNotification([waTextMessage(waUser, "menu")]));
    await postWa(waNotification([], { statuses: [waStatus(waUser, "failed", { errorCode: 131026 })] }));
    await test.app.http(post("/telegram", "{}", { "x-telegram-bot-api-secret-token": "wrong-secret" }));
    await test.app.http({
      method: "GET",
      path: "/whatsapp",
      headers: {},
      query: { "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1" },
      rawBody: Buffer.alloc(0),
    });

    const logs = test.logs.join("\n");
    expect(test.logs.length).toBeGreaterThan(15);
    for (const secret of [telegramToken, telegramSecret, waToken, waAppSecret, waVerifyToken])
      expect(logs).not.toContain(secret);
    for (const phone of [waUser, sellerPhone, "813-7777-0001", "81377770001", "81299990002"])
      expect(logs).not.toContain(phone);
    // The events themselves are still there, with masked numbers.
    expect(logs).toContain("inbound.processed");
    expect(logs).toMatch(/\*{6,}\d{3}/);
  });
});
