// WhatsApp templates per purpose and language (issue #16, defect 6): the validated WHATSAPP_TEMPLATES
// setting, the template each purpose gets outside the 24-hour window (ticket replies through the real
// webhooks, broadcasts and the digest through the outbox, training reminders through the hourly job),
// WHATSAPP_TEMPLATE_NAME as the fallback, parameters on one line, and `admin -- templates`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHourlyJobs } from "../../functions/lib/app/scheduled-jobs.js";
import { ConfigError, parseConfig } from "../../functions/lib/config/config.js";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { weekendLabel, wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { formatWhen } from "../../functions/lib/core/training/training.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import { runAdmin } from "../../scripts/admin/main.js";
import { TelegramDriver, WhatsAppDriver } from "../contract/drivers.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { broadcastNow, runOutboxUntilDone } from "../outbox/drain.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { whatsappEnv } from "./helpers.js";

const templates = {
  ticket_reply: {
    name: "umkm_balasan_tiket",
    category: "UTILITY",
    languages: { id: "id", en: { name: "umkm_ticket_reply", code: "en" } },
  },
  training_reminder: { name: "umkm_pengingat_pelatihan", languages: { id: "id", en: "en" } },
  weekend_digest: { name: "umkm_promo_akhir_pekan", params: ["weekend", "name"] },
  broadcast: {
    languages: { id: { name: "umkm_siaran", code: "id" }, en: { name: "umkm_broadcast", code: "en_US" } },
  },
};

// Friday 27 November 2026, 17:00 WIB (the digest's hour for the weekend of 28-29 November).
const start = wibInstant("2026-11-27", 17);
const clock = { current: start.getTime(), now: () => new Date(clock.current) };
const days = (n: number) => n * 24 * 60 * 60 * 1000;
const staffTelegram = 7700;

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: TestApp;

beforeAll(async () => {
  table = await createTestTable("wa-templates");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  app = buildTestApp(
    table,
    {
      ...telegramEnv(telegram.url),
      ...whatsappEnv(whatsapp.url, {
        WHATSAPP_TEMPLATES: JSON.stringify(templates),
        WHATSAPP_TEMPLATE_NAME: "pemberitahuan_umkm",
      }),
      STAFF_TELEGRAM_IDS: String(staffTelegram),
      ...fastOutboxEnv,
    },
    { clock },
  );
}, 60_000);
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const templatesTo = (waId: string) =>
  whatsapp.calls
    .filter((call) => call.payload.to === waId && call.payload.type === "template")
    .map(
      (call) =>
        call.payload.template as {
          name: string;
          language: { code: string };
          components?: { type: string; parameters: { type: string; text: string }[] }[];
        },
    );
const paramsOf = (template: ReturnType<typeof templatesTo>[number] | undefined) =>
  template?.components?.[0]?.parameters.map((parameter) => parameter.text);

function problemsOf(value: string): string {
  try {
    parseConfig({ WHATSAPP_TEMPLATES: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
  throw new Error("expected a ConfigError");
}

describe("WHATSAPP_TEMPLATES", () => {
  it("parses purposes, languages, categories and parameter orders", () => {
    const { whatsapp: wa } = parseConfig({ WHATSAPP_TEMPLATES: JSON.stringify(templates) });
    expect(wa.templates.ticket_reply).toEqual({
      category: "UTILITY",
      params: ["ticket", "reply"],
      languages: {
        id: { name: "umkm_balasan_tiket", code: "id" },
        en: { name: "umkm_ticket_reply", code: "en" },
      },
    });
    // Without languages: the Indonesian translation of the named template.
    expect(wa.templates.weekend_digest).toEqual({
      category: "MARKETING",
      params: ["weekend", "name"],
      languages: { id: { name: "umkm_promo_akhir_pekan", code: "id" } },
    });
    expect(wa.templates.registration_decision).toBeUndefined();
    expect(parseConfig({}).whatsapp.templates).toEqual({});
  });

  it("names the bad key in every error", () => {
    expect(problemsOf("{not json")).toMatch(/^WHATSAPP_TEMPLATES: not valid JSON/);
    expect(problemsOf('{"tiket":{"name":"x"}}')).toContain('WHATSAPP_TEMPLATES: unknown purpose "tiket"');
    expect(problemsOf('{"weekend_digest":{"name":"promo","category":"UTILITY"}}')).toContain(
      "WHATSAPP_TEMPLATES.weekend_digest.category: weekend_digest is a MARKETING message",
    );
    expect(problemsOf('{"ticket_reply":{"name":"x","params":["ticket","weekend"]}}')).toContain(
      "WHATSAPP_TEMPLATES.ticket_reply.params.1: one of: ticket, reply, name, text",
    );
    expect(problemsOf('{"broadcast":{"name":"Bad Name"}}')).toContain("WHATSAPP_TEMPLATES.broadcast.name:");
    expect(problemsOf('{"broadcast":{"languages":{"id":"id"}}}')).toContain(
      'WHATSAPP_TEMPLATES.broadcast.languages.id: no template name: set "name" for broadcast',
    );
    expect(problemsOf('{"broadcast":{"name":"x","languages":{"fr":"fr"}}}')).toContain(
      "WHATSAPP_TEMPLATES.broadcast.languages",
    );
  });
});

describe("the template of each purpose, outside the 24-hour window", () => {
  it("a staff reply to a ticket: ticket_reply with the ticket id and the reply on one line", async () => {
    const person = new WhatsAppDriver(app.app, whatsapp, "6281277000001");
    await person.sendText("hubungi petugas");
    const id = ticketIdIn(
      person
        .lastReplies()
        .map((reply) => reply.text)
        .join("\n"),
    )!;
    expect(id).toBeDefined();
    clock.current += days(1) + 60 * 60 * 1000;
    const staff = new TelegramDriver(app.app, telegram, staffTelegram);
    await staff.sendText(`/balas ${id} Baik,\n\nkami      cek\tdulu.`);
    const [template] = templatesTo("6281277000001");
    expect(template).toMatchObject({ name: "umkm_balasan_tiket", language: { code: "id" } });
    expect(paramsOf(template)).toEqual([id, "Baik, kami cek dulu."]);
    expect(
      staff
        .lastReplies()
        .map((reply) => reply.text)
        .join("\n"),
    ).not.toContain("Belum terkirim");
  });

  it("a broadcast: the broadcast template in each person's language", async () => {
    const away = clock.current - days(3);
    await seedContacts(table.documentClient, table.tableName, [
      { channel: "whatsapp", userId: "6281277000101", lastInboundAt: away },
      { channel: "whatsapp", userId: "6281277000102", lastInboundAt: away, language: "en" },
    ]);
    const job = await broadcastNow(app.app, "tplbc01", "Rapat UMKM\nSenin 08.00 di Balai Kota");
    expect(job.counters).toMatchObject({ skipped: 0, failed: 0 });
    const [id] = templatesTo("6281277000101");
    const [en] = templatesTo("6281277000102");
    expect(id).toMatchObject({ name: "umkm_siaran", language: { code: "id" } });
    expect(en).toMatchObject({ name: "umkm_broadcast", language: { code: "en_US" } });
    expect(paramsOf(id)).toEqual(["Rapat UMKM Senin 08.00 di Balai Kota"]);
  });

  it("the weekend digest: its MARKETING template with the weekend, in the configured order", async () => {
    const store = { client: table.documentClient, tableName: table.tableName };
    const promo: Promo = {
      id: "pTpl1",
      sellerId: "telegram:77",
      channel: "telegram",
      userId: "77",
      businessName: "Keripik Siger",
      category: "kuliner",
      product: "Keripik pisang",
      normalPrice: 20_000,
      promoPrice: 15_000,
      location: "Taman UMKM Bung Karno",
      weekend: "2026-11-28",
      status: "approved",
      createdAt: start.getTime(),
      updatedAt: start.getTime(),
    };
    await createPromoRepository(store).create(promo, 3);
    await seedContacts(table.documentClient, table.tableName, [
      { channel: "whatsapp", userId: "6281277000201", lastInboundAt: clock.current - days(3) },
    ]);
    await createSubscriptionRepository(store).subscribe(
      { channel: "whatsapp", userId: "6281277000201" },
      [],
      "promo-v1",
      clock.now(),
    );
    const run = await app.app.digest.run(clock.now());
    expect(run).toMatchObject({ weekend: "2026-11-28" });
    await runOutboxUntilDone(app.app, (run as { jobId: string }).jobId);
    const [template] = templatesTo("6281277000201");
    expect(template).toMatchObject({ name: "umkm_promo_akhir_pekan", language: { code: "id" } });
    expect(paramsOf(template)).toEqual([weekendLabel("2026-11-28", "id"), "Bapak/Ibu"]);
  });

  it("a training reminder: training_reminder with title, time and place; a purpose without its own uses WHATSAPP_TEMPLATE_NAME", async () => {
    const trainings = createTrainingRepository({ client: table.documentClient, tableName: table.tableName });
    // Tomorrow (Saturday 28 November) 09:00 WIB; the job runs at 09:00 WIB today.
    clock.current = wibInstant("2026-11-27", 9).getTime();
    const startsAt = wibInstant("2026-11-28", 9).getTime();
    await trainings.create({
      id: "PTPL01",
      title: "Pengemasan produk",
      topic: "tapis",
      startsAt,
      place: "Sentra Tapis\nKemiling",
      quota: 10,
      deadline: startsAt - days(1) / 2,
      openToAll: true,
      createdAt: clock.current,
      createdBy: "test",
    });
    await seedContacts(table.documentClient, table.tableName, [
      { channel: "whatsapp", userId: "6281277000301", lastInboundAt: clock.current - days(3) },
    ]);
    await trainings.signUp(
      "PTPL01",
      {
        channel: "whatsapp",
        userId: "6281277000301",
        name: "Ani",
        role: "seller",
        language: "id",
        registeredAt: clock.current,
      },
      clock.now(),
    );
    await runHourlyJobs(app.app, clock.now());
    const [template] = templatesTo("6281277000301");
    expect(template).toMatchObject({ name: "umkm_pengingat_pelatihan", language: { code: "id" } });
    expect(paramsOf(template)).toEqual([
      "Pengemasan produk",
      formatWhen(startsAt, "id"),
      "Sentra Tapis Kemiling",
    ]);

    // Cancelled from the CLI: training_change has no template of its own, so the fallback carries the text.
    await trainings.cancel("PTPL01", clock.now(), { noticesPending: true });
    await runHourlyJobs(app.app, clock.now());
    const fallback = templatesTo("6281277000301")[1];
    expect(fallback).toMatchObject({ name: "pemberitahuan_umkm", language: { code: "id" } });
    const [text] = paramsOf(fallback) ?? [];
    expect(text).toContain("DIBATALKAN");
    expect(text).not.toMatch(/[\n\t]| {5}/);
  });
});

describe("admin -- templates", () => {
  it("lists every purpose and language with its template, and which purposes fall back or lack one", async () => {
    const run = async (env: Record<string, string>, ...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAdmin(["templates", ...args], {
        io: { out: (t) => out.push(t), err: (t) => err.push(t), clock },
        env,
        openStore: () => Promise.reject(new Error("templates must not open the store")),
      });
      return { code, stdout: out.join(""), stderr: err.join("") };
    };
    const json = await run({ WHATSAPP_TEMPLATES: JSON.stringify(templates) }, "--format", "json");
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(rows).toContainEqual({
      purpose: "ticket_reply",
      category: "UTILITY",
      language: "en",
      status: "own",
      template: "umkm_ticket_reply",
      code: "en",
      params: "ticket,reply",
    });
    expect(rows.find((r) => r.purpose === "weekend_digest" && r.language === "en")).toMatchObject({
      status: "other-language",
      template: "umkm_promo_akhir_pekan",
      category: "MARKETING",
    });
    expect(rows.find((r) => r.purpose === "registration_decision")).toMatchObject({ status: "missing" });

    const text = await run({
      WHATSAPP_TEMPLATES: JSON.stringify({ broadcast: templates.broadcast }),
      WHATSAPP_TEMPLATE_NAME: "pemberitahuan_umkm",
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^broadcast\s+MARKETING\s+en\s+own\s+umkm_broadcast\s+en_US\s+text$/m);
    expect(text.stdout).toMatch(/^ticket_reply\s+UTILITY\s+id\s+fallback\s+pemberitahuan_umkm\s+id\s+text$/m);
    expect(text.stdout).toContain(
      "Without their own template (in some language): ticket_reply, training_reminder",
    );
    expect(text.stdout).not.toContain("Missing");

    const bad = await run({ WHATSAPP_TEMPLATES: '{"tiket":{}}' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown purpose "tiket"');
  });
});
