// One conversation, two channels: Telegram and WhatsApp must reach the same outcome through the same core.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import type { TestApp } from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { type ChannelDriver, type NeutralReply, TelegramDriver, WhatsAppDriver } from "./drivers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({ name: "contract" }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

let nextId = 0;
const drivers: Record<string, () => ChannelDriver> = {
  telegram: () => new TelegramDriver(test.app, telegram, 880_000 + ++nextId),
  whatsapp: () => new WhatsAppDriver(test.app, whatsapp, String(6281900000000 + ++nextId)),
};

const last = (driver: ChannelDriver): NeutralReply => {
  const reply = driver.lastReplies().at(-1);
  if (!reply) throw new Error(`${driver.channel}: no reply`);
  return reply;
};
const ids = (reply: NeutralReply) => reply.choices.map((choice) => choice.id);

/** The scenario, written once: greet, switch language by button and by typed number, get help. */
async function languageAndHelp(driver: ChannelDriver) {
  await driver.sendText("halo");
  expect(last(driver).text).toContain("Selamat datang");
  expect(ids(last(driver))).toEqual(expect.arrayContaining(["lang", "help"]));

  await driver.press("lang");
  expect(last(driver).text).toContain("Silakan pilih bahasa");
  expect(ids(last(driver))).toEqual(["lang:id", "lang:en"]);

  await driver.press("lang:en");
  expect(last(driver).text).toContain("I will use English");

  await driver.sendText("bantuan");
  expect(last(driver).text).toContain("How to use this service");

  await driver.sendText("bahasa");
  await driver.sendText("1");
  expect(last(driver).text).toContain("Baik, saya akan memakai Bahasa Indonesia");

  await driver.sendText("xyz qwerty");
  expect(last(driver).text).toContain("Maaf, saya belum mengerti");
  return driver.transcript();
}

/** Same texts and the same choice ids; labels may be shortened on WhatsApp, so they are compared by start. */
const comparable = (transcript: readonly NeutralReply[]) =>
  transcript.map((reply) => ({ text: reply.text, choices: ids(reply) }));

describe("contract: the same conversation on both channels", () => {
  it.each(["telegram", "whatsapp"])("language and help on %s", async (channel) => {
    await languageAndHelp(drivers[channel]!());
  });

  it("ends with the same outcome on Telegram and WhatsApp", async () => {
    const onTelegram = drivers.telegram!();
    const onWhatsApp = drivers.whatsapp!();
    const telegramTranscript = await languageAndHelp(onTelegram);
    const whatsappTranscript = await languageAndHelp(onWhatsApp);
    expect(telegramTranscript.length).toBeGreaterThan(0);
    expect(comparable(whatsappTranscript)).toEqual(comparable(telegramTranscript));
    const pairs = telegramTranscript.flatMap((reply, index) =>
      reply.choices.map((choice, position) => [
        choice.label,
        whatsappTranscript[index]?.choices[position]?.label,
      ]),
    );
    for (const [full, shown] of pairs)
      expect(full?.startsWith(String(shown).replace(/…( \d+)?$/, ""))).toBe(true);
    // Both people ended in Indonesian, stored the same way.
    const contacts = (await table.scanAll()).filter(
      (item) => item.sk === "CONTACT" && [onTelegram.userKey, onWhatsApp.userKey].includes(String(item.pk)),
    );
    expect(contacts.map((item) => `${item.channel}:${item.language}`).sort()).toEqual([
      "telegram:id",
      "whatsapp:id",
    ]);
  });
});
