// After the weekend each seller gets a short reach report per approved promo (subscribers it went to; WhatsApp
// delivered and read from the status webhooks), once, through the outbox, on Telegram and WhatsApp.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { runHourlyJobs } from "../../functions/lib/app/scheduled-jobs.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { reachReportJobId, reportWeekendAt } from "../../functions/lib/core/promo/reach-report.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { runJobToDone } from "../support/promo.js";
import type { TestTable } from "../support/store.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { postWhatsApp, waNotification, waStatus } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
const weekend = "2026-11-28";
const friday = wibInstant("2026-11-27", 17);
const clock = { current: friday.getTime(), now: () => new Date(clock.current) };
const waReader = "6281300000051";
const waFashion = "6281300000052";
const waSeller = "6281300000053";

const promo = (id: string, fields: Partial<Promo>): Promo => ({
  id,
  sellerId: `telegram:83001`,
  channel: "telegram",
  userId: "83001",
  businessName: "Keripik Siger",
  category: "kuliner",
  product: "Keripik pisang coklat",
  normalPrice: 20_000,
  promoPrice: 15_000,
  location: "Taman UMKM Bung Karno",
  weekend,
  status: "approved",
  createdAt: friday.getTime(),
  updatedAt: friday.getTime(),
  ...fields,
});
const keripik = promo("pkeripik", {});
const tapis = promo("ptapis", {
  sellerId: `whatsapp:${waSeller}`,
  channel: "whatsapp",
  userId: waSeller,
  businessName: "Tapis Bu Made",
  category: "fashion",
  product: "Kain tapis mini",
});

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({
    name: "reach-report",
    clock,
    env: { WHATSAPP_TEMPLATE_NAME: "pemberitahuan_umkm", ...fastOutboxEnv },
  }));
  const store = { client: table.documentClient, tableName: table.tableName };
  const promos = createPromoRepository(store);
  await promos.create(keripik, 3);
  await promos.create(tapis, 3);
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "telegram", userId: "5401" },
    { channel: "telegram", userId: "83001" },
    { channel: "whatsapp", userId: waSeller },
  ]);
  const subscriptions = createSubscriptionRepository(store);
  await subscriptions.subscribe({ channel: "telegram", userId: "5401" }, [], "promo-v1", friday);
  await subscriptions.subscribe({ channel: "whatsapp", userId: waReader }, ["kuliner"], "promo-v1", friday);
  await subscriptions.subscribe({ channel: "whatsapp", userId: waFashion }, ["fashion"], "promo-v1", friday);
  // Both WhatsApp subscribers wrote on Friday afternoon: the digest goes to them free-form.
  clock.current = friday.getTime() - 3_600_000;
  await whatsappChat(app, whatsapp, waReader, "Wati", clock).say("halo");
  await whatsappChat(app, whatsapp, waFashion, "Dewi", clock).say("halo");
  clock.current = friday.getTime();
  const digest = await app.digest.run(clock.now());
  await runJobToDone(app, digest.jobId!);
  // Receipts through the real webhook: the kuliner subscriber read it, the fashion one only received it.
  const wamidOf = async (waId: string) => {
    const delivery = (await table.scanAll()).find(
      (item) => item.pk === "JOB#dg20261128" && item.userId === waId,
    );
    expect(delivery, `delivery to ${waId}`).toBeDefined();
    return (delivery!.messageIds as string[])[0]!;
  };
  const statuses = [
    waStatus(waReader, "delivered", { id: await wamidOf(waReader) }),
    waStatus(waReader, "read", { id: await wamidOf(waReader) }),
    waStatus(waFashion, "delivered", { id: await wamidOf(waFashion) }),
  ];
  const response = await postWhatsApp(app, waNotification([], { statuses }));
  expect(response.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const toSeller = () => ({
  telegram: telegram.calls
    .filter((call) => call.method.startsWith("send") && String(call.payload.chat_id) === "83001")
    .map((call) => String(call.payload.text)),
  whatsapp: whatsapp.calls
    .filter((call) => call.payload.to === waSeller)
    .map((c) => JSON.stringify(c.payload)),
});

describe("promo reach report", () => {
  it("is sent from Monday 00:00 WIB after the weekend until Wednesday", () => {
    expect(reportWeekendAt(wibInstant("2026-11-29", 23, 59))).toBeUndefined();
    expect(reportWeekendAt(wibInstant("2026-11-30", 0, 0))).toBe(weekend);
    expect(reportWeekendAt(wibInstant("2026-12-02", 23, 59))).toBe(weekend);
    expect(reportWeekendAt(wibInstant("2026-12-03", 0, 0))).toBeUndefined();
  });

  it("reports reach, delivered and read to each seller once, on their channel", async () => {
    clock.current = wibInstant("2026-11-29", 23).getTime();
    expect((await runHourlyJobs(app, clock.now())).reachReports).toBe(0);
    clock.current = wibInstant("2026-11-30", 8, 5).getTime();
    expect((await runHourlyJobs(app, clock.now())).reachReports).toBe(2);
    await runJobToDone(app, reachReportJobId(keripik));
    await runJobToDone(app, reachReportJobId(tapis));
    const first = toSeller();
    // Keripik (kuliner): the all-categories Telegram subscriber and the kuliner WhatsApp one, who read it.
    expect(first.telegram).toHaveLength(1);
    expect(first.telegram[0]).toContain(
      'Laporan promo "Keripik pisang coklat" (Sabtu-Minggu, 28-29 November 2026)',
    );
    expect(first.telegram[0]).toContain("Dikirim ke 2 pelanggan promo.");
    expect(first.telegram[0]).toContain("Di WhatsApp (1 pelanggan): 1 diterima, 1 dibaca.");
    // Tapis (fashion), to its WhatsApp seller (outside the window: the template carries the text).
    expect(first.whatsapp).toHaveLength(1);
    expect(first.whatsapp[0]).toContain("Kain tapis mini");
    expect(first.whatsapp[0]).toContain("Dikirim ke 2 pelanggan promo.");
    expect(first.whatsapp[0]).toContain("Di WhatsApp (1 pelanggan): 1 diterima, 0 dibaca.");
    // The next hourly runs add nothing.
    clock.current = wibInstant("2026-11-30", 9, 5).getTime();
    expect((await runHourlyJobs(app, clock.now())).reachReports).toBe(0);
    await runJobToDone(app, reachReportJobId(keripik));
    expect(toSeller().telegram).toHaveLength(1);
    expect(toSeller().whatsapp).toHaveLength(1);
  });
});
