// The weekend digest end to end: approved promos -> per-subscriber messages through the real outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { digestWeekendAt } from "../../functions/lib/core/promo/digest.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { buildTestApp, post, telegramEnv } from "../support/app.js";
import { waitFor } from "../support/process.js";
import { runJobToDone, seededPromo } from "../support/promo.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { sign, waNotification, waStatus } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
// Friday 27 November 2026, 17:00 WIB: the digest for Saturday-Sunday 28-29 November.
const friday = wibInstant("2026-11-27", 17);
const clock = { current: friday.getTime(), now: () => new Date(clock.current) };
const weekend = "2026-11-28";

interface DryRunReport {
  weekend: string;
  recipients: number;
  rows: { recipient: string; gets: string[] | null }[];
}

const promo = (id: string, fields: Partial<Promo>) => seededPromo(id, weekend, friday, fields);

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({
    name: "digest",
    clock,
    env: { STAFF_TELEGRAM_IDS: "5999", WHATSAPP_TEMPLATE_NAME: "promo_akhir_pekan", ...fastOutboxEnv },
  }));
  const store = { client: table.documentClient, tableName: table.tableName };
  const promos = createPromoRepository(store);
  await promos.create(
    promo("pKeripik", {
      userId: "71",
      businessName: "Keripik Siger",
      product: "Keripik pisang coklat",
      photo: "tg-photo-1",
      photoChannel: "telegram",
    }),
    3,
  );
  await promos.create(
    promo("pBatik", {
      userId: "72",
      businessName: "Tapis Bu Made",
      category: "fashion",
      product: "Kain tapis mini",
      promoPrice: undefined,
      discountText: "diskon 20%",
    }),
    3,
  );
  await promos.create(promo("pPending", { userId: "73", product: "Belum disetujui", status: "pending" }), 3);
  await promos.create(promo("pNext", { userId: "74", product: "Minggu depan", weekend: "2026-12-05" }), 3);
  const subscriptions = createSubscriptionRepository(store);
  const sub = (
    channel: "telegram" | "whatsapp",
    userId: string,
    categories: ("kuliner" | "fashion" | "jasa")[],
  ) => subscriptions.subscribe({ channel, userId }, categories, "promo-v1", friday);
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "telegram", userId: "5001" },
    { channel: "telegram", userId: "5002" },
    { channel: "telegram", userId: "5003" },
    { channel: "telegram", userId: "5004" },
    { channel: "whatsapp", userId: "6281300000001" },
    { channel: "whatsapp", userId: "6281300000002" },
  ]);
  await sub("telegram", "5001", []);
  await sub("telegram", "5002", ["kuliner"]);
  await sub("telegram", "5003", ["jasa"]);
  await sub("telegram", "5004", []);
  await subscriptions.unsubscribe({ channel: "telegram", userId: "5004" }, friday);
  await sub("whatsapp", "6281300000001", ["fashion"]);
  await sub("whatsapp", "6281300000002", ["kuliner"]);
  // One WhatsApp subscriber wrote an hour ago (inside the 24 h window), the other never (template).
  const { UpdateCommand } = await import("../../functions/lib/store/dynamo-commands.js");
  await table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk: "USER#whatsapp#6281300000001", sk: "CONTACT" },
      UpdateExpression: "SET lastInboundAt = :at",
      ExpressionAttributeValues: { ":at": friday.getTime() - 3_600_000 },
    }),
  );
}, 60_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const telegramTo = (chat: string) =>
  telegram.calls.filter((call) => call.method.startsWith("send") && String(call.payload.chat_id) === chat);
const whatsappTo = (to: string) => whatsapp.calls.filter((call) => call.payload.to === to);

