// How people really write, through the real webhooks of BOTH channels (Telegram and WhatsApp): intents
// inside sentences, side questions mid-flow, natural flow answers, small talk and out-of-scope questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { type SeenReply, telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

/** One person talking to the bot, whatever the channel. */
interface Chat {
  readonly userId: number | string;
  say(text: string): Promise<void>;
  press(choiceId: string): Promise<void>;
  choose(label: string): Promise<void>;
  shareContact(phone: string): Promise<void>;
  replies(): SeenReply[];
  last(): SeenReply;
}

/** A channel's fake platform API and the app with only that channel on, its staff configured. */
interface Channel {
  readonly name: "telegram" | "whatsapp";
  start(table: TestTable): Promise<{ newChat(): Chat; close(): Promise<void> }>;
}

const channels: Channel[] = [
  {
    name: "telegram",
    async start(table) {
      const fake: FakeTelegramApi = await startFakeTelegramApi();
      const { app } = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: "9300" }));
      let nextUser = 930_000;
      return { newChat: () => telegramChat(app, fake, ++nextUser, "Rina"), close: () => fake.close() };
    },
  },
  {
    name: "whatsapp",
    async start(table) {
      const fake: FakeWhatsAppApi = await startFakeWhatsAppApi();
      const { app } = buildTestApp(table, whatsappEnv(fake.url, { STAFF_WHATSAPP_IDS: "6289300009300" }));
      let nextUser = 6_289_300_930_000;
      return {
        newChat: () => whatsappChat(app, fake, String(++nextUser), "Rina"),
        close: () => fake.close(),
      };
    },
  },
];

describe.each(channels)("understanding chat Indonesian on $name", (channel) => {
  let table: TestTable;
  let started: Awaited<ReturnType<Channel["start"]>>;

  beforeAll(async () => {
    table = await createTestTable(`understanding-${channel.name}`);
    started = await channel.start(table);
  });
  afterAll(async () => {
    await started.close();
  });

  const newChat = () => started.newChat();
  const items = async (userId: number | string) =>
    (await table.scanAll()).filter((item) => String(item.pk).includes(String(userId)));
  const unansweredTexts = async () =>
    (await table.scanAll()).filter((item) => item.pk === "UNANSWERED").map((item) => String(item.text));

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
});

describe("understanding chat Indonesian, on any channel", () => {
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
