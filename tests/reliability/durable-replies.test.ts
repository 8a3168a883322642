// Replies the platform refuses for now (429 with retry_after, 5xx, a hanging API) are not lost: the webhook
// answers in time, the rest goes to the outbox and the worker sends it once (issue #17, item 5).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { type FakeTelegramApi, startFakeTelegramApi, telegramErrors } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, postTelegram, telegramEnv, tgText } from "../support/app.js";
import { waitFor } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { neutralOf, postWhatsApp, waNotification, waTextMessage, whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;

beforeAll(async () => {
  table = await createTestTable("durable");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  ({ app } = buildTestApp(table, {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    // Small, so the hanging-API case is quick; production keeps 8 s.
    REPLY_SEND_BUDGET_MS: "1500",
    OUTBOX_BACKOFF_MS: "50",
  }));
});

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

/** Texts Telegram accepted (200) for this chat, in order. */
const acceptedTexts = (chatId: number) =>
  telegram
    .callsTo("sendMessage")
    .filter((call) => String(call.payload.chat_id) === String(chatId) && call.status === 200)
    .map((call) => String(call.payload.text));

/** Runs the local outbox until `done` holds. */
async function outboxUntil(done: () => boolean, what: string) {
  const runner = app.outbox.startLocal();
  try {
    await waitFor(async () => (done() ? true : undefined), 20_000, what);
  } finally {
    await runner.stop();
  }
}

const ok = (chatId: number) => ({
  status: 200,
  body: { ok: true, result: { message_id: 1, date: 0, chat: { id: chatId, type: "private" }, text: "ok" } },
});

describe("replies the platform refuses for now", () => {
  it("Telegram 429 with retry_after: the webhook answers 200, the reply arrives once through the outbox", async () => {
    const chatId = 880001;
    telegram.failNext("sendMessage", telegramErrors.tooManyRequests(1));
    const update = tgText(chatId, "/start");
    expect((await postTelegram(app, update)).status).toBe(200);
    expect(acceptedTexts(chatId)).toEqual([]);
    await outboxUntil(() => acceptedTexts(chatId).length > 0, "the greeting through the outbox");
    const greetings = acceptedTexts(chatId).filter((text) => text.includes("Selamat datang"));
    expect(greetings).toHaveLength(1);
    // Sent as it was decided: with the menu's buttons.
    const sent = telegram
      .callsTo("sendMessage")
      .find((call) => call.status === 200 && String(call.payload.chat_id) === String(chatId));
    expect(sent?.payload.reply_markup).toHaveProperty("inline_keyboard");
    // The retry waited for retry_after (1 s) after the refusal.
    const calls = telegram
      .callsTo("sendMessage")
      .filter((call) => String(call.payload.chat_id) === String(chatId));
    expect(calls[0]?.status).toBe(429);
    expect((calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    // Telegram re-sending the same update is a duplicate: nothing is sent or queued again.
    const before = telegram.callsTo("sendMessage").length;
    expect((await postTelegram(app, update)).status).toBe(200);
    await outboxUntil(() => true, "a quiet outbox");
    expect(telegram.callsTo("sendMessage").length).toBe(before);
  });

  it("a reply that went out in part: only the rest is retried, nothing twice", async () => {
    const chatId = 880002;
    // Two answers and the feedback question: the first goes out, the second is refused (500).
    telegram.failNext("sendMessage", ok(chatId), {
      status: 500,
      body: { ok: false, error_code: 500, description: "Internal Server Error" },
    });
    const question = "cara bikin nib gmn? trus sertifikat halal ngurusnya dimana";
    expect((await postTelegram(app, tgText(chatId, question))).status).toBe(200);
    await outboxUntil(
      () => acceptedTexts(chatId).some((text) => text.includes("Apakah jawaban ini membantu?")),
      "the rest of the answer through the outbox",
    );
    const calls = telegram
      .callsTo("sendMessage")
      .filter((call) => String(call.payload.chat_id) === String(chatId));
    // The first answer (answered by the programmed 200) was never sent again.
    const first = String(calls[0]?.payload.text);
    expect(calls.filter((call) => call.payload.text === first)).toHaveLength(1);
    const halal = acceptedTexts(chatId).filter((text) => /halal/i.test(text.split("\n")[0] ?? ""));
    expect(halal).toHaveLength(1);
  }, 60_000);

  it("a hanging Bot API: the webhook still answers 200 in time and the reply is sent later", async () => {
    const chatId = 880003;
    let hangEnded = false;
    telegram.failNext("sendMessage", {
      status: 504,
      body: { ok: false, error_code: 504, description: "Gateway Timeout" },
      delayMs: 6_000,
    });
    setTimeout(() => {
      hangEnded = true;
    }, 6_000);
    const response = await postTelegram(app, tgText(chatId, "/start"));
    expect(response.status).toBe(200);
    // Answered while the Bot API was still hanging: the reply budget (1.5 s), not the hang, decided.
    expect(hangEnded).toBe(false);
    await outboxUntil(
      () => acceptedTexts(chatId).some((text) => text.includes("Selamat datang")),
      "the greeting after the hang",
    );
    expect(acceptedTexts(chatId).filter((text) => text.includes("Selamat datang"))).toHaveLength(1);
  }, 30_000);

  it("WhatsApp 500: the reply is retried through the outbox and sent once", async () => {
    const waId = "6281290001111";
    whatsapp.failNext({
      status: 500,
      body: { error: { message: "Service temporarily unavailable", code: 2, type: "OAuthException" } },
    });
    expect((await postWhatsApp(app, waNotification([waTextMessage(waId, "halo")]))).status).toBe(200);
    const delivered = () =>
      whatsapp.calls
        .filter((call) => call.payload.to === waId)
        .map((call) => neutralOf(call.payload).text)
        .filter((text) => text.includes("Selamat datang"));
    await outboxUntil(() => delivered().length >= 2, "the greeting through the outbox");
    // Two calls with the greeting: the refused one and the retry; none after.
    await outboxUntil(() => true, "a quiet outbox");
    expect(delivered()).toHaveLength(2);
    const queued = (await table.scanAll()).filter((item) => item.gsi1pk === `OUTBOX#REPLY#whatsapp#${waId}`);
    expect(queued).toHaveLength(1);

    // "Hapus data": the queued answer (job, delivery, sent-message pointer) goes with the person's data.
    const chat = whatsappChat(app, whatsapp, waId);
    await chat.say("hapus data");
    await chat.choose("Ya, hapus");
    expect(chat.last().text).toContain("sudah dihapus");
    const dump = JSON.stringify(await table.scanAll());
    expect(dump).not.toContain(waId);
    expect(dump).not.toContain(`JOB#${String(queued[0]?.id)}`);
  });
});
