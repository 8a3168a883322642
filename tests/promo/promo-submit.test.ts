import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgMessage } from "../support/app.js";
import { seedApprovedSeller } from "../support/sellers.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;
let unmoderated: TestApp;
const staffId = 9100;
// Monday 23 November 2026, 09:00 WIB: the open weekend is 28-29 November.
const clock = { current: wibInstant("2026-11-23", 9), now: () => new Date(clock.current) };

beforeAll(async () => {
  table = await createTestTable("promo");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId) }), { clock });
  unmoderated = buildTestApp(
    table,
    telegramEnv(fake.url, { PROMO_MODERATION: "false", PROMO_MAX_PER_WEEKEND: "1" }),
    {
      clock,
    },
  );
});
afterAll(async () => {
  await fake.close();
});

let nextUser = 80_000;
async function approvedSeller(app = test) {
  const userId = ++nextUser;
  const user = { channel: "telegram" as const, userId: String(userId) };
  const chat = telegramChat(app.app, fake, userId, "Rina");
  await seedApprovedSeller(table, user, clock.now(), { beforeApproval: () => chat.say("halo") });
  return chat;
}

async function submit(
  chat: ReturnType<typeof telegramChat>,
  product = "Kripik pisang coklat",
  offer = "Rp 15.000",
) {
  await chat.say("kirim promo");
  expect(chat.last().text).toContain("28-29 November 2026");
  await chat.say(product);
  await chat.say("20rb");
  await chat.say(offer);
  await chat.choose("Lewati");
  await chat.choose("Taman UMKM Bung Karno");
  await chat.choose("Sab 28 – Min 29 Nov");
  expect(chat.last().text).toContain("Periksa promo Anda");
  await chat.choose("Kirim");
}

const weekendItems = async (weekend: string) =>
  (await table.scanAll()).filter((item) => item.gsi2pk === `PROMOS#${weekend}`);

describe("seller weekend promos", () => {
  it("tells sellers who are not approved why they cannot post", async () => {
    const chat = telegramChat(test.app, fake, ++nextUser);
    await chat.say("kirim promo");
    expect(chat.last().text).toContain("hanya penjual yang pendaftarannya sudah disetujui");
    expect(chat.last().text).toContain("belum terdaftar");
  });

  it("submits a promo with a photo, staff approve it, and the seller is told", async () => {
    const chat = await approvedSeller();
    await chat.say("kirim promo");
    await chat.say("Keripik tempe pedas");
    await chat.say("murah banget");
    expect(chat.last().text).toContain("Harga tidak terbaca");
    await chat.say("Rp 25.000,-");
    await chat.say("30rb");
    expect(chat.last().text).toContain("lebih murah dari harga normal Rp25.000");
    await chat.say("diskon 20%");
    await postTelegram(
      test.app,
      tgMessage(chat.userId, {
        photo: [{ file_id: "photo-tempe", file_unique_id: "u", width: 9, height: 9 }],
      }),
    );
    await chat.say("Lapak B12, Taman UMKM Bung Karno");
    await chat.choose("Sab 28 – Min 29 Nov");
    const summary = chat.last().text;
    expect(summary).toContain("Harga normal: Rp25.000");
    expect(summary).toContain("Penawaran: diskon 20%");
    await chat.choose("Kirim");
    expect(chat.last().text).toContain("menunggu persetujuan");

    const review = fake.calls.filter((call) => String(call.payload.chat_id) === String(staffId)).at(-1)!;
    expect(review.method).toBe("sendPhoto");
    expect(review.payload.photo).toBe("photo-tempe");
    const approve = JSON.stringify(review.payload.reply_markup).match(/"(pr:ok:[^"]+)"/)![1]!;
    const intruder = telegramChat(test.app, fake, ++nextUser);
    await intruder.press(approve);
    expect(intruder.last().text).toContain("hanya untuk petugas");
    const staff = telegramChat(test.app, fake, staffId, "Petugas");
    await staff.press(approve);
    expect(staff.last().text).toContain("disetujui");
    expect(chat.last().text).toContain("disetujui dan akan dikirim");
    await staff.press(approve);
    expect(staff.last().text).toContain("sudah diputuskan");
    const items = await weekendItems("2026-11-28");
    expect(items.find((item) => item.product === "Keripik tempe pedas")).toMatchObject({
      status: "approved",
      normalPrice: 25000,
      discountText: "diskon 20%",
      photo: "photo-tempe",
      location: "Lapak B12, Taman UMKM Bung Karno",
    });
  });

  it("rejects with a reason that reaches the seller", async () => {
    const chat = await approvedSeller();
    await submit(chat, "Produk aneh");
    const review = fake.calls.filter((call) => String(call.payload.chat_id) === String(staffId)).at(-1)!;
    const reject = JSON.stringify(review.payload.reply_markup).match(/"(pr:no:[^"]+)"/)![1]!;
    const staff = telegramChat(test.app, fake, staffId, "Petugas");
    await staff.press(reject);
    await staff.say("Foto dan harga tidak sesuai");
    expect(chat.last().text).toContain("Foto dan harga tidak sesuai");
  });

  it("enforces the weekly limit and frees a slot on withdrawal", async () => {
    const chat = await approvedSeller();
    for (const product of ["Satu", "Dua", "Tiga"]) await submit(chat, `Produk ${product}`);
    await submit(chat, "Produk Empat");
    expect(chat.last().text).toContain(
      "batas promo untuk akhir pekan itu sudah tercapai (3 promo per penjual)",
    );
    await chat.say("promo saya");
    expect(chat.last().text).toContain("Produk Satu");
    await chat.choose("Tarik");
    expect(chat.last().text).toContain('Tarik promo "Produk Satu"');
    await chat.choose("Ya, tarik");
    expect(chat.last().text).toContain("sudah ditarik");
    await submit(chat, "Produk Empat");
    expect(chat.last().text).toContain("menunggu persetujuan");
  });

  it("moves to the next weekend after the Friday 12:00 WIB cut-off", async () => {
    const chat = await approvedSeller();
    clock.current = wibInstant("2026-11-27", 12, 0);
    try {
      await chat.say("kirim promo");
      expect(chat.last().text).toContain("5-6 Desember 2026");
    } finally {
      clock.current = wibInstant("2026-11-23", 9);
    }
  });

  it("publishes directly when moderation is off", async () => {
    const chat = await approvedSeller(unmoderated);
    await submit(chat, "Langsung tayang");
    expect(chat.last().text).toContain("sudah terdaftar");
    const items = await weekendItems("2026-11-28");
    expect(items.find((item) => item.product === "Langsung tayang")?.status).toBe("approved");
  });
});
