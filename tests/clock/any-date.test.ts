// The app keeps time only by its injected clock: a registration, a promo post, a subscription and the weekend
// digest all complete with the clock a year behind or ahead of the machine (a stale or future server date,
// a test run next year). A wall-clock read anywhere in those paths expires drafts or misplaces weekends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../functions/lib/core/ports.js";
import { wibDate, wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { waitFor } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

const dayMs = 86_400_000;
const staffId = 7700;

/** Monday 09:00 WIB of the week `offsetDays` from the machine's today; it then runs at real speed. */
function shiftedClock(offsetDays: number): Clock {
  const target = new Date(Date.now() + offsetDays * dayMs);
  const weekday = (new Date(`${wibDate(target)}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = wibDate(new Date(target.getTime() - weekday * dayMs));
  const offset = wibInstant(monday, 9).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

let table: TestTable;
let fake: FakeTelegramApi;

beforeAll(async () => {
  table = await createTestTable("any-date");
  fake = await startFakeTelegramApi();
});
afterAll(async () => {
  await fake.close();
});

const cases = [
  { name: "a year in the past", offsetDays: -365, firstUser: 710_000 },
  { name: "a year in the future", offsetDays: 365, firstUser: 720_000 },
];

describe.each(cases)("with the clock $name", ({ offsetDays, firstUser }) => {
  const clock = shiftedClock(offsetDays);
  let test: TestApp;
  beforeAll(() => {
    test = buildTestApp(
      table,
      telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId), OUTBOX_POLL_MS: "20" }),
      { clock },
    );
  });
  const chat = (userId: number, name: string) => telegramChat(test.app, fake, userId, name, clock);
  const lastTo = (userId: number) =>
    fake.calls
      .filter((call) => call.method.startsWith("send") && call.payload.chat_id === String(userId))
      .at(-1);
  const buttonOf = (userId: number, prefix: string) =>
    JSON.stringify(lastTo(userId)?.payload.reply_markup).match(new RegExp(`"(${prefix}[^"]+)"`))?.[1];

  it("registers a seller, who posts a promo that a subscribed buyer receives in the digest", async () => {
    const seller = chat(firstUser + 1, "Siti");
    const staff = chat(staffId, "Petugas");

    await seller.say("daftar");
    await seller.choose("Setuju");
    await seller.say("Siti Rahayu");
    await seller.say("Keripik Waktu Jaya");
    await seller.choose("Kuliner");
    await seller.say("kedaton");
    await seller.shareContact("6281234500001");
    await seller.say("keripik pisang");
    await seller.choose("Selesai");
    await seller.choose("Ya");
    await seller.choose("Jangan tampilkan");
    expect(seller.last().text).toContain("Mohon periksa data pendaftaran");
    await seller.choose("Simpan");
    expect(seller.last().text).toContain("sedang ditinjau");
    const approveSeller = buttonOf(staffId, "rv:ok:");
    expect(approveSeller).toBeDefined();
    await staff.press(approveSeller!);
    expect(seller.last().text).toContain("DISETUJUI");

    await seller.say("kirim promo");
    await seller.say("Keripik pisang coklat");
    await seller.say("20rb");
    await seller.say("Rp 15.000");
    await seller.choose("Lewati");
    await seller.choose("Taman UMKM Bung Karno");
    // The first weekend offered is this clock's coming weekend, not the machine's.
    const weekendChoice = seller.last().choices[0]!;
    const saturday = wibDate(new Date(clock.now().getTime() + 5 * dayMs));
    const [, month, day] = saturday.split("-").map(Number) as [number, number, number];
    expect(weekendChoice.label).toContain(String(day));
    await seller.press(weekendChoice.id);
    expect(seller.last().text).toContain("Periksa promo Anda");
    await seller.choose("Kirim");
    expect(seller.last().text).toContain("menunggu persetujuan");
    const approvePromo = buttonOf(staffId, "pr:ok:");
    expect(approvePromo).toBeDefined();
    await staff.press(approvePromo!);
    expect(seller.last().text).toContain("disetujui");
    const stored = (await table.scanAll()).find(
      (item) => item.gsi2pk === `PROMOS#${saturday}` && item.product === "Keripik pisang coklat",
    );
    expect(stored, `promo for ${saturday} (month ${month})`).toMatchObject({ status: "approved" });

    const buyer = chat(firstUser + 2, "Budi");
    await buyer.say("langganan promo");
    expect(buyer.last().text).toContain("Dengan berlangganan, Anda setuju");
    await buyer.choose("Kuliner");
    await buyer.choose("Selesai");
    expect(buyer.last().text).toContain("Langganan aktif");

    const digest = await test.app.digest.run(clock.now());
    expect(digest).toMatchObject({ weekend: saturday, status: "queued" });
    const runner = test.app.outbox.startLocal();
    try {
      await waitFor(
        async () => ((await test.app.outbox.jobs.get(digest.jobId!))?.state === "done" ? true : undefined),
        30_000,
        "the digest job",
      );
    } finally {
      await runner.stop();
    }
    const received = fake.calls
      .filter((call) => call.method.startsWith("send") && call.payload.chat_id === String(buyer.userId))
      .map((call) => String(call.payload.text ?? call.payload.caption ?? ""))
      .join("\n");
    expect(received).toContain("Keripik pisang coklat");
    expect(received).toContain("Rp15.000");
  });

  it("resumes a registration draft six days later and expires it after seven", async () => {
    let skipped = 0;
    const later: Clock = { now: () => new Date(clock.now().getTime() + skipped) };
    const app = buildTestApp(table, telegramEnv(fake.url), { clock: later }).app;
    const seller = telegramChat(app, fake, firstUser + 3, "Rina", later);
    await seller.say("daftar");
    await seller.choose("Setuju");
    await seller.say("Rina Marlina");
    expect(seller.last().text).toContain("nama usaha");
    skipped = 6 * dayMs;
    await seller.say("Tapis Rina");
    expect(seller.last().text).not.toContain("tidak berlaku");
    expect(
      seller
        .last()
        .choices.map((choice) => choice.label)
        .join(" "),
    ).toContain("Kuliner");
    skipped = 14 * dayMs;
    await seller.choose("Kuliner");
    expect(seller.last().text).toContain("tidak berlaku");
  });
});
