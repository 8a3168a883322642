// Meta's error codes on bulk sends (issue #16, defect 7), answered by the fake Graph API in Meta's error
// format and reported by signed status webhooks: 131049 is "held" (never unreachable, sent next time),
// 131050 ends the promo subscription with a consent record, 1320xx alerts staff once per job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, graphError, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { postWhatsApp, waNotification, whatsappEnv } from "../whatsapp/helpers.js";
import { broadcastNow } from "./drain.js";
import { channelContacts, fastOutboxEnv, seedContacts } from "./seed.js";

const staffTelegram = 8800;
const away = () => Date.now() - 3 * 24 * 60 * 60 * 1000;

const metaErrors = {
  held: () => graphError(131049, "This message was not delivered to maintain healthy ecosystem engagement."),
  stopped: () =>
    graphError(
      131050,
      "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    ),
  templateMissing: () =>
    graphError(132001, "(#132001) Template name does not exist in the translation", {
      type: "OAuthException",
    }),
  templateParams: () =>
    graphError(132000, "(#132000) Number of parameters does not match the expected number of params"),
};

let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
beforeAll(async () => {
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

/** A table of its own per test: the "semua" audience is everyone in it. */
async function setup(waIds: readonly string[]): Promise<{ app: App; table: TestTable }> {
  const table = await createTestTable("meta-errors");
  const app = buildTestApp(table, {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url, {
      WHATSAPP_TEMPLATES: JSON.stringify({ broadcast: { name: "umkm_siaran" } }),
    }),
    STAFF_TELEGRAM_IDS: String(staffTelegram),
    ...fastOutboxEnv,
    OUTBOX_CONCURRENCY: "1",
  }).app;
  await seedContacts(table.documentClient, table.tableName, channelContacts({ whatsapp: waIds }, away()));
  return { app, table };
}

/** The recipients of the calls made from `mark` on, in order (the fake answers them in that order). */
const recipientsSince = (mark: number) => whatsapp.calls.slice(mark).map((call) => String(call.payload.to));
const alertsToStaff = () =>
  telegram.calls.filter(
    (call) =>
      call.payload.chat_id === String(staffTelegram) &&
      String(call.payload.text).includes("Meta menolak template"),
  );
async function contactOf(table: TestTable, waId: string) {
  return (await table.scanAll()).find((item) => item.pk === `USER#whatsapp#${waId}` && item.sk === "CONTACT");
}
const failedStatus = (to: string, id: string, code: number, title: string) => ({
  id,
  status: "failed",
  timestamp: String(Math.floor(Date.now() / 1000)),
  recipient_id: to,
  errors: [
    {
      code,
      title,
      message: title,
      error_data: { details: title },
      href: "/documentation/business-messaging/whatsapp/support/error-codes",
    },
  ],
});

describe("answered by the Graph API when sending", () => {
  it("131049 counts as held, never unreachable; the next send reaches the person", async () => {
    const { app, table } = await setup(["6281388000001", "6281388000002", "6281388000003"]);
    const mark = whatsapp.calls.length;
    whatsapp.failNext(metaErrors.held());
    const job = await broadcastNow(app, "held0001", "Promo pekan ini");
    const heldTo = recipientsSince(mark)[0]!;
    expect(job.counters).toMatchObject({ total: 3, sent: 2, held: 1, failed: 0, blocked: 0, queued: 0 });
    const held = (await app.outbox.deliveries.list("held0001")).find((d) => d.status === "held");
    expect(held?.recipient.userId).toBe(heldTo);
    expect(held?.lastError).toContain("131049");
    expect(await contactOf(table, heldTo)).toMatchObject({ unreachable: false });
    // Tried once (no retry within the job), then again by the next send.
    expect(recipientsSince(mark).filter((to) => to === heldTo)).toHaveLength(1);
    const next = await broadcastNow(app, "held0002", "Promo pekan depan");
    expect(next.counters).toMatchObject({ total: 3, sent: 3, held: 0 });
  });

  it("131050 ends the promo subscription with a consent record and counts as skipped", async () => {
    const { app, table } = await setup(["6281388000011"]);
    const user = { channel: "whatsapp" as const, userId: "6281388000011" };
    const subscriptions = createSubscriptionRepository({
      client: table.documentClient,
      tableName: table.tableName,
    });
    await subscriptions.subscribe(user, [], "promo-v1", new Date());
    whatsapp.failNext(metaErrors.stopped());
    const job = await broadcastNow(app, "stop0001", "Promo pekan ini");
    expect(job.counters).toMatchObject({ total: 1, sent: 0, skipped: 1, blocked: 0 });
    expect(await subscriptions.get(user)).toMatchObject({ active: false });
    const contact = await contactOf(table, user.userId);
    expect(contact?.unreachable).toBe(false);
    expect(contact?.consents).toEqual([
      expect.objectContaining({ purpose: "promo", given: false, source: expect.stringContaining("131050") }),
    ]);
  });

  it("a rejected template (132001, 132000) alerts staff once per job, not per recipient", async () => {
    const { app } = await setup(["6281388000021", "6281388000022", "6281388000023"]);
    const before = alertsToStaff().length;
    whatsapp.failNext(
      metaErrors.templateMissing(),
      metaErrors.templateParams(),
      metaErrors.templateMissing(),
    );
    const job = await broadcastNow(app, "tmpl0001", "Pengumuman", {
      channel: "telegram",
      userId: String(staffTelegram),
    });
    expect(job.counters).toMatchObject({ total: 3, failed: 3, sent: 0 });
    const deliveries = await app.outbox.deliveries.list("tmpl0001");
    expect(deliveries.map((d) => d.lastError)).toEqual(
      expect.arrayContaining([expect.stringContaining("template rejected (132001)")]),
    );
    // The creator is also a staff member: one alert, with the job id and Meta's reason.
    const alerts = alertsToStaff().slice(before);
    expect(alerts).toHaveLength(1);
    expect(String(alerts[0]!.payload.text)).toContain("#tmpl0001");
    expect(String(alerts[0]!.payload.text)).toContain("132001");
  });
});

describe("reported later by the status webhook", () => {
  it("131049, 131050 and 132018 move the sent delivery once; the subscription ends; one alert", async () => {
    const ids = ["6281388000031", "6281388000032", "6281388000033"];
    const { app, table } = await setup(ids);
    const subscriptions = createSubscriptionRepository({
      client: table.documentClient,
      tableName: table.tableName,
    });
    await subscriptions.subscribe({ channel: "whatsapp", userId: ids[1]! }, [], "promo-v1", new Date());
    const before = alertsToStaff().length;
    const sent = await broadcastNow(app, "late0001", "Pengumuman");
    expect(sent.counters).toMatchObject({ total: 3, sent: 3 });
    const wamidOf = new Map(
      (await table.scanAll())
        .filter((item) => String(item.pk).startsWith("MSG#whatsapp#") && item.jobId === "late0001")
        .map((item) => [String(item.userId), String(item.pk).slice("MSG#whatsapp#".length)]),
    );
    const statuses = [
      failedStatus(
        ids[0]!,
        wamidOf.get(ids[0]!)!,
        131049,
        "This message was not delivered to maintain healthy ecosystem engagement.",
      ),
      failedStatus(ids[1]!, wamidOf.get(ids[1]!)!, 131050, "User has stopped marketing messages"),
      failedStatus(
        ids[2]!,
        wamidOf.get(ids[2]!)!,
        132018,
        "There was an issue with the parameters in your template.",
      ),
    ];
    for (let delivery = 0; delivery < 2; delivery++) {
      // Meta re-delivers: the second POST changes nothing.
      const response = await postWhatsApp(app, waNotification([], { statuses }));
      expect(response.status).toBe(200);
    }
    const job = (await app.outbox.jobs.get("late0001"))!;
    expect(job.counters).toMatchObject({ total: 3, sent: 0, held: 1, skipped: 1, failed: 1 });
    expect(await contactOf(table, ids[0]!)).toMatchObject({ unreachable: false });
    expect(await subscriptions.get({ channel: "whatsapp", userId: ids[1]! })).toMatchObject({
      active: false,
    });
    expect((await contactOf(table, ids[1]!))?.consents).toHaveLength(1);
    expect(alertsToStaff().slice(before)).toHaveLength(1);
  });
});
