// Human handover through the real webhooks (Telegram + WhatsApp), DynamoDB Local and fake platform APIs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHourlyJobs } from "../../functions/lib/app/scheduled-jobs.js";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { TelegramDriver, WhatsAppDriver } from "../contract/drivers.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import {
  buildTestApp,
  nextUpdateId,
  postTelegram,
  type TestApp,
  telegramEnv,
  tgCallback,
  tgUser,
} from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { neutralOf, whatsappEnv } from "../whatsapp/helpers.js";

const staffGroup = "-1001987654321";
const groupMember = 7100;
const staffTelegram = 7200;
const staffWhatsApp = "6281300007200";

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
/** Tickets go to the staff group. */
let grouped: TestApp;
/** No group: tickets go to every staff contact (Telegram and WhatsApp). */
let direct: TestApp;

beforeAll(async () => {
  table = await createTestTable("handover");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  const env = {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    STAFF_TELEGRAM_IDS: String(staffTelegram),
    STAFF_WHATSAPP_IDS: staffWhatsApp,
  };
  grouped = buildTestApp(table, { ...env, STAFF_TELEGRAM_CHAT_ID: staffGroup }, { clock });
  direct = buildTestApp(table, env, { clock });
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

let nextId = 0;
const tgPerson = (app: TestApp) => new TelegramDriver(app.app, telegram, 730_000 + ++nextId);
const waPerson = (app: TestApp) => new WhatsAppDriver(app.app, whatsapp, String(6281240000000 + ++nextId));
/** A button press that was never offered to this user (forged callback data). */
async function pressRaw(app: TestApp, userId: number, data: string) {
  expect((await postTelegram(app.app, tgCallback(userId, data))).status).toBe(200);
}
const lastSentTo = (userId: number) => telegramTexts(userId).at(-1)?.text ?? "";
const lastText = (driver: { lastReplies(): readonly { text: string }[] }) =>
  driver
    .lastReplies()
    .map((reply) => reply.text)
    .join("\n---\n");

/** What the bot sent to a Telegram chat (a user or the staff group), newest last. */
const telegramTexts = (chatId: string | number) =>
  telegram.calls
    .filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(chatId))
    .map((call) => ({
      text: String(call.payload.text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
      markup: JSON.stringify(call.payload.reply_markup ?? {}),
    }));
const whatsappTexts = (waId: string) =>
  whatsapp.calls.filter((call) => call.payload.to === waId).map((call) => neutralOf(call.payload));

async function ticketItem(id: string) {
  return (await table.scanAll()).find((item) => item.pk === `TICKET#${id}` && item.sk === "TICKET");
}

/** A staff member answers in the group by replying to a message the bot posted there. */
async function groupReply(app: TestApp, repliedText: string, text: string, from = groupMember) {
  const response = await postTelegram(app.app, {
    update_id: nextUpdateId(),
    message: {
      message_id: nextUpdateId(),
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(staffGroup), type: "supergroup", title: "Petugas UMKM" },
      from: tgUser(from, "Rina"),
      text,
      reply_to_message: {
        message_id: 5,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(staffGroup), type: "supergroup", title: "Petugas UMKM" },
        from: { id: 123456, is_bot: true, first_name: "Bot" },
        text: repliedText,
      },
    },
  });
  expect(response.status).toBe(200);
}

async function groupCommand(app: TestApp, text: string) {
  const response = await postTelegram(app.app, {
    update_id: nextUpdateId(),
    message: {
      message_id: nextUpdateId(),
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(staffGroup), type: "supergroup", title: "Petugas UMKM" },
      from: tgUser(groupMember, "Rina"),
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }],
    },
  });
  expect(response.status).toBe(200);
}

