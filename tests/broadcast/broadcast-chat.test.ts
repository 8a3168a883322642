// Staff broadcasts through the real Telegram webhook: the flow, audiences with exact counts, staff-only
// checks on every step (including forged callbacks), scheduling, status/cancel, delivery and the report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { parseWibTime } from "../../functions/lib/core/broadcast/schedule.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let app: App;
const staffId = 8801;
const outsiderId = 8802;

beforeAll(async () => {
  table = await createTestTable("broadcast");
  fake = await startFakeTelegramApi();
  app = buildTestApp(table, {
    ...telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId) }),
    ...fastOutboxEnv,
  }).app;
  await seedContacts(table.documentClient, table.tableName, [
    ...Array.from({ length: 6 }, (_, i) => ({ channel: "telegram" as const, userId: String(61_000 + i) })),
    { channel: "telegram", userId: "62001", seller: { category: "kuliner", kecamatan: "kemiling" } },
    { channel: "telegram", userId: "62002", seller: { category: "kuliner", kecamatan: "way-halim" } },
    { channel: "telegram", userId: "62003", seller: { category: "fashion", kecamatan: "kemiling" } },
    {
      channel: "telegram",
      userId: "62004",
      role: "buyer",
      seller: { category: "kuliner", kecamatan: "kemiling", status: "pending" },
    },
  ]);
}, 60_000);

afterAll(async () => {
  await fake.close();
});

const staff = () => telegramChat(app, fake, staffId, "Petugas");

describe("audiences and preview", () => {
  it.each([
    ["Semua", 10 + 1], // 6 buyers + 1 pending-seller buyer + 3 sellers + the staff member = 11
    ["Penjual", 3],
  ])("'%s' shows the exact recipient count", async (label, count) => {
    const chat = staff();
    await chat.say("/siaran");
    expect(chat.last().text).toContain("Siaran baru");
    await chat.say("Pelatihan pengemasan gratis hari Sabtu di Gedung Pusat Kemasan.");
    expect(chat.last().text).toContain("Kirim ke siapa?");
    await chat.choose(label);
    expect(chat.last().text).toContain(`Jumlah penerima: ${count}`);
    await chat.choose("Batal");
  });

  it("filters approved sellers by category and by kecamatan", async () => {
    const chat = staff();
    await chat.say("/siaran");
    await chat.say("Info khusus penjual kuliner");
    await chat.choose("Per kategori");
    await chat.choose("Kuliner");
    expect(chat.last().text).toContain("Jumlah penerima: 2");
    expect(chat.last().text).toContain("kategori Kuliner");
    await chat.choose("Ganti penerima");
    await chat.choose("Per kecamatan");
    expect(chat.last().choices.length).toBe(20);
    await chat.press("bc:kec:kemiling");
    expect(chat.last().text).toContain("Jumlah penerima: 2");
    expect(chat.last().text).toContain("Kecamatan Kemiling");
    await chat.choose("Batal");
  });

  it("counts promo subscribers for the 'pelanggan promo' audience", async () => {
    const subscriptions = createSubscriptionRepository({
      client: table.documentClient,
      tableName: table.tableName,
    });
    const now = new Date();
    for (const userId of ["63001", "63002", "63003"]) {
      await subscriptions.subscribe({ channel: "telegram", userId }, [], "promo-v1", now);
    }
    await subscriptions.unsubscribe({ channel: "telegram", userId: "63003" }, now);
    const chat = staff();
    await chat.say("/siaran");
    await chat.say("Promo akhir pekan");
    await chat.choose("Pelanggan promo");
    expect(chat.last().text).toContain("Jumlah penerima: 2");
    await chat.choose("Batal");
    expect(await app.outbox.jobs.listRecent(10)).toEqual([]);
  });
});

describe("staff only, on every step", () => {
  it("a non-staff user cannot start, and forged callbacks create nothing", async () => {
    const outsider = telegramChat(app, fake, outsiderId, "Budi");
    await outsider.say("/siaran");
    expect(outsider.last().text).toContain("hanya untuk petugas");
    for (const forged of ["bc:new", "bc:aud:semua", "bc:send", "bc:status", "bc:stop:abcdef1234"]) {
      await outsider.press(forged);
      expect(outsider.last().text).toContain("hanya untuk petugas");
    }
    await outsider.say("/siaran_status");
    expect(outsider.last().text).toContain("hanya untuk petugas");
    expect(await app.outbox.jobs.listRecent(10)).toEqual([]);
  });

  it("staff who lose the role mid-flow cannot confirm", async () => {
    const chat = staff();
    await chat.say("/siaran");
    await chat.say("Pesan yang tidak boleh terkirim");
    await chat.choose("Penjual");
    // Role taken away (contact item updated server-side) before pressing "Kirim sekarang".
    const { UpdateCommand } = await import("../../functions/lib/store/dynamo-commands.js");
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: `USER#telegram#${staffId}`, sk: "CONTACT" },
        UpdateExpression: "SET #role = :buyer",
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ":buyer": "buyer" },
      }),
    );
    // A second bot instance without configured staff ids: only the stored role counts.
    const other = buildTestApp(table, { ...telegramEnv(fake.url), ...fastOutboxEnv }).app;
    await telegramChat(other, fake, staffId, "Petugas").press("bc:send");
    expect(telegramChat(other, fake, staffId).last().text).toContain("hanya untuk petugas");
    expect(await app.outbox.jobs.listRecent(10)).toEqual([]);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: `USER#telegram#${staffId}`, sk: "CONTACT" },
        UpdateExpression: "SET #role = :staff",
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ":staff": "staff" },
      }),
    );
  });
});

