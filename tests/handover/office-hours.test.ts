// Handover over weekends and holidays (issue #16, defect 10) and BERHENTI during a ticket (defect 11), through
// the real Telegram and WhatsApp webhooks, DynamoDB Local and fake platform APIs, on fixed dates of several years.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHourlyJobs } from "../../functions/lib/app/scheduled-jobs.js";
import { ConfigError, parseConfig } from "../../functions/lib/config/config.js";
import { defaultOfficeHours, officeMsBetween } from "../../functions/lib/core/handover/office-hours.js";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

const staffId = 7900;
const hourMs = 3_600_000;

/** The app's clock, set by each step (it does not move by itself). */
let nowMs = 0;
const clock = { now: () => new Date(nowMs) };
const at = (date: string, hour: number, minute = 0) => {
  nowMs = wibInstant(date, hour, minute).getTime();
};

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let standard: TestApp;
/** A holiday configured on top of the fixed national ones (17 August). */
let withHoliday: TestApp;

beforeAll(async () => {
  table = await createTestTable("office-hours");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  const env = {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    STAFF_TELEGRAM_IDS: String(staffId),
  };
  standard = buildTestApp(table, env, { clock });
  withHoliday = buildTestApp(
    table,
    { ...env, OFFICE_HOURS: JSON.stringify({ holidays: ["2027-08-16", ...defaultOfficeHours.holidays] }) },
    { clock },
  );
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

let nextUser = 0;
const people = (app: TestApp) => {
  nextUser++;
  return [
    telegramChat(app.app, telegram, 790_000 + nextUser, "Siti", clock),
    whatsappChat(app.app, whatsapp, String(6281290000000 + nextUser), "Siti", clock),
  ] as const;
};
const staffChat = (app: TestApp) => telegramChat(app.app, telegram, staffId, "Rina", clock);
const ticketOf = async (id: string) =>
  (await table.scanAll()).find((item) => item.pk === `TICKET#${id}` && item.sk === "TICKET");
const replyTexts = (chat: { replies(): { text: string }[] }, since: number) =>
  chat
    .replies()
    .slice(since)
    .map((reply) => reply.text);

const saturdays = [
  {
    saturday: "2026-12-26",
    monday: "Senin, 28 Desember 2026",
    wednesday: "2026-12-30",
    thursday: "2026-12-31",
  },
  { saturday: "2031-03-01", monday: "Senin, 3 Maret 2031", wednesday: "2031-03-05", thursday: "2031-03-06" },
  { saturday: "2040-06-02", monday: "Senin, 4 Juni 2040", wednesday: "2040-06-06", thursday: "2040-06-07" },
];

describe.each(saturdays)(
  "a ticket opened on Saturday $saturday",
  ({ saturday, monday, wednesday, thursday }) => {
    it("tells the person when staff answer and stays open until staff had 24 office hours", async () => {
      const [tg, wa] = people(standard);
      const mondayDate = wibInstant(saturday, 0).getTime() + 2 * 24 * hourMs;
      const mondayIso = new Date(mondayDate + 7 * hourMs).toISOString().slice(0, 10);
      at(saturday, 10);
      for (const person of [tg, wa]) {
        await person.say("hubungi petugas");
        const text = person.last().text;
        expect(text).toContain("saya teruskan ke petugas");
        expect(text).toContain(
          `Saat ini di luar jam kerja. Petugas kami bekerja Senin–Jumat 08.00–16.00 WIB; pesan Anda akan dibalas mulai ${monday} pukul 08.00 WIB.`,
        );
        // A message during the weekend is forwarded and gets the same plain note.
        await person.say("Bagaimana cara mengurus NIB?");
        expect(person.last().text).toContain("sudah diteruskan ke petugas");
        expect(person.last().text).toContain(`dibalas mulai ${monday} pukul 08.00 WIB`);
      }
      const [tgId, waId] = [ticketIdIn(tg.replies().at(-2)!.text)!, ticketIdIn(wa.replies().at(-2)!.text)!];

      // Sunday and Monday before 08:00: more than 24 wall-clock hours later, no office time yet.
      for (const [date, hour] of [
        [saturday, 23],
        [new Date(mondayDate - 12 * hourMs).toISOString().slice(0, 10), 11],
        [mondayIso, 7],
      ] as const) {
        at(date, hour);
        await runHourlyJobs(standard.app, clock.now());
        expect(await ticketOf(tgId)).toMatchObject({ status: "open" });
        expect(await ticketOf(waId)).toMatchObject({ status: "open" });
      }

      // Monday 09:00: staff answer the Telegram person (inside office hours, no note any more).
      at(mondayIso, 9);
      const staff = staffChat(standard);
      await staff.say(`/balas ${tgId} Silakan daftar lewat OSS, Bu.`);
      expect(tg.last().text).toContain("Silakan daftar lewat OSS");
      await tg.say("Terima kasih, saya coba");
      expect(tg.last().text).not.toContain("di luar jam kerja");

      // WhatsApp: last activity Saturday, 24 office hours end on Wednesday 16:00.
      at(wednesday, 15, 59);
      await runHourlyJobs(standard.app, clock.now());
      expect(await ticketOf(waId)).toMatchObject({ status: "open" });
      at(wednesday, 16);
      await runHourlyJobs(standard.app, clock.now());
      expect(await ticketOf(waId)).toMatchObject({ status: "closed", closedReason: "idle" });
      // (Its notice is not sent: outside WhatsApp's 24-hour window only a template may go out, none here.)

      // Telegram: last activity Monday 09:00 -> 7 + 8 + 8 h by Wednesday 16:00, the 24th hour on Thursday 09:00.
      expect(await ticketOf(tgId)).toMatchObject({ status: "open" });
      at(thursday, 8, 59);
      await runHourlyJobs(standard.app, clock.now());
      expect(await ticketOf(tgId)).toMatchObject({ status: "open" });
      at(thursday, 9);
      await runHourlyJobs(standard.app, clock.now());
      expect(await ticketOf(tgId)).toMatchObject({ status: "closed", closedReason: "idle" });
      expect(tg.last().text).toContain("tidak ada aktivitas selama 24 jam kerja");
    });
  },
);

describe("holidays", () => {
  it("a configured holiday and a national one (17 August) count as days off, on both channels", async () => {
    const [tg, wa] = people(withHoliday);
    // Saturday 14 August 2027; Monday 16 is configured, Tuesday 17 is Independence Day.
    at("2027-08-14", 10);
    for (const person of [tg, wa]) {
      await person.say("hubungi petugas");
      expect(person.last().text).toContain("dibalas mulai Rabu, 18 Agustus 2027 pukul 08.00 WIB");
    }
    // On the holiday itself (a Monday) the note is there too.
    at("2027-08-16", 10);
    const since = tg.replies().length;
    await tg.say("Halo, ada petugas?");
    expect(replyTexts(tg, since).join("\n")).toContain("dibalas mulai Rabu, 18 Agustus 2027 pukul 08.00 WIB");

    const ids = [ticketIdIn(tg.replies()[0]!.text)!, ticketIdIn(wa.replies()[0]!.text)!];
    // Wednesday + Thursday + Friday = 24 office hours: still open Friday 15:59, closed at 16:00.
    at("2027-08-20", 15, 59);
    await runHourlyJobs(withHoliday.app, clock.now());
    for (const id of ids) expect(await ticketOf(id)).toMatchObject({ status: "open" });
    at("2027-08-20", 16);
    await runHourlyJobs(withHoliday.app, clock.now());
    for (const id of ids)
      expect(await ticketOf(id)).toMatchObject({ status: "closed", closedReason: "idle" });
  });

  it("office time between two instants skips nights, weekends and holidays", () => {
    const from = wibInstant("2027-08-13", 15).getTime(); // Friday 15:00
    const to = wibInstant("2027-08-18", 9).getTime(); // Wednesday 09:00
    // Friday 1 h + Monday 8 h (no holiday configured here; 17 August is a default holiday) + Wednesday 1 h.
    expect(officeMsBetween(defaultOfficeHours, from, to)).toBe(10 * hourMs);
    expect(officeMsBetween(defaultOfficeHours, to, from)).toBe(0);
  });
});

describe("inside office hours", () => {
  it("no note on a Tuesday morning", async () => {
    const [tg, wa] = people(standard);
    at("2031-03-04", 10);
    for (const person of [tg, wa]) {
      await person.say("hubungi petugas");
      expect(person.last().text).toContain("saya teruskan ke petugas");
      expect(person.last().text).not.toContain("di luar jam kerja");
    }
  });
});

describe("OFFICE_HOURS", () => {
  it("is validated with a clear message for each problem", () => {
    const problems = (value: string) => {
      try {
        parseConfig({ OFFICE_HOURS: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.join("\n");
      }
      throw new Error(`accepted: ${value}`);
    };
    expect(problems("Mon-Fri 8-16")).toContain("OFFICE_HOURS: must be JSON");
    expect(problems('{"days":[1,8]}')).toContain("days are 1 (Monday) to 7 (Sunday)");
    expect(problems('{"days":[]}')).toContain("at least one working day");
    expect(problems('{"holidays":["2027-02-30"]}')).toContain("holidays are real dates");
    expect(problems('{"open":"16:00","close":"08:00"}')).toContain("open before close");
    expect(problems('{"opne":"08:00"}')).toContain("OFFICE_HOURS");
    const parsed = parseConfig({ OFFICE_HOURS: '{"days":[1,2,3,4,5,6],"open":"07.30","close":"15:00"}' });
    expect(parsed.officeHours).toMatchObject({ days: [1, 2, 3, 4, 5, 6], openMinute: 450, closeMinute: 900 });
    expect(parseConfig({}).officeHours).toEqual(defaultOfficeHours);
  });
});

describe("BERHENTI during an open ticket", () => {
  it("is the same opt-out as outside a ticket, staff see a note, and the ticket stays open", async () => {
    at("2031-03-04", 10);
    const [outsideTg] = people(standard);
    await outsideTg.say("langganan promo");
    await outsideTg.choose("Semua");
    await outsideTg.say("BERHENTI");
    const outsideAnswer = outsideTg.last();
    expect(outsideAnswer.text).toContain("sudah berhenti berlangganan promo");

    const [tg, wa] = people(standard);
    const [, waSentence] = people(standard);
    const staff = staffChat(standard);
    for (const [person, word] of [
      [tg, "BERHENTI"],
      [wa, "stop"],
      // A sentence only the understanding layer reads as "stop promos".
      [waSentence, "tolong jangan kirimi promo lagi ya min"],
    ] as const) {
      await person.say("langganan promo");
      await person.choose("Semua");
      expect(person.last().text).toContain("Langganan aktif");
      await person.say("hubungi petugas");
      const id = ticketIdIn(person.last().text)!;
      const since = person.replies().length;
      const staffSince = staff.replies().length;
      await person.say(word);
      const answers = person.replies().slice(since);
      // The confirmation is exactly the one outside a ticket; then a reminder that the ticket is open.
      expect(answers[0]).toEqual(outsideAnswer);
      expect(answers.at(-1)!.text).toContain(`Tiket #${id} tetap terbuka`);
      expect(answers.map((a) => a.text).join("\n")).not.toContain("sudah diteruskan");
      const subscription = (await table.scanAll()).find(
        (item) =>
          item.pk === `USER#${person === tg ? "telegram" : "whatsapp"}#${person.userId}` &&
          item.sk === "SUBSCRIPTION",
      );
      expect(subscription).toMatchObject({ active: false });
      const contact = (await table.scanAll()).find(
        (item) =>
          item.pk === `USER#${person === tg ? "telegram" : "whatsapp"}#${person.userId}` &&
          item.sk === "CONTACT",
      );
      expect((contact?.consents as { purpose: string; given: boolean }[] | undefined)?.at(-1)).toMatchObject({
        purpose: "promo",
        given: false,
      });
      // Staff see a note in the ticket, not the word as a question.
      const toStaff = replyTexts(staff, staffSince);
      expect(toStaff).toHaveLength(1);
      expect(toStaff[0]).toContain(`#${id}`);
      expect(toStaff[0]).toContain("langganan promonya dihentikan");
      expect(await ticketOf(id)).toMatchObject({ status: "open" });

      // The ticket still relays, and staff still answer.
      await person.say("Jadi kapan pelatihan berikutnya?");
      expect(person.last().text).toContain("sudah diteruskan ke petugas");
      await staff.say(`/balas ${id} Bulan depan, Bu.`);
      expect(person.last().text).toContain("Bulan depan, Bu.");
    }
  });
});
