// Issue #17 item 3 through the real webhooks: an emoji exactly at a cut point (training titles on buttons,
// ticket messages relayed to staff, first names in greetings) still reaches the person or staff. The fake
// Bot API refuses a payload holding half an emoji, as Telegram does, so a naive cut loses the message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { postTelegram, type TestApp, tgText } from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { neutralOf, postWhatsApp, waNotification, waTextMessage } from "../whatsapp/helpers.js";
import { hasLoneSurrogate } from "./random-text.js";

const staffGroup = "-1001555000111";
const day = 24 * 60 * 60 * 1000;

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "cut",
    env: { STAFF_TELEGRAM_CHAT_ID: staffGroup },
  }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

/** What Telegram accepted for a chat (status 200), newest last, HTML unescaped. */
const accepted = (chatId: string | number) =>
  telegram.calls
    .filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(chatId))
    .map((call) => ({
      status: call.status,
      text: String(call.payload.text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
      buttons: (
        (call.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)
          ?.inline_keyboard ?? []
      )
        .flat()
        .map((button) => button.text),
    }));

async function say(userId: number, text: string, firstName = "Siti") {
  const update = tgText(userId, text);
  (update.message.from as { first_name: string }).first_name = firstName;
  expect((await postTelegram(test.app, update)).status).toBe(200);
}

async function waSay(waId: string, text: string) {
  expect((await postWhatsApp(test.app, waNotification([waTextMessage(waId, text)]))).status).toBe(200);
}

describe("an emoji at the cut point still arrives", () => {
  it("/pelatihan lists a training whose title has an emoji at character 60 (button label)", async () => {
    const title = `${"Pelatihan Tapis Kemiling ".repeat(3).slice(0, 59)}👩‍👩‍👧 lanjutan`;
    expect(title.charCodeAt(59)).toBeGreaterThanOrEqual(0xd800);
    await createTrainingRepository({ client: table.documentClient, tableName: table.tableName }).create({
      id: "PCUT01",
      title,
      topic: "tapis",
      startsAt: Date.now() + 10 * day,
      place: "Sentra Tapis Kemiling",
      quota: 20,
      deadline: Date.now() + 9 * day,
      openToAll: true,
      createdAt: Date.now(),
      createdBy: "test",
    });

    await say(931_001, "/pelatihan");
    const list = accepted(931_001).at(-1)!;
    expect(list.status).toBe(200);
    expect(list.text).toContain(title);
    const label = list.buttons.find((text) => text.startsWith("Pelatihan Tapis"))!;
    expect(label).toBe(`${title.slice(0, 59)}…`);

    // WhatsApp: the same list as rows, whole graphemes only.
    await waSay("6281290000001", "/pelatihan");
    const sent = whatsapp.calls.filter((call) => call.payload.to === "6281290000001").at(-1)!;
    expect(JSON.stringify(sent.payload)).not.toMatch(/\\ud83d"/i);
    expect(neutralOf(sent.payload).choices.some((choice) => choice.label.startsWith("Pelatihan Tapis"))).toBe(
      true,
    );
  });

  it("a greeting keeps a 64-unit first name ending in an emoji whole or not at all", async () => {
    const name = `${"B".repeat(63)}😀`;
    await say(931_002, "/start", name);
    const greeting = accepted(931_002).at(-1)!;
    expect(greeting.status).toBe(200);
    expect(greeting.text).toContain(`Halo ${"B".repeat(63)}!`);
    expect(hasLoneSurrogate(greeting.text)).toBe(false);
  });

  it("a ticket message cut at 1500 characters with an emoji there reaches staff (Telegram and WhatsApp)", async () => {
    const long = `${"a".repeat(1499)}😀 sisanya`;
    // Telegram person.
    await say(931_003, "hubungi petugas");
    const tgTicket = ticketIdIn(accepted(931_003).at(-1)!.text)!;
    expect(tgTicket).toBeDefined();
    await say(931_003, long);
    expect(accepted(931_003).at(-1)!.text).toContain("sudah diteruskan");
    const fromTelegram = accepted(staffGroup).at(-1)!;
    expect(fromTelegram.status).toBe(200);
    expect(fromTelegram.text).toContain(`#${tgTicket}`);
    expect(fromTelegram.text).toContain(`${"a".repeat(1499)}…`);

    // WhatsApp person, staff on Telegram.
    await waSay("6281290000003", "hubungi petugas");
    const waTicket = ticketIdIn(
      neutralOf(whatsapp.calls.filter((call) => call.payload.to === "6281290000003").at(-1)!.payload).text,
    )!;
    expect(waTicket).toBeDefined();
    await waSay("6281290000003", long);
    const fromWhatsApp = accepted(staffGroup).at(-1)!;
    expect(fromWhatsApp.status).toBe(200);
    expect(fromWhatsApp.text).toContain(`#${waTicket}`);
    expect(fromWhatsApp.text).toContain(`${"a".repeat(1499)}…`);
    expect(telegram.calls.every((call) => call.status === 200)).toBe(true);
  });
});
