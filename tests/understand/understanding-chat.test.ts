// How people really write, through the real Telegram webhook: intents inside sentences, side questions
// mid-flow, natural flow answers, small talk and out-of-scope questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("understanding");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: "9300" }));
});
afterAll(async () => {
  await fake.close();
});

let nextUser = 930_000;
const newChat = () => telegramChat(test.app, fake, ++nextUser, "Rina");
const items = async (userId: number) =>
  (await table.scanAll()).filter((item) => String(item.pk).includes(String(userId)));
const unansweredTexts = async () =>
  (await table.scanAll()).filter((item) => item.pk === "UNANSWERED").map((item) => String(item.text));

describe("understanding chat Indonesian", () => {
  it("starts registration from a sentence, not only the bare keyword", async () => {
    for (const text of ["sy mau daftar min", "mau daftar umkm", "saya mau daftar jadi penjual"]) {
      const chat = newChat();
      await chat.say(text);
      expect(chat.last().text, text).toContain("Apakah Anda setuju?");
    }
  });

  it("answers a side question mid-flow, asks the step again and keeps the draft", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("Rina Marlina");
    expect(chat.last().text).toContain("nama usaha");
    await chat.say("eh bentar, nib itu apa ya?");
    const [answer, again] = chat.replies().slice(-2);
    expect(answer?.text).toMatch(/NIB|Nomor Induk Berusaha/);
    expect(again?.text).toContain("nama usaha");
    await chat.say("Keripik Rina");
    await chat.choose("Kuliner");
    await chat.say("kedaton");
    await chat.shareContact("6281234500077");
    await chat.say("keripik pisang");
    await chat.say("blm ada");
    await chat.say("iya kak");
    const summary = chat.last().text;
    expect(summary).toContain("Mohon periksa data pendaftaran");
    expect(summary).toContain("Rina Marlina");
    expect(summary).toContain("Keripik Rina");
    await chat.say("iya kak");
    expect(chat.last().text).toContain("sedang ditinjau");
    expect((await items(chat.userId)).find((item) => item.sk === "SELLER")).toMatchObject({
      status: "pending",
    });
  });

  it("keeps a paused registration through an FAQ question", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("Siti Aminah");
    await chat.say("menu");
    await chat.say("syarat kur apa aja ya");
    expect(chat.replies().at(-2)?.text).toContain("KUR");
    await chat.say("daftar");
    expect(chat.last().text).toContain("pendaftaran yang belum selesai");
  });

  it("answers small talk kindly, never logs it and never opens a ticket", async () => {
    const chat = newChat();
    for (const text of ["makasih kak", "ok", "👍", "wkwk", "sudah benar"]) {
      await chat.say(text);
      expect(chat.last().text, text).not.toContain("belum mengerti");
      expect(chat.last().text, text).not.toContain("petugas");
    }
    expect(chat.replies().at(0)?.text).toContain("Sama-sama");
    expect(await unansweredTexts()).not.toEqual(expect.arrayContaining(["makasih kak", "ok"]));
    expect((await items(chat.userId)).some((item) => String(item.sk).startsWith("TICKET"))).toBe(false);
  });

  it("tells an out-of-scope question apart from one it did not understand, and knows other regions", async () => {
    const chat = newChat();
    await chat.say("perpanjang sim dimana");
    expect(chat.last().text).toContain("di luar yang bisa saya bantu");
    await chat.say("pinjaman umkm di kota metro");
    expect(chat.last().text).toContain("Kota Metro");
    const other = newChat();
    await other.say("xyz qwerty");
    expect(other.last().text).toContain("belum mengerti");
  });

  it("recognises browsing promos and says plainly that it is not available yet", async () => {
    const chat = newChat();
    await chat.say("promo minggu ini apa aja?");
    expect(chat.last().text).toContain("sedang kami siapkan");
    expect(chat.last().choices.map((choice) => choice.id)).toContain("sub");
  });

  it("takes a typed number at a numeric step as the value, not the only button", async () => {
    const { matchOfferedChoice } = await import("../../functions/lib/core/bot.js");
    const cancelOnly = [{ id: "tr:stop", label: "Batal" }];
    expect(matchOfferedChoice("1", cancelOnly)).toBeUndefined();
    const two = [
      { id: "a", label: "A" },
      { id: "b", label: "B" },
    ];
    expect(matchOfferedChoice("2", two)?.id).toBe("b");
    expect(matchOfferedChoice("2", two, { digits: false })).toBeUndefined();
  });
});
