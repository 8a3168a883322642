// Maintained counters: after registrations, a staff approval and a rejection, subscriptions, opt-outs and a
// "hapus data" on both channels, with duplicated webhook deliveries among them, the stored counters equal a
// recount from the items, and /statistik's sellers/subscribers and the audience counts are single reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/lib/config/config.js";
import { createAudienceResolver } from "../../functions/lib/store/outbox-audience.js";
import { createStatCounters } from "../../functions/lib/store/stat-counters.js";
import { computeCounters } from "../../functions/lib/store/stat-recount.js";
import { createStatsSource } from "../../functions/lib/store/stats-source.js";
import { createSubscriberSource } from "../../functions/lib/store/subscription-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgCallback, tgText } from "../support/app.js";
import { fillRegistrationForm } from "../support/registration-form.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import {
  postWhatsApp,
  waButtonReply,
  waNotification,
  waTextMessage,
  whatsappEnv,
} from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
const staffId = 9420;

beforeAll(async () => {
  table = await createTestTable("counters");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: String(staffId) }),
    ...whatsappEnv(whatsapp.url),
  });
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

type Chat = ReturnType<typeof telegramChat> | ReturnType<typeof whatsappChat>;

const choiceId = (chat: Chat, label: string) => {
  const choice = chat.last().choices.find((c) => c.label.toLowerCase().includes(label.toLowerCase()));
  if (!choice) throw new Error(`no choice ${label}`);
  return choice.id;
};

/** The same Telegram update delivered twice (a platform retry). */
async function twiceTelegram(update: object) {
  for (let i = 0; i < 2; i++) expect((await postTelegram(test.app, update)).status).toBe(200);
}

/** The same WhatsApp message delivered twice (same wamid). */
async function twiceWhatsApp(message: Record<string, unknown>) {
  for (let i = 0; i < 2; i++)
    expect((await postWhatsApp(test.app, waNotification([message]))).status).toBe(200);
}

const staffReviews = () =>
  telegram.calls.filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(staffId));
const reviewButton = (kind: "ok" | "no") =>
  JSON.stringify(staffReviews().at(-1)!.payload.reply_markup).match(new RegExp(`"(rv:${kind}:[^"]+)"`))![1]!;

const nonZero = (counters: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));