describe("confirm, deliver, report", () => {
  it("sends to the chosen audience once and reports to the staff member", async () => {
    const chat = staff();
    await chat.say("/siaran");
    await chat.say("Pelatihan tapis di Sentra Tapis Kemiling, Senin 09.00.");
    await chat.choose("Penjual");
    await chat.choose("Kirim sekarang");
    const created = /#([a-z0-9]+)/.exec(chat.last().text)?.[1];
    expect(created).toBeDefined();
    // A retried confirm (same update) would make the same job: the id is derived from the update.
    expect(await app.outbox.jobs.listRecent(10)).toHaveLength(1);

    expect(await app.outbox.planner.runDue()).toBe(1);
    expect(chat.last().text).toContain(`Siaran #${created} mulai dikirim ke 3 penerima`);
    for (const message of await app.outbox.localQueue!.receive(10, 30_000)) {
      expect(await app.outbox.worker.handle(message.message)).toBe("done");
      await app.outbox.localQueue!.ack(message.handle);
    }
    const job = await app.outbox.jobs.get(created!);
    expect(job?.state).toBe("done");
    expect(job?.counters).toMatchObject({ total: 3, sent: 3, queued: 0, failed: 0 });
    const receivers = fake.calls
      .filter((c) => c.method === "sendMessage" && String(c.payload.chat_id) !== String(staffId))
      .filter((c) => String(c.payload.text).includes("Sentra Tapis"))
      .map((c) => String(c.payload.chat_id))
      .sort();
    expect(receivers).toEqual(["62001", "62002", "62003"]);
    expect(chat.last().text).toContain(`Siaran #${created} selesai`);
    expect(chat.last().text).toContain("terkirim 3");

    await chat.say("/siaran_status");
    expect(chat.last().text).toContain(`#${created} — selesai`);
  });

  it("schedules at a WIB time, lists it, and cancels it before it starts", async () => {
    const chat = staff();
    await chat.say("/siaran");
    await chat.say("Besok pasar murah");
    await chat.choose("Semua");
    await chat.choose("Atur waktu");
    await chat.say("kemarin");
    expect(chat.last().text).toContain("tidak dikenali");
    await chat.say("besok 07.30");
    expect(chat.last().text).toMatch(/Waktu kirim: .* 07\.30 WIB/);
    await chat.choose("Jadwalkan");
    const id = /#([a-z0-9]+)/.exec(chat.last().text)?.[1] ?? "missing";
    expect(chat.last().text).toContain("dijadwalkan");
    expect(await app.outbox.planner.runDue()).toBe(0); // not due yet
    await chat.say("/siaran_status");
    expect(chat.last().text).toContain(`#${id} — terjadwal`);
    await chat.press(`bc:stop:${id}`);
    expect(chat.last().text).toContain(`Siaran #${id} dihentikan`);
    const job = await app.outbox.jobs.get(id);
    expect(job).toMatchObject({ state: "cancelled", planned: true });
    expect(job?.counters.total).toBe(0);
  });
});

describe("a petugas in the chat", () => {
  it("is offered seller audiences only, as in the console, and an old or forged button is refused", async () => {
    const petugasId = 8803;
    const granted = await runAdminInProcess(["staff", "add", `telegram:${petugasId}`, "--role", "petugas"], {
      table,
    });
    expect(granted.code, granted.stderr).toBe(0);
    const chat = telegramChat(app, fake, petugasId, "Petugas Dua");
    await chat.say("/siaran");
    await chat.say("Info pelatihan untuk penjual kuliner");
    const labels = chat.last().choices.map((choice) => choice.label);
    expect(labels.some((label) => label.includes("Penjual"))).toBe(true);
    expect(labels.some((label) => /Semua|Pelanggan/.test(label))).toBe(false);
    await chat.press("bc:aud:semua");
    expect(chat.last().text).toContain("hanya bisa mengirim siaran ke penjual");
    await chat.choose("Penjual");
    expect(chat.last().text).toContain("3");
    await chat.choose("Batal");
  });
});

describe("WIB send times", () => {
  const now = new Date("2026-03-10T01:00:00Z"); // 08.00 WIB
  it.each([
    ["25/03 08:00", "2026-03-25T01:00:00.000Z"],
    ["2026-03-11 09.15", "2026-03-11T02:15:00.000Z"],
    ["besok 07.30", "2026-03-11T00:30:00.000Z"],
    ["07:00", "2026-03-11T00:00:00.000Z"],
    ["20.00 WIB", "2026-03-10T13:00:00.000Z"],
  ])("%s -> %s", (text, iso) => {
    const parsed = parseWibTime(text, now);
    expect(parsed.ok && parsed.at.toISOString()).toBe(iso);
  });
  it.each([
    ["kemarin", "format"],
    ["31/02 08:00", "format"],
    ["2026-03-09 08:00", "past"],
    ["2026-06-01 08:00", "tooFar"],
  ])("%s is refused (%s)", (text, error) => {
    expect(parseWibTime(text, now)).toEqual({ ok: false, error });
  });
});
