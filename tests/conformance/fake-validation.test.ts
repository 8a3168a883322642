// The fake platform servers validate every call they receive (tests/fakes): an invalid call is answered 400,
// like the real APIs, and reported so that the test it happened in fails (tests/support/outbound-guard.ts).
import { Api } from "grammy/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramMessenger } from "../../functions/lib/channels/telegram/messenger.js";
import { reportViolation, takeViolations } from "../fakes/outbound-violations.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { telegramToken } from "../support/app.js";
import { check } from "../support/outbound-guard.js";
import { waPhoneNumberId, waToken } from "../whatsapp/helpers.js";

let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;

beforeAll(async () => {
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("the fake Telegram Bot API validates every call", () => {
  it("answers a valid call 200 and reports nothing", async () => {
    const response = await postJson(`${telegram.url}/bot${telegramToken}/sendMessage`, {
      chat_id: 42,
      text: "<b>Halo</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Menu", callback_data: "menu" }]] },
    });
    expect(response.status).toBe(200);
    expect(takeViolations()).toEqual([]);
  });

  it("refuses an unknown method, an unknown parameter, bad HTML and a cut-off label with 400", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["sendMesage", { chat_id: 1, text: "x" }, /no such Bot API method/],
      ["sendMessage", { chat_id: 1, text: "x", colour: "red" }, /colour: not a parameter of sendMessage/],
      ["sendMessage", { chat_id: 1, text: "<b>x", parse_mode: "HTML" }, /<b> never closed/],
      [
        "sendMessage",
        {
          chat_id: 1,
          text: "x",
          reply_markup: { inline_keyboard: [[{ text: "Keripik pisang…", callback_data: "a" }]] },
        },
        /truncated/,
      ],
    ];
    for (const [method, payload, problem] of cases) {
      const response = await postJson(`${telegram.url}/bot${telegramToken}/${method}`, payload);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { description: string }).description).toMatch(problem);
      const violations = takeViolations();
      expect(violations.join("\n")).toMatch(problem);
    }
  });

  it("makes the product's send fail when it builds an invalid call", async () => {
    const messenger = createTelegramMessenger(new Api(telegramToken, { apiRoot: telegram.url }));
    const outcome = await messenger.send({ channel: "telegram", userId: "42" }, [
      { text: "Pilih:", choices: [{ id: "a", label: "Promo Anda:" }] },
    ]);
    expect(outcome).toMatchObject({ status: "failed", retryable: false });
    expect(takeViolations().join("\n")).toMatch(/heading/);
  });
});

describe("the fake WhatsApp Cloud API validates every message", () => {
  const send = (payload: Record<string, unknown>) =>
    postJson(`${whatsapp.url}/v23.0/${waPhoneNumberId}/messages`, payload, {
      authorization: `Bearer ${waToken}`,
    });

  it("accepts a valid message and refuses a BSUID in `to` and a 4-button message with Graph error 100", async () => {
    expect(
      (await send({ messaging_product: "whatsapp", to: "628111", type: "text", text: { body: "Halo" } }))
        .status,
    ).toBe(200);
    expect(takeViolations()).toEqual([]);
    const bsuid = await send({
      messaging_product: "whatsapp",
      to: "US.13491208655302741918",
      type: "text",
      text: { body: "x" },
    });
    expect(bsuid.status).toBe(400);
    expect(((await bsuid.json()) as { error: { code: number } }).error.code).toBe(100);
    expect(takeViolations().join("\n")).toMatch(/BSUID/);
    const buttons = [1, 2, 3, 4].map((n) => ({
      type: "reply",
      reply: { id: `b${n}`, title: `Pilihan ${n}` },
    }));
    const tooMany = await send({
      messaging_product: "whatsapp",
      to: "628111",
      type: "interactive",
      interactive: { type: "button", body: { text: "Pilih" }, action: { buttons } },
    });
    expect(tooMany.status).toBe(400);
    expect(takeViolations().join("\n")).toMatch(/4 buttons, 1-3 allowed/);
  });
});

describe("the suite's guard", () => {
  it("fails the test during which a violation was reported", () => {
    reportViolation("Telegram", ["sendMessage text: empty"]);
    expect(() => check()).toThrow(/invalid outbound platform call\(s\):\nTelegram: sendMessage text: empty/);
    expect(() => check()).not.toThrow();
  });
});
