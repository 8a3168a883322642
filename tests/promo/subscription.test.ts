import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isStopRequest } from "../../functions/lib/core/promo/subscription.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("subscription");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url));
});
afterAll(async () => {
  await fake.close();
});

let nextUser = 60_000;
const newChat = () => telegramChat(test.app, fake, ++nextUser);
const subscription = async (userId: number) =>
  (await table.scanAll()).find((item) => item.pk === `USER#telegram#${userId}` && item.sk === "SUBSCRIPTION");

describe("stop requests", () => {
  it.each([
    "BERHENTI",
    "stop",
    "Stop.",
    "berhenti langganan",
    "stop promo",
    "STOP PROMO!!",
    "ya berhenti",
    "berhenti dong",
    "Ya, stop promo dong 🙏",
    "unsubscribe",
  ])("%s is a stop request", (text) => {
    expect(isStopRequest(text)).toBe(true);
  });

  it.each(["stop dulu saya mau tanya", "kapan promo berhenti", "promo", "berhentikan pinjaman", "halo"])(
    "%s is not a stop request",
    (text) => {
      expect(isStopRequest(text)).toBe(false);
    },
  );
});

describe("promo subscriptions", () => {
  it("subscribes with chosen categories and records the opt-in", async () => {
    const chat = newChat();
    await chat.say("langganan promo");
    expect(chat.last().text).toContain("Dengan berlangganan, Anda setuju");
    await chat.choose("Kuliner");
    await chat.choose("Fashion");
    expect(chat.last().text).toContain("Dipilih: Kuliner, Fashion");
    await chat.choose("Selesai");
    expect(chat.last().text).toContain("Langganan aktif untuk Kuliner, Fashion");
    expect(await subscription(chat.userId)).toMatchObject({
      active: true,
      categories: ["kuliner", "fashion"],
      consentVersion: "promo-v1",
      consentChannel: "telegram",
    });
    const contact = (await table.scanAll()).find(
      (i) => i.pk === `USER#telegram#${chat.userId}` && i.sk === "CONTACT",
    );
    expect(contact?.consents).toEqual([expect.objectContaining({ purpose: "promo", given: true })]);
  });

  it("accepts typed categories and 'semua', and changes categories later", async () => {
    const chat = newChat();
    await chat.say("langganan");
    await chat.say("kuliner dan tapis");
    expect(await subscription(chat.userId)).toMatchObject({ categories: ["kuliner", "kerajinan-tapis"] });
    await chat.say("langganan promo");
    expect(chat.last().text).toContain(
      "Anda berlangganan promo akhir pekan untuk Kuliner, Kerajinan & Tapis",
    );
    await chat.choose("Ubah kategori");
    await chat.say("semua");
    expect(await subscription(chat.userId)).toMatchObject({ active: true, categories: [] });
    expect(chat.last().text).toContain("semua kategori");
  });

  it("stops on every stop variant and the Berhenti button, and 'langganan promo' subscribes again", async () => {
    for (const stopText of ["BERHENTI", "stop promo dong!", "Ya, berhenti langganan."]) {
      const chat = newChat();
      await chat.say("langganan promo");
      await chat.choose("Semua");
      await chat.say(stopText);
      expect(chat.last().text).toContain("sudah berhenti berlangganan");
      expect(await subscription(chat.userId)).toMatchObject({ active: false });
    }
    const chat = newChat();
    await chat.say("langganan promo");
    await chat.choose("Semua");
    await chat.press("sub:stop");
    expect(chat.last().text).toContain("sudah berhenti");
    await chat.say("stop");
    expect(chat.last().text).toContain("tidak sedang berlangganan");
    await chat.say("langganan promo");
    await chat.choose("Semua");
    expect(await subscription(chat.userId)).toMatchObject({ active: true });
  });

  it("requires the explicit opt-in step: cancelling subscribes nobody", async () => {
    const chat = newChat();
    await chat.say("langganan promo");
    await chat.choose("Batal");
    expect(await subscription(chat.userId)).toBeUndefined();
  });
});
