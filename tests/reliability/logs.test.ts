// The logs of a full scenario on both channels contain no token, no secret and no full phone number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, whatsappErrors } from "../fakes/whatsapp-api.js";
import { createSendNowJob } from "../outbox/drain.js";
import { fastOutboxEnv } from "../outbox/seed.js";
import {
  buildTestApp,
  post,
  type TestApp,
  telegramEnv,
  telegramSecret,
  telegramToken,
} from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import {
  sign,
  waAppSecret,
  waButtonReply,
  waMessage,
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
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "logs",
    env: { STAFF_TELEGRAM_IDS: "4444" },
  }));
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
    await chat.choose("Jangan tampilkan");
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

  it("hash every wamid and mask every number-like user id, Indonesian or foreign, webhook and outbox alike", async () => {
    const german = "4915112345678";
    const indonesian = "6281377770009";
    // Real wamids are base64 of the number they were sent to or from: these are built the same way.
    let sequence = 0;
    const wamidOf = (number: string) =>
      `wamid.HBgN${Buffer.from(number).toString("base64")}FQIAEhgU${(++sequence).toString(16).padStart(8, "0")}`;
    const wamids: string[] = [];
    const say = async (from: string, text: string) => {
      const id = wamidOf(from);
      wamids.push(id);
      const response = await postWa(waNotification([waTextMessage(from, text, { id })]));
      expect(response.status).toBe(200);
    };
    const from = test.logs.length;
    await say(german, "halo");
    await say(indonesian, "halo");
    await say(german, "nomor saya 4915112345678, tolong hubungi");
    await say(indonesian, "tanya soal izin PIRT dong");
    // A choice and a failed status carry wamids too.
    const choice = wamidOf(german);
    wamids.push(choice);
    await postWa(
      waNotification([
        waMessage(
          german,
          {
            type: "interactive",
            interactive: { type: "button_reply", button_reply: { id: "menu", title: "Menu" } },
          },
          { id: choice },
        ),
      ]),
    );
    const failed = wamidOf(indonesian);
    wamids.push(failed);
    await postWa(
      waNotification([], { statuses: [waStatus(indonesian, "failed", { id: failed, errorCode: 131000 })] }),
    );
    // A concurrent duplicate's error message names the update too.
    const duplicate = wamidOf(german);
    wamids.push(duplicate);
    const twice = JSON.stringify(waNotification([waTextMessage(german, "menu", { id: duplicate })]));
    await Promise.all(
      [0, 1].map(() => test.app.http(post("/whatsapp", twice, { "x-hub-signature-256": sign(twice) }))),
    );

    // The outbox: every send fails with a 5xx, is retried (outbox.retry), then dead-lettered.
    const outboxApp = buildTestApp(table, {
      ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: "4444" }),
      ...whatsappEnv(whatsapp.url),
      ...fastOutboxEnv,
      OUTBOX_MAX_ATTEMPTS: "2",
      OUTBOX_CONCURRENCY: "1",
      LOG_LEVEL: "debug",
    });
    const serverError = { status: 500, body: { error: { message: "Internal error", code: 2 } } };
    whatsapp.failNext(...Array.from({ length: 20 }, () => serverError));
    await createSendNowJob(outboxApp.app, "logs01", { text: "Pengumuman logs01", now: new Date() });
    await outboxApp.app.outbox.planner.runDue();
    for (let round = 0; round < 3; round++) {
      for (const message of await outboxApp.app.outbox.localQueue!.receive(10, 30_000)) {
        if ((await outboxApp.app.outbox.worker.handle(message.message)) === "done")
          await outboxApp.app.outbox.localQueue!.ack(message.handle);
        round = 0;
      }
    }
    const job = await outboxApp.app.outbox.jobs.get("logs01");
    expect(job?.counters.failed).toBeGreaterThanOrEqual(2);

    const logs = [...test.logs.slice(from), ...outboxApp.logs].join("\n");
    for (const event of [
      "inbound.processed",
      "whatsapp.delivery_failed",
      "outbox.retry",
      "outbox.dead_letter",
    ])
      expect(logs).toContain(`"event":"${event}"`);
    for (const number of [german, indonesian, "15112345678", "81377770009"])
      expect(logs).not.toContain(number);
    for (const wamid of wamids) {
      expect(logs).not.toContain(wamid);
      expect(logs).not.toContain(wamid.slice(10, 26));
    }
    expect(logs).not.toContain("wamid.");
    // What is left lets lines be told apart: the last digits and short hashed update keys.
    expect(logs).toContain("**********678");
    expect(logs).toMatch(/"update":"[A-Za-z0-9_-]{12}"/);
  });
});
