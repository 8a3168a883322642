// Delivered and read counts per job from WhatsApp's status webhooks (issue #16, defect 8): each receipt
// counts once (repeats, concurrent re-deliveries, read before delivered), shown in /siaran_status and
// `admin -- jobs`; Telegram has no receipts and the report says so instead of showing zero.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { TelegramDriver } from "../contract/drivers.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { postWhatsApp, waNotification, whatsappEnv } from "../whatsapp/helpers.js";
import { broadcastNow } from "./drain.js";
import { channelContacts, fastOutboxEnv, seedContacts } from "./seed.js";

const staffTelegram = 8900;
const waIds = ["6281399000001", "6281399000002", "6281399000003"];

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;

beforeAll(async () => {
  table = await createTestTable("receipts");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  app = buildTestApp(table, {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    STAFF_TELEGRAM_IDS: String(staffTelegram),
    ...fastOutboxEnv,
  }).app;
  await seedContacts(table.documentClient, table.tableName, [
    ...channelContacts({ whatsapp: waIds }),
    { channel: "telegram", userId: "8900001" },
    { channel: "telegram", userId: String(staffTelegram), role: "staff" },
  ]);
}, 60_000);
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const status = (to: string, id: string, value: string) => ({
  id,
  status: value,
  timestamp: String(Math.floor(Date.now() / 1000)),
  recipient_id: to,
  ...(value === "sent" ? { pricing: { billable: false, pricing_model: "PMP", category: "service" } } : {}),
});

async function postStatuses(statuses: Record<string, unknown>[]) {
  const response = await postWhatsApp(app, waNotification([], { statuses }));
  expect(response.status).toBe(200);
}

it("counts each delivery's receipts once, whatever their order or repetition", async () => {
  const job = await broadcastNow(app, "rcpt0001", "Pameran UMKM Sabtu", {
    channel: "telegram",
    userId: String(staffTelegram),
  });
  expect(job.counters).toMatchObject({ total: 5, sent: 5, delivered: 0, read: 0 });
  const wamid = new Map(
    (await table.scanAll())
      .filter((item) => String(item.pk).startsWith("MSG#whatsapp#") && item.jobId === "rcpt0001")
      .map((item) => [String(item.userId), String(item.pk).slice("MSG#whatsapp#".length)]),
  );
  expect(wamid.size).toBe(3);
  const [a, b, c] = waIds.map((id) => ({ to: id, id: wamid.get(id)! }));

  // a: sent, delivered, read, then both again; b: read before delivered; c: delivered only.
  await postStatuses([status(a!.to, a!.id, "sent"), status(a!.to, a!.id, "delivered")]);
  await postStatuses([status(b!.to, b!.id, "read")]);
  const again = [
    status(a!.to, a!.id, "read"),
    status(a!.to, a!.id, "delivered"),
    status(b!.to, b!.id, "delivered"),
    status(c!.to, c!.id, "delivered"),
  ];
  // Meta re-delivers the same POST, here twice at once.
  await Promise.all([postStatuses(again), postStatuses(again)]);
  await postStatuses([status(a!.to, a!.id, "read")]);
  // A receipt of a chat reply (no bulk delivery) changes nothing.
  await postStatuses([status(a!.to, "wamid.NOT-A-BULK-MESSAGE", "read")]);

  const counted = (await app.outbox.jobs.get("rcpt0001"))!;
  expect(counted.counters).toMatchObject({ total: 5, sent: 5, delivered: 3, read: 2 });
  const receipts = new Map(
    (await app.outbox.deliveries.list("rcpt0001")).map((d) => [d.recipient.userId, d.receipt]),
  );
  expect(Object.fromEntries(receipts)).toEqual({
    [a!.to]: "read",
    [b!.to]: "read",
    [c!.to]: "delivered",
    "8900001": undefined,
    [String(staffTelegram)]: undefined,
  });

  // The creator's final report (sent when the job finished) already names the receipts and Telegram's lack of them.
  const staffTexts = telegram.calls
    .filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(staffTelegram))
    .map((call) => String(call.payload.text));
  expect(staffTexts.some((text) => text.includes("Siaran #rcpt0001 selesai"))).toBe(true);
  expect(staffTexts.join("\n")).toContain("Telegram tidak mengirim tanda terima");

  // /siaran_status through the real Telegram webhook.
  const staff = new TelegramDriver(app, telegram, staffTelegram);
  await staff.sendText("/siaran_status");
  const shown = staff
    .lastReplies()
    .map((reply) => reply.text)
    .join("\n");
  expect(shown).toContain("#rcpt0001");
  expect(shown).toContain("WhatsApp: diterima 3 · dibaca 2");
  expect(shown).toContain("Telegram tidak mengirim tanda terima");

  const listed = await runAdminInProcess(["jobs", "--format", "json"], { table });
  expect(JSON.parse(listed.stdout)).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: "rcpt0001", sent: 5, delivered: 3, read: 2 })]),
  );
});