describe("maintained counters", () => {
  it("equal a recount after turns, duplicates, decisions, opt-outs and erasures on both channels", async () => {
    const staff = telegramChat(test.app, telegram, staffId, "Petugas");
    const store = { client: table.documentClient, tableName: table.tableName };

    // Telegram A: registers (the save delivered twice), subscribes, then deletes their data.
    const a = telegramChat(test.app, telegram, 742_001, "Ani");
    await fillRegistrationForm(a, { business: "Keripik Ani", category: "Kuliner", kecamatan: "kedaton" });
    await twiceTelegram(tgCallback(a.userId, choiceId(a, "Simpan")));
    expect(a.last().text).toContain("sedang ditinjau");
    await a.say("langganan promo");
    await a.choose("Semua");

    // WhatsApp B: registers (tapis, kemiling), approved by staff (the press delivered twice), subscribes
    // (the choice delivered twice), stops.
    const bId = "6281377001122";
    const b = whatsappChat(test.app, whatsapp, bId, "Budi");
    await fillRegistrationForm(b, { business: "Tapis Budi", category: "Tapis", kecamatan: "kemiling" });
    await twiceWhatsApp(waButtonReply(bId, choiceId(b, "Simpan"), "Simpan"));
    await twiceTelegram(tgCallback(staffId, reviewButton("ok")));
    expect(b.last().text).toContain("DISETUJUI");
    await b.say("langganan promo");
    await twiceWhatsApp(waButtonReply(bId, "sub:c:all", "Semua"));
    await twiceWhatsApp(waTextMessage(bId, "berhenti"));
    expect(b.last().text).toContain("berhenti berlangganan");

    // Telegram C: registers (kuliner, rajabasa), rejected with a reason; subscribes; stays.
    const c = telegramChat(test.app, telegram, 742_003, "Citra");
    await fillRegistrationForm(c, { business: "Warung Citra", category: "Kuliner", kecamatan: "rajabasa" });
    await c.choose("Simpan");
    await staff.press(reviewButton("no"));
    await twiceTelegram(tgText(staffId, "Foto KTP tidak terbaca"));
    expect(c.last().text).toContain("Foto KTP tidak terbaca");
    await c.say("langganan promo");
    await c.choose("Semua");

    // WhatsApp D: registers and stays pending, subscribes, then deletes their data (confirmed twice).
    const dId = "6281377003344";
    const d = whatsappChat(test.app, whatsapp, dId, "Dewi");
    await fillRegistrationForm(d, { business: "Kopi Dewi", category: "Kuliner", kecamatan: "kemiling" });
    await d.choose("Simpan");
    await d.say("langganan promo");
    await d.press("sub:c:all");

    await a.say("hapus data");
    await a.choose("Ya, hapus");
    expect(a.last().text).toContain("sudah dihapus");
    await d.say("hapus data");
    const confirm = d.last().choices.find((choice) => choice.id.startsWith("priv:del:yes"));
    expect(confirm).toBeDefined();
    await twiceWhatsApp(waButtonReply(dId, confirm!.id, "Ya, hapus"));
    expect(d.last().text).toContain("sudah dihapus");

    const stored = nonZero(await createStatCounters(store).read());
    expect(stored).toEqual(await computeCounters(store));
    // B approved (tapis, kemiling), C rejected (kuliner, rajabasa); C subscribed, B opted out.
    expect(stored).toEqual({
      "seller.status.approved": 1,
      "seller.status.rejected": 1,
      "seller.category.kerajinan-tapis": 1,
      "seller.category.kuliner": 1,
      "seller.kecamatan.kemiling": 1,
      "seller.kecamatan.rajabasa": 1,
      "approved.category.kerajinan-tapis": 1,
      "approved.kecamatan.kemiling": 1,
      "subscribers.active": 1,
      "subscribers.active.channel.telegram": 1,
      "subscribers.inactive": 1,
      // Contacts left: C (buyer), B (seller, approved) and the staff member; A and D erased.
      "contacts.role.buyer": 1,
      "contacts.role.seller": 1,
      "contacts.role.staff": 1,
    });

    // The recount CLI finds nothing to change, and repairs a counter that drifted.
    const clean = await runAdminInProcess(["stats", "recount"], { table });
    expect(clean).toMatchObject({ code: 0, stdout: expect.stringContaining("0 changed") });
    await createStatCounters(store).replace({ ...stored, "seller.status.approved": 7 }, new Date());
    const repaired = await runAdminInProcess(["stats", "recount"], { table });
    expect(repaired.stdout).toContain("1 changed");
    expect(repaired.stdout).toContain("seller.status.approved: 7 -> 1");
    expect(nonZero(await createStatCounters(store).read())).toEqual(stored);

    // Sellers and subscribers in /statistik, and audience counts: read from the counters.
    const stats = await createStatsSource({ ...store, promoCutoff: parseConfig({}).promo.cutoff }).collect(
      new Date(),
    );
    expect(stats.sellers).toEqual({
      total: 2,
      byStatus: { approved: 1, rejected: 1 },
      byCategory: { "kerajinan-tapis": 1, kuliner: 1 },
      byKecamatan: { kemiling: 1, rajabasa: 1 },
    });
    expect(stats.subscribers).toEqual({ active: 1, optedOut: 1 });
    const audiences = createAudienceResolver({ ...store, subscribers: createSubscriberSource(store) });
    const before = table.faults.calls;
    expect(await audiences.count({ kind: "penjual" })).toBe(1);
    expect(await audiences.count({ kind: "kategori", value: "kerajinan-tapis" })).toBe(1);
    expect(await audiences.count({ kind: "kecamatan", value: "kemiling" })).toBe(1);
    expect(await audiences.count({ kind: "kecamatan", value: "rajabasa" })).toBe(0);
    expect(await audiences.count({ kind: "pelanggan" })).toBe(1);
    expect(await audiences.count({ kind: "semua" })).toBe(3);
    expect(table.faults.calls - before).toBe(6);
    // Four people through whole registrations: well over the default 30 s on a busy 2-core machine.
  }, 180_000);
});