describe("handover with a Telegram staff group", () => {
  it("relays both ways, keeps the bot silent during the ticket, records the first response", async () => {
    const person = tgPerson(grouped);
    await person.sendText("hubungi petugas");
    expect(lastText(person)).toContain("saya teruskan ke petugas");
    const id = ticketIdIn(lastText(person))!;
    expect(id).toMatch(/^T[2-9A-Z]{6}$/);
    const opened = telegramTexts(staffGroup).at(-1)!;
    expect(opened.text).toContain(`Tiket #${id} dibuka`);
    expect(opened.text).toContain("Telegram");
    expect(opened.text).toContain("pembeli/umum");
    expect(opened.markup).toContain(`ho:close:${id}`);

    // While the ticket is open nothing is answered automatically: not a greeting, the menu, or an FAQ.
    for (const message of ["Saya mau tanya izin PIRT untuk keripik pisang", "halo", "menu", "/daftar", "1"]) {
      const before = telegramTexts(staffGroup).length;
      await person.sendText(message);
      expect(person.lastReplies()).toHaveLength(1);
      expect(lastText(person)).toContain("sudah diteruskan ke petugas");
      const forwarded = telegramTexts(staffGroup).slice(before);
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]!.text).toContain(`#${id}`);
      expect(forwarded[0]!.text).toContain(message);
    }
    expect(lastText(person)).not.toContain("Selamat datang");

    // Staff reply in the group to the forwarded copy; the ticket id is in the replied-to text.
    const forwarded = telegramTexts(staffGroup).at(-1)!.text;
    const beforeFirstResponse = await ticketItem(id);
    expect(beforeFirstResponse?.firstResponseAt).toBeUndefined();
    await groupReply(grouped, forwarded, "Bisa, Bu. Silakan bawa KTP dan NIB ke kantor Dinas hari Senin.");
    const answer = telegramTexts(person.userKey.split("#")[2]!).at(-1)!.text;
    expect(answer).toContain(`Balasan petugas (tiket #${id})`);
    expect(answer).toContain("Silakan bawa KTP dan NIB");
    expect(telegramTexts(staffGroup).at(-1)!.text).toContain(`Balasan terkirim`);
    const answered = await ticketItem(id);
    expect(answered?.firstResponseAt).toEqual(expect.any(Number));
    expect(answered?.status).toBe("open");

    // A second reply does not move the first-response time; /balas works in the group too.
    await groupCommand(grouped, `/balas ${id} Jam kerja 08.00-15.00 WIB.`);
    expect(telegramTexts(person.userKey.split("#")[2]!).at(-1)!.text).toContain("Jam kerja 08.00-15.00 WIB");
    expect((await ticketItem(id))?.firstResponseAt).toBe(answered?.firstResponseAt);

    // "selesai" leaves; afterwards the bot answers normally again.
    await person.sendText("selesai");
    expect(lastText(person)).toContain(`Tiket #${id} sudah ditutup`);
    expect(telegramTexts(staffGroup).at(-1)!.text).toContain("ditutup oleh pengguna");
    expect(await ticketItem(id)).toMatchObject({ status: "closed", closedReason: "person" });
    await person.sendText("halo");
    expect(lastText(person)).toContain("Halo lagi");
  });

  it("ignores group chatter that is not for the bot, and tells staff how to answer a non-ticket reply", async () => {
    const before = telegram.calls.length;
    const response = await postTelegram(grouped.app, {
      update_id: nextUpdateId(),
      message: {
        message_id: nextUpdateId(),
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(staffGroup), type: "supergroup", title: "Petugas UMKM" },
        from: tgUser(groupMember, "Rina"),
        text: "rapat jam 10 ya teman-teman",
      },
    });
    expect(response.status).toBe(200);
    expect(telegram.calls.length).toBe(before);
    await groupReply(grouped, "Menu utama — silakan pilih:", "ini balasan tanpa tiket");
    expect(telegramTexts(staffGroup).at(-1)!.text).toContain("/balas <nomor tiket>");
  });

  it("two unanswered questions in a row open a ticket with both questions as context", async () => {
    const person = tgPerson(grouped);
    await person.sendText("gimana cara ekspor produk umkm ke luar negeri");
    expect(lastText(person)).not.toContain("teruskan ke petugas");
    await person.sendText("berapa omzet minimal usaha mikro");
    expect(lastText(person)).toContain("belum bisa menjawab");
    const id = ticketIdIn(lastText(person))!;
    expect(id).toBeDefined();
    const opened = telegramTexts(staffGroup).at(-1)!.text;
    expect(opened).toContain(`Tiket #${id} dibuka`);
    expect(opened).toContain("ekspor produk umkm");
    expect(opened).toContain("omzet minimal usaha mikro");
  });

  it("questions outside the bot's scope get their own answer and never open a ticket", async () => {
    const person = tgPerson(grouped);
    const ticketsBefore = (await table.scanAll()).filter((item) =>
      String(item.pk).startsWith("TICKET#"),
    ).length;
    for (const question of [
      "berapa harga tiket pesawat ke bali minggu depan",
      "cara perpanjang sim dimana",
      "harga tiket kereta ke palembang brp",
    ]) {
      await person.sendText(question);
      expect(lastText(person), question).toContain("UMKM");
      expect(lastText(person), question).not.toContain("belum bisa menjawab");
    }
    const ticketsAfter = (await table.scanAll()).filter((item) =>
      String(item.pk).startsWith("TICKET#"),
    ).length;
    expect(ticketsAfter).toBe(ticketsBefore);
  });

  it("an answered question in between resets the count", async () => {
    const person = tgPerson(grouped);
    await person.sendText("gimana cara ekspor produk umkm ke luar negeri");
    await person.sendText("gmn cara dapet pinjaman tanpa bunga?");
    expect(lastText(person)).toContain("Apakah jawaban ini membantu?");
    await person.sendText("berapa omzet minimal usaha mikro");
    expect(lastText(person)).not.toContain("teruskan ke petugas");
    expect((await table.scanAll()).some((item) => item.pk === `TICKET#${ticketIdIn(lastText(person))}`)).toBe(
      false,
    );
  });

  it("staff close: the person is told and their next message is routed normally (no extra ticket)", async () => {
    const person = tgPerson(grouped);
    await pressRaw(grouped, Number(person.userKey.split("#")[2]), "ho:open");
    const id = ticketIdIn(lastSentTo(Number(person.userKey.split("#")[2])))!;
    expect(id).toBeDefined();
    await person.sendText("kapan pelatihan tapis berikutnya?");
    await pressRaw(grouped, staffTelegram, `ho:close:${id}`);
    expect(lastSentTo(staffTelegram)).toContain(`Tiket #${id}`);
    expect(lastSentTo(staffTelegram)).toContain("ditutup");
    const userId = person.userKey.split("#")[2]!;
    expect(telegramTexts(userId).at(-1)!.text).toContain("ditutup oleh petugas");
    expect(await ticketItem(id)).toMatchObject({ status: "closed", closedReason: "staff" });
    // The person's conversation left the ticket flow without any action of theirs.
    const conversation = (await table.scanAll()).find(
      (item) => item.pk === person.userKey && item.sk === "CONVERSATION",
    );
    expect(conversation?.flow).toBe("idle");
    await person.sendText("halo");
    expect(lastText(person)).toContain("Halo lagi");
    // Closing twice is harmless.
    await pressRaw(grouped, staffTelegram, `ho:close:${id}`);
    expect(lastSentTo(staffTelegram)).toContain("sudah ditutup");
  });
});

