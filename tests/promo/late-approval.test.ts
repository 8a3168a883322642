// Late approvals: a promo approved after the weekend digest went out reaches its subscribers in a follow-up
// (through the outbox, once per subscriber) if approved before Saturday 05:00 WIB; from 05:00 the seller is told
// it is not sent. Sellers on Telegram and WhatsApp, subscribers on both, through the real webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { UserRef } from "../../functions/lib/core/events.js";
import { followUpJobId } from "../../functions/lib/core/promo/digest.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { fastOutboxEnv } from "../outbox/seed.js";
import { runJobToDone, type SellerChat, submitPromo } from "../support/promo.js";
import { seedApprovedSeller } from "../support/sellers.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
const staffId = 9300;
const weekend = "2026-11-28";
// Thursday 26 November 2026, 09:00 WIB: sellers post for 28-29 November.
const clock = { current: wibInstant("2026-11-26", 9).getTime(), now: () => new Date(clock.current) };
const at = (date: string, hour: number, minute = 0) => {
  clock.current = wibInstant(date, hour, minute).getTime();
};
const tgSubscriber = 5301;
const waSubscriber = "6281300000031";

async function approvedSeller(user: UserRef, businessName: string) {
  await seedApprovedSeller(table, user, clock.now(), { profile: { businessName } });
}

/** Posts a promo (no photo) and answers the approve button id the staff member got. */
async function post(chat: SellerChat, product: string): Promise<string> {
  await submitPromo(chat, { product });
  expect(chat.last().text).toContain("menunggu persetujuan");
  const review = telegram.calls.filter((call) => String(call.payload.chat_id) === String(staffId)).at(-1)!;
  expect(String(review.payload.text)).toContain(product);
  return JSON.stringify(review.payload.reply_markup).match(/"(pr:ok:[^"]+)"/)![1]!;
}

const tgTexts = () =>
  telegram.calls
    .filter((call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(tgSubscriber))
    .map((call) => String(call.payload.text ?? call.payload.caption));
const waTexts = () =>
  whatsapp.calls
    .filter((call) => call.payload.to === waSubscriber)
    .map((call) => JSON.stringify(call.payload));

let staff: ReturnType<typeof telegramChat>;
let tgSeller: ReturnType<typeof telegramChat>;
let waSeller: ReturnType<typeof whatsappChat>;
const approve: Record<string, string> = {};

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({
    name: "late-approval",
    clock,
    env: {
      STAFF_TELEGRAM_IDS: String(staffId),
      WHATSAPP_TEMPLATE_NAME: "promo_akhir_pekan",
      ...fastOutboxEnv,
    },
  }));
  staff = telegramChat(app, telegram, staffId, "Petugas", clock);
  await staff.say("halo");
  await approvedSeller({ channel: "telegram", userId: "81501" }, "Keripik Siger");
  await approvedSeller({ channel: "whatsapp", userId: "6281300000032" }, "Kopi Bu Ani");
  tgSeller = telegramChat(app, telegram, 81501, "Rina", clock);
  waSeller = whatsappChat(app, whatsapp, "6281300000032", "Ani", clock);
  approve.early = await post(tgSeller, "Keripik pisang coklat");
  approve.late = await post(waSeller, "Kopi robusta bubuk");
  approve.boundary = await post(tgSeller, "Keripik talas balado");
  approve.digest = await post(waSeller, "Kopi susu literan");
  // Subscribers on both channels (the WhatsApp one writes on Friday evening, so the window is open).
  const subscriptions = createSubscriptionRepository({
    client: table.documentClient,
    tableName: table.tableName,
  });
  await telegramChat(app, telegram, tgSubscriber, "Budi", clock).say("halo");
  await subscriptions.subscribe(
    { channel: "telegram", userId: String(tgSubscriber) },
    [],
    "promo-v1",
    clock.now(),
  );
  await subscriptions.subscribe(
    { channel: "whatsapp", userId: waSubscriber },
    ["kuliner"],
    "promo-v1",
    clock.now(),
  );
  // One promo approved in time for the digest; the digest goes out on Friday 17:00 WIB.
  await staff.press(approve.digest!);
  expect(waSeller.last().text).toContain("disetujui dan akan dikirim ke pelanggan");
  at("2026-11-27", 16);
  await whatsappChat(app, whatsapp, waSubscriber, "Wati", clock).say("halo");
  at("2026-11-27", 17);
  const digest = await app.digest.run(clock.now());
  expect(digest.status).toBe("queued");
  await runJobToDone(app, digest.jobId!);
  expect(tgTexts().join("\n")).toContain("Kopi susu literan");
  expect(waTexts().join("\n")).toContain("Kopi susu literan");
}, 120_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

