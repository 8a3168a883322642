// How people really write, through the real webhooks of BOTH channels (Telegram and WhatsApp): intents
// inside sentences, side questions mid-flow, natural flow answers, small talk and out-of-scope questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../functions/lib/clock.js";
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
  start(table: TestTable): Promise<{ newChat(): Chat; staffChat(): Chat; close(): Promise<void> }>;
}

const channels: Channel[] = [
  {
    name: "telegram",
    async start(table) {
      const fake: FakeTelegramApi = await startFakeTelegramApi();
      const { app } = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: "9300" }));
      let nextUser = 930_000;
      return {
        newChat: () => telegramChat(app, fake, ++nextUser, "Rina"),
        staffChat: () => telegramChat(app, fake, 9300, "Bu Dinas"),
        close: () => fake.close(),
      };
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
        staffChat: () => whatsappChat(app, fake, "6289300009300", "Bu Dinas"),
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
    await chat.say("tidak");
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

  it("takes 'pakai nomor ini aja' at the phone step and 'blm ada izin apa2' at the licences step", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("Rina Marlina");
    await chat.say("Keripik Rina");
    await chat.choose("Kuliner");
    await chat.say("kedaton");
    await chat.say("pakai nomor ini aja");
    if (channel.name === "whatsapp") {
      // The WhatsApp sender's own number, as the button would have sent it.
      expect(chat.last().text).toContain("produk");
    } else {
      // Telegram does not tell the bot the number: the person is shown how to send it.
      expect(chat.last().text).toContain("Kirim nomor saya");
      expect(chat.last().text).not.toContain("hanya boleh berisi angka");
      await chat.shareContact("6281234500078");
    }
    await chat.say("keripik pisang");
    await chat.say("blm ada izin apa2");
    expect(chat.last().text).toContain("ingin berjualan di Taman UMKM");
    await chat.say("ga");
    expect(chat.last().text).toContain("Boleh pembeli melihat kontak");
    await chat.say("ga usah");
    const summary = chat.last().text;
    expect(summary).toContain("Mohon periksa data pendaftaran");
    expect(summary).toContain(channel.name === "whatsapp" ? String(chat.userId).slice(-4) : "0078");
  });

  it("keeps a paused registration through an FAQ question", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("Siti Aminah");
    await chat.say("menu");
    await chat.say("syarat kur apa aja ya");
    expect(chat.last().text).toContain("KUR (Kredit Usaha Rakyat)");
    expect(chat.last().text).toContain("Apakah jawaban ini membantu?");
    await chat.say("daftar");
    expect(chat.last().text).toContain("pendaftaran yang belum selesai");
  });

  it("answers a near miss as the question it is, not as the action it names", async () => {
    for (const [text, answer] of [
      ["sy gak mau daftar dulu, mau tanya syaratnya", "Daftar sebagai penjual UMKM"],
      ["gimana biar promo saya nggak ditolak", "Kirim promo"],
    ] as const) {
      const chat = newChat();
      await chat.say(text);
      const texts = chat.replies().map((r) => r.text);
      expect(texts.join("\n"), text).toContain(answer);
      expect(texts.join("\n"), text).not.toMatch(
        /Apakah Anda setuju\?|Berhenti berlangganan|berhenti menerima/,
      );
    }
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

  /** A registration typed the way sellers type, up to the summary ("Simpan data ini?"). */
  const registerUpToSummary = async (chat: Chat) => {
    await chat.say("sy mau daftar min");
    await chat.choose("Setuju");
    await chat.say("Yati Susanti");
    await chat.say("Keripik Bu Yati");
    await chat.choose("Kuliner");
    await chat.say("kedaton");
    await chat.shareContact("6281234500088");
    await chat.say("keripik pisang");
    await chat.say("ga ada");
    await chat.say("iya");
    await chat.say("jangan");
    expect(chat.last().text).toContain("Simpan data ini?");
  };

  it("mid-flow, answers thanks, laughter and other regions briefly and asks the step again, draft untouched", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("Rina Marlina");
    expect(chat.last().text).toContain("nama usaha");
    for (const [text, answer] of [
      ["makasih kak", "Sama-sama"],
      ["wkwk", "😄"],
      ["ada pinjaman umkm di kota metro?", "Kota Metro"],
      ["usaha sy di pringsewu kak", "Pringsewu"],
    ] as const) {
      await chat.say(text);
      const [aside, again] = chat.replies().slice(-2);
      expect(
        aside?.text,
        `${text} -> ${JSON.stringify(
          chat
            .replies()
            .slice(-3)
            .map((r) => r.text),
        )}`,
      ).toContain(answer);
      expect(again?.text, text).toContain("nama usaha");
    }
    // A name that happens to contain a place is still a name.
    await chat.say("Keripik Palembang Rina");
    expect(chat.last().text).toContain("kategori");
    const subscriber = newChat();
    await subscriber.say("mau langganan promo");
    await subscriber.say("makasih kak");
    const [thanks, again] = subscriber.replies().slice(-2);
    expect(thanks?.text).toContain("Sama-sama");
    expect(again?.text).toContain("Pilih kategori");
  });

  it("takes yes and no the way people type them at the registration summary", async () => {
    for (const yes of ["y", "boleh", "iya kak", "udah bener kak simpan"]) {
      const chat = newChat();
      await registerUpToSummary(chat);
      await chat.say(yes);
      expect(chat.last().text, yes).toContain("sedang ditinjau");
    }
    const chat = newChat();
    await registerUpToSummary(chat);
    await chat.say("tidak");
    expect(chat.last().text).not.toContain("Silakan pilih salah satu tombol");
    expect(chat.last().text).toContain("Bagian mana yang ingin diubah?");
  }, 60_000);

  it("takes a typed 1 at the training quota step as the quota, and 'jam 9 pagi' as a time", async () => {
    const staff = started.staffChat();
    const day = new Date(systemClock.now().getTime() + 20 * 86_400_000);
    const date = `${day.getUTCDate()}-${day.getUTCMonth() + 1}-${day.getUTCFullYear()}`;
    const title = `Kelas Kopi ${channel.name}`;
    await staff.press("tr:add");
    await staff.say(title);
    await staff.press(staff.last().choices[0]!.id);
    await staff.say(date);
    await staff.say("jam 9 pagi");
    expect(staff.last().text).toContain("Tempat pelatihan?");
    await staff.say("Aula Dinas Koperasi");
    expect(staff.last().text).toContain("Kuota peserta?");
    await staff.say("1");
    expect(staff.last().text).toContain("Batas pendaftaran");
    await staff.say(date);
    await staff.choose("Umum");
    expect(staff.last().text).toContain("09.00");
    await staff.choose("Simpan");
    const saved = (await table.scanAll()).find((item) => item.title === title);
    expect(saved).toMatchObject({ quota: 1 });
  });

  it("answers both things a message asks, and long chatty or regional questions", async () => {
    const chat = newChat();
    await chat.say("min cara bikin nib gmn? trus sy mau sekalian ngurus sertifikat halal gratis, bisa?");
    const texts = chat
      .replies()
      .map((reply) => reply.text)
      .join("\n");
    expect(texts).toMatch(/Nomor Induk Berusaha|NIB/);
    expect(texts).toMatch(/[Hh]alal/);
    expect(chat.last().text).toContain("Apakah jawaban ini membantu?");
    for (const [question, answer] of [
      [
        "assalamualaikum min, sy bu Yati jualan keripik pisang di kedaton udh 3 thn, mau nanya kalo mau pinjam modal tanpa bunga dr pemkot syaratnya apa aja ya",
        "tanpa bunga",
      ],
      ["tabik pun, nyak haga belajar nyulam tapis, wat pelatihanne?", "Tapis"],
      ["kito ni jualan pempek, kalo nak ngurus sertifikat halal cakmano?", "alal"],
    ] as const) {
      const other = newChat();
      await other.say(question);
      // One message: the answer, the office to confirm with and the feedback question together.
      expect(other.last().text, question).toContain(answer);
      expect(other.last().text, question).toMatch(/Dicek \d{1,2} \w{3} \d{4} · Konfirmasi: /);
      expect(other.last().text, question).toContain("Apakah jawaban ini membantu?");
    }
  });

  it("reads chat words, regional words and English without bending them (min, pisang, kedaton, cert)", async () => {
    for (const [question, title] of [
      ["min, syarat kur apa aja?", "KUR (Kredit Usaha Rakyat)"],
      ["keripik pisang sy mau dijual ke minimarket, izinnya apa ya", "Izin edar: SPP-IRT dan BPOM"],
      ["halal cert buat kue rumahan gmn", "Sertifikat halal"],
      ["sy jualan di kedaton, ada pelatihan olahan makanan ga", "Pelatihan produk makanan"],
      ["piye carane ngurus sertifikat halal, wis durung iso online?", "Sertifikat halal"],
      ["kito nak pinjam modal tanpa bungo, ado dak?", "Pinjaman tanpa bunga Pemkot"],
      ["login aplikasi berjaya gmn", "Pasar Berjaya"],
      ["mau bikin kemasan standing pouch dmn", "Pusat kemasan UMKM"],
    ] as const) {
      const chat = newChat();
      await chat.say(question);
      expect(chat.last().text.startsWith(title), `${question}: ${chat.last().text}`).toBe(true);
      expect(chat.last().text, question).toContain("Apakah jawaban ini membantu?");
    }
    const elsewhere = newChat();
    await elsewhere.say("pelatihan umkm di palembang ada ga");
    expect(elsewhere.last().text).toContain("bukan program di Palembang");
  });

  it("never logs a staff member's own stray '5' or 'ok' as an unanswered question", async () => {
    const staff = started.staffChat();
    for (const text of ["5", "ok", "asdf qwer"]) await staff.say(text);
    const logged = await unansweredTexts();
    expect(logged).not.toContain("5");
    expect(logged).not.toContain("asdf qwer");
  });

  it("takes a question about this weekend's promos to browsing, not to the schedule FAQ", async () => {
    const chat = newChat();
    await chat.say("promo minggu ini apa aja?");
    // No promo is approved in this test's table: said so, with the subscription offered.
    expect(chat.last().text).toContain("Belum ada promo yang disetujui");
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