describe("staff-only guards", () => {
  it("a person cannot reply to or close tickets, even with forged buttons or replies", async () => {
    const person = tgPerson(grouped);
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(lastText(person))!;
    const intruder = tgPerson(grouped);
    const sentToPerson = () => telegramTexts(person.userKey.split("#")[2]!).length;
    const before = sentToPerson();

    await intruder.sendText(`/balas ${id} kirim uang ke rekening saya`);
    expect(lastText(intruder)).toContain("hanya untuk petugas");
    await intruder.sendText(`balas ${id} kirim uang ke rekening saya`);
    expect(lastText(intruder)).toContain("hanya untuk petugas");
    await pressRaw(grouped, Number(intruder.userKey.split("#")[2]), `ho:close:${id}`);
    expect(lastSentTo(Number(intruder.userKey.split("#")[2]))).toContain("hanya untuk petugas");
    await intruder.sendText("/tiket");
    expect(lastText(intruder)).toContain("hanya untuk petugas");
    // A reply to a message quoting the ticket id is an ordinary message for a non-staff person.
    const forged = {
      update_id: nextUpdateId(),
      message: {
        message_id: nextUpdateId(),
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(intruder.userKey.split("#")[2]), type: "private", first_name: "X" },
        from: tgUser(Number(intruder.userKey.split("#")[2]), "X"),
        text: "kirim uang ke rekening saya",
        reply_to_message: {
          message_id: 3,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(intruder.userKey.split("#")[2]), type: "private", first_name: "X" },
          from: { id: 123456, is_bot: true, first_name: "Bot" },
          text: `🎫 #${id} · Siti (Telegram): ...`,
        },
      },
    };
    expect((await postTelegram(grouped.app, forged)).status).toBe(200);

    expect(sentToPerson()).toBe(before);
    expect(await ticketItem(id)).toMatchObject({ status: "open" });
    expect((await ticketItem(id))?.firstResponseAt).toBeUndefined();
    // Other groups are ignored entirely.
    const calls = telegram.calls.length;
    await postTelegram(grouped.app, {
      update_id: nextUpdateId(),
      message: {
        message_id: nextUpdateId(),
        date: Math.floor(Date.now() / 1000),
        chat: { id: -1000000000042, type: "supergroup", title: "Grup lain" },
        from: tgUser(groupMember, "Rina"),
        text: `/balas ${id} halo`,
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    expect(telegram.calls.length).toBe(calls);
    expect(sentToPerson()).toBe(before);
  });

  it("staff cannot open a ticket for themselves and see the open tickets with /tiket", async () => {
    const staff = new TelegramDriver(grouped.app, telegram, staffTelegram);
    await staff.sendText("hubungi petugas");
    expect(lastText(staff)).toContain("terdaftar sebagai petugas");
    const person = tgPerson(grouped);
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(lastText(person))!;
    await staff.sendText("/tiket");
    expect(lastText(staff)).toContain(`#${id}`);
  });
});

describe("handover without a staff group, across channels", () => {
  it("WhatsApp person via the FAQ's 'Hubungi petugas' button; Telegram and WhatsApp staff both answer", async () => {
    // WhatsApp only lets the bot write to someone who wrote within 24 hours: staff on WhatsApp too.
    const waStaff = new WhatsAppDriver(direct.app, whatsapp, staffWhatsApp);
    await waStaff.sendText("halo");
    const person = waPerson(direct);
    await person.sendText("gmn cara dapet pinjaman tanpa bunga?");
    const notHelpful = person
      .lastReplies()
      .flatMap((reply) => reply.choices)
      .find((c) => c.id.startsWith("faq:fb:n:"));
    await person.press(notHelpful!.id);
    const contact = person
      .lastReplies()
      .flatMap((reply) => reply.choices)
      .find((c) => c.id === "ho:open");
    expect(contact).toBeDefined();
    await person.press("ho:open");
    const id = ticketIdIn(lastText(person))!;
    expect(id).toBeDefined();
    // Every staff contact gets it, on their own channel.
    expect(telegramTexts(staffTelegram).at(-1)!.text).toContain(`Tiket #${id} dibuka`);
    expect(telegramTexts(staffTelegram).at(-1)!.text).toContain("WhatsApp");
    expect(whatsappTexts(staffWhatsApp).at(-1)!.text).toContain(`Tiket #${id} dibuka`);

    await person.sendText("Saya mau daftar stand di Taman UMKM Bung Karno");
    expect(telegramTexts(staffTelegram).at(-1)!.text).toContain("stand di Taman UMKM Bung Karno");
    expect(whatsappTexts(staffWhatsApp).at(-1)!.text).toContain("stand di Taman UMKM Bung Karno");

    // Telegram staff -> WhatsApp person.
    const tgStaff = new TelegramDriver(direct.app, telegram, staffTelegram);
    await tgStaff.sendText(`/balas ${id} Stand dibuka lagi bulan depan.`);
    expect(lastText(tgStaff)).toContain("Balasan terkirim");
    const waId = person.userKey.split("#")[2]!;
    expect(whatsappTexts(waId).at(-1)!.text).toContain("Stand dibuka lagi bulan depan.");
    // WhatsApp staff (typed "balas") -> WhatsApp person.
    await waStaff.sendText(`balas ${id.toLowerCase()} Pendaftaran lewat bot ini juga bisa.`);
    expect(lastText(waStaff)).toContain("Balasan terkirim");
    expect(whatsappTexts(waId).at(-1)!.text).toContain("Pendaftaran lewat bot ini juga bisa.");

    await person.sendText("batal");
    expect(lastText(person)).toContain("sudah ditutup");
  });

  it("Telegram person answered by WhatsApp staff", async () => {
    const person = tgPerson(direct);
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(lastText(person))!;
    const waStaff = new WhatsAppDriver(direct.app, whatsapp, staffWhatsApp);
    await waStaff.sendText(`balas ${id} Halo Bu, ada yang bisa dibantu?`);
    expect(telegramTexts(person.userKey.split("#")[2]!).at(-1)!.text).toContain("ada yang bisa dibantu?");
  });

  it("WhatsApp outside the 24-hour window without a template: staff are warned, nothing is sent", async () => {
    const person = waPerson(direct);
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(lastText(person))!;
    const waId = person.userKey.split("#")[2]!;
    const sent = whatsappTexts(waId).length;
    offsetMs += 23 * 60 * 60 * 1000;
    // Keep the ticket active from the staff side, so the idle job does not close it.
    const tgStaff = new TelegramDriver(direct.app, telegram, staffTelegram);
    await tgStaff.sendText(`/balas ${id} Mohon ditunggu ya.`);
    expect(whatsappTexts(waId)).toHaveLength(sent + 1);
    offsetMs += 2 * 60 * 60 * 1000;
    await tgStaff.sendText(`/balas ${id} Sudah ada jawabannya?`);
    expect(lastText(tgStaff)).toContain("Belum terkirim");
    expect(whatsappTexts(waId)).toHaveLength(sent + 1);
  });
});

describe("idle tickets", () => {
  it("close after 24 office hours without activity, once, and the person is told", async () => {
    // Monday 09:00 WIB of a fixed week: Mon 7 h + Tue 8 h + Wed 8 h = 23 office hours by Wednesday 16:00.
    offsetMs = wibInstant("2027-03-01", 9).getTime() - Date.now();
    const at = (date: string, hour: number, minute = 0) => {
      offsetMs = wibInstant(date, hour, minute).getTime() - Date.now();
      return clock.now();
    };
    const person = tgPerson(grouped);
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(lastText(person))!;
    const userId = person.userKey.split("#")[2]!;

    await runHourlyJobs(grouped.app, at("2027-03-04", 8, 59));
    expect(await ticketItem(id)).toMatchObject({ status: "open" });

    await runHourlyJobs(grouped.app, at("2027-03-04", 9, 1));
    expect(await ticketItem(id)).toMatchObject({ status: "closed", closedReason: "idle" });
    const notices = () =>
      telegramTexts(userId).filter((m) => m.text.includes("tidak ada aktivitas selama 24 jam kerja"));
    expect(notices()).toHaveLength(1);
    await runHourlyJobs(grouped.app, clock.now());
    expect(notices()).toHaveLength(1);

    await person.sendText("halo");
    expect(lastText(person)).toContain("Halo lagi");
  });
});