describe("late approvals", () => {
  it("sends a promo approved at 04:59 WIB Saturday in a follow-up to each subscriber once", async () => {
    at(weekend, 4, 59);
    await staff.press(approve.early!);
    expect(tgSeller.last().text).toContain(
      "dikirim ke pelanggan dalam pesan susulan sebelum Sabtu pukul 06.00 WIB",
    );
    // A second press (or a retried update) makes no second follow-up.
    await staff.press(approve.early!);
    expect(staff.last().text).toContain("sudah diputuskan");
    const [, , channel, userId, id] = approve.early!.split(":");
    expect(channel).toBe("telegram");
    const jobId = followUpJobId(weekend, id!);
    expect(userId).toBe("81501");
    const tgBefore = tgTexts().length;
    const waBefore = waTexts().length;
    const job = await runJobToDone(app, jobId);
    expect(job.counters).toMatchObject({ total: 2, sent: 2, skipped: 0, failed: 0 });
    const tgNew = tgTexts().slice(tgBefore).join("\n");
    expect(tgNew).toContain("Promo tambahan untuk akhir pekan Sabtu-Minggu, 28-29 November 2026");
    expect(tgNew).toContain("Keripik pisang coklat");
    expect(tgNew).not.toContain("Kopi susu literan");
    const waNew = waTexts().slice(waBefore).join("\n");
    expect(waNew).toContain("Keripik pisang coklat");
    expect(waNew).toContain("sub:stop");
    // Re-running the planner and the worker sends nothing more.
    const sends = telegram.calls.length + whatsapp.calls.length;
    expect(await app.outbox.planner.plan(jobId)).toBe(false);
    await runJobToDone(app, jobId);
    expect(telegram.calls.length + whatsapp.calls.length).toBe(sends);
  });

  it("tells the seller truthfully from 05:00 WIB Saturday that it is not sent, and makes no job", async () => {
    at(weekend, 5, 0);
    await staff.press(approve.late!);
    // The seller last wrote on Thursday: outside the 24 h window, so the notice goes out as the template.
    const notice = JSON.stringify(
      whatsapp.calls.filter((call) => call.payload.to === "6281300000032").at(-1),
    );
    expect(notice).toContain("tidak dikirim ke pelanggan");
    expect(notice).not.toContain("pesan susulan");
    const id = approve.late!.split(":").at(-1);
    expect(await app.outbox.jobs.get(followUpJobId(weekend, id!))).toBeNull();
  });

  it("skips a follow-up that is still unsent when the market opens at 06:00 WIB", async () => {
    at(weekend, 4, 30);
    await staff.press(approve.boundary!);
    expect(tgSeller.last().text).toContain("pesan susulan");
    const id = approve.boundary!.split(":").at(-1);
    // The worker only gets to it at 06:00: nobody gets a promo for a market that is already open.
    at(weekend, 6, 0);
    const sends = telegram.calls.length + whatsapp.calls.length;
    const job = await runJobToDone(app, followUpJobId(weekend, id!));
    expect(job.counters).toMatchObject({ total: 2, sent: 0, skipped: 2 });
    expect(telegram.calls.length + whatsapp.calls.length).toBe(sends);
  });
});