describe("weekend digest", () => {
  it("picks the coming weekend in WIB around midnight and on the weekend itself", () => {
    expect(digestWeekendAt(friday)).toBe("2026-11-28");
    expect(digestWeekendAt(wibInstant("2026-11-27", 23, 59))).toBe("2026-11-28");
    expect(digestWeekendAt(wibInstant("2026-11-28", 0, 1))).toBe("2026-11-28");
    expect(digestWeekendAt(wibInstant("2026-12-31", 17))).toBe("2027-01-02");
  });

  it("sends each subscriber the approved promos of their categories, once, with a Stop button", async () => {
    const first = await app.digest.run(clock.now());
    expect(first).toMatchObject({ weekend, status: "queued", promos: 2 });
    // A second run (a retried schedule, an overlapping one) finds the same job.
    const again = await Promise.all([app.digest.run(clock.now()), app.digest.run(clock.now())]);
    expect(again.map((result) => result.status)).toEqual(["already", "already"]);
    const job = await runJobToDone(app, first.jobId!);
    expect(job.counters).toMatchObject({ total: 5, sent: 4, skipped: 1, failed: 0 });

    const all = telegramTo("5001");
    expect(all.map((call) => call.method)).toEqual(["sendPhoto", "sendMessage"]);
    const text = String(all[1]?.payload.text);
    expect(text).toContain("Sabtu-Minggu, 28-29 November 2026");
    expect(text).toContain("Keripik pisang coklat");
    expect(text).toContain("Rp20.000 → Rp15.000");
    expect(text).toContain("Kain tapis mini");
    expect(text).toContain("diskon 20%");
    expect(text).not.toContain("Belum disetujui");
    expect(text).not.toContain("Minggu depan");
    expect(JSON.stringify(all[1]?.payload.reply_markup)).toContain("sub:stop");

    const kuliner = telegramTo("5002")
      .map((call) => String(call.payload.text ?? call.payload.caption))
      .join("\n");
    expect(kuliner).toContain("Keripik pisang coklat");
    expect(kuliner).not.toContain("Kain tapis mini");
    expect(telegramTo("5003")).toHaveLength(0); // only "jasa": nothing this weekend
    expect(telegramTo("5004")).toHaveLength(0); // opted out

    // WhatsApp inside the window: free-form; outside: the approved MARKETING template.
    const inside = whatsappTo("6281300000001");
    expect(inside).toHaveLength(1);
    expect(JSON.stringify(inside[0]?.payload)).toContain("Kain tapis mini");
    const outside = whatsappTo("6281300000002");
    expect(outside).toHaveLength(1);
    expect(outside[0]?.payload.type).toBe("template");

    // Nothing more on a re-run of the planner and the worker.
    const sends = telegram.calls.length + whatsapp.calls.length;
    expect(await app.outbox.planner.plan(first.jobId!)).toBe(false);
    await runJobToDone(app, first.jobId!);
    expect(telegram.calls.length + whatsapp.calls.length).toBe(sends);
  });

  it("counts a WhatsApp message that Meta holds later (status webhook, 131049) as held in the job", async () => {
    const delivery = (await table.scanAll()).find(
      (item) => item.pk === "JOB#dg20261128" && item.userId === "6281300000001",
    );
    const wamid = (delivery?.messageIds as string[] | undefined)?.[0];
    expect(wamid).toMatch(/^wamid\./);
    const payload = JSON.stringify(
      waNotification([], {
        statuses: [waStatus("6281300000001", "failed", { id: wamid!, errorCode: 131049 })],
      }),
    );
    for (let i = 0; i < 2; i++) {
      const response = await app.http(post("/whatsapp", payload, { "x-hub-signature-256": sign(payload) }));
      expect(response.status).toBe(200);
    }
    const job = await app.outbox.jobs.get("dg20261128");
    // 131049 is Meta's marketing frequency cap (issue #16): held, not failed, and the person stays reachable.
    expect(job?.counters).toMatchObject({ total: 5, sent: 3, failed: 0, held: 1, skipped: 1 });
    const after = (await app.outbox.deliveries.list("dg20261128")).find(
      (d) => d.recipient.userId === "6281300000001",
    );
    expect(after).toMatchObject({ status: "held" });
    expect(after?.lastError).toContain("131049");
  });

  it("lets staff (only) run it from the chat, still once per weekend", async () => {
    const outsider = telegramChat(app, telegram, 5998, "Budi");
    await outsider.say("/ringkasan");
    expect(outsider.last().text).toContain("hanya untuk petugas");
    const staff = telegramChat(app, telegram, 5999, "Petugas");
    await staff.say("kirim ringkasan");
    expect(staff.last().text).toContain("sudah pernah dibuat (dg20261128): tidak dikirim dua kali");
  });

  it("sends nothing for an empty weekend, or a short note when configured", async () => {
    clock.current = wibInstant("2026-12-11", 17).getTime();
    try {
      expect(await app.digest.run(clock.now())).toMatchObject({ weekend: "2026-12-12", status: "empty" });
      const noted = buildTestApp(
        table,
        { ...telegramEnv(telegram.url), ...fastOutboxEnv, DIGEST_EMPTY_NOTE: "true" },
        { clock },
      ).app;
      const result = await noted.digest.run(clock.now());
      expect(result.status).toBe("queued");
      const before = telegramTo("5003").length;
      const runner = noted.outbox.startLocal();
      try {
        await waitFor(
          async () => ((await noted.outbox.jobs.get(result.jobId!))?.state === "done" ? true : undefined),
          60_000,
          "note job",
        );
      } finally {
        await runner.stop();
      }
      expect(telegramTo("5003").length).toBe(before + 1);
      expect(String(telegramTo("5003").at(-1)?.payload.text)).toContain("Belum ada promo");
    } finally {
      clock.current = friday.getTime();
    }
  });

  it("shows who would get what with `admin -- digest --dry-run`, and lists subscribers", async () => {
    const dry = await runAdminInProcess(["digest", "--dry-run", "--at", friday.toISOString()], {
      table,
      clock,
    });
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(report.weekend).toBe(weekend);
    expect(report.rows.find((row) => row.recipient === "telegram:5003")?.gets).toBeNull();
    expect(report.rows.find((row) => row.recipient === "telegram:5002")?.gets?.join("\n")).toContain(
      "Keripik pisang coklat",
    );
    const list = await runAdminInProcess(["subscribers", "--format", "csv"], { table });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('"telegram:5004","telegram","false"');

    // The real process once per command, side by side: the same report and list from the table in its environment.
    const [spawnedDry, spawnedList] = await Promise.all([
      runAdminProcess(["digest", "--dry-run", "--at", friday.toISOString()], table),
      runAdminProcess(["subscribers", "--format", "csv"], table),
    ]);
    expect(spawnedDry.code).toBe(0);
    expect(JSON.parse(spawnedDry.stdout) as DryRunReport).toEqual(report);
    expect(spawnedList.code).toBe(0);
    expect(spawnedList.stdout).toContain('"telegram:5004","telegram","false"');
  });
});
