// WhatsApp recipients (24 h window, template or skipped, 131026 blocked, 130429 retried), the
// "sending after a crash" rule, cancellation, and the rate limiter's pacing on a virtual clock.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { createChannelLimiter } from "../../functions/lib/core/outbox/rate-limiter.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi, whatsappErrors } from "../fakes/whatsapp-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { createSendNowJob } from "./drain.js";
import { fastOutboxEnv, seedContacts } from "./seed.js";

let table: TestTable;
let wa: FakeWhatsAppApi;
let tg: FakeTelegramApi;
const whatsappEnv = (base: string, extra: Record<string, string> = {}) => ({
  WHATSAPP_TOKEN: "EAAG-test-token",
  WHATSAPP_PHONE_NUMBER_ID: "109876543210987",
  WHATSAPP_APP_SECRET: "app-secret",
  WHATSAPP_VERIFY_TOKEN: "verify-token",
  WHATSAPP_API_BASE: base,
  ...extra,
});
const inWindow = Date.now() - 60 * 60 * 1000;
const outsideWindow = Date.now() - 3 * 24 * 60 * 60 * 1000;

beforeAll(async () => {
  table = await createTestTable("outbox-wa");
  wa = await startFakeWhatsAppApi();
  tg = await startFakeTelegramApi();
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "whatsapp", userId: "6281100000001", lastInboundAt: inWindow },
    { channel: "whatsapp", userId: "6281100000002", lastInboundAt: outsideWindow },
    { channel: "whatsapp", userId: "6281100000003", lastInboundAt: inWindow },
  ]);
}, 60_000);
afterAll(async () => {
  await wa.close();
  await tg.close();
});

async function runJob(app: App, id: string) {
  await createSendNowJob(app, id, { now: new Date() });
  await app.outbox.planner.runDue();
  for (let round = 0; round < 5; round++) {
    // One message at a time: the fake's failNext answers go to a known recipient.
    for (const message of await app.outbox.localQueue!.receive(1, 30_000)) {
      if ((await app.outbox.worker.handle(message.message)) === "done")
        await app.outbox.localQueue!.ack(message.handle);
      round = 0;
    }
  }
  return (await app.outbox.jobs.get(id))!;
}

const sentTo = (id: string) =>
  wa.calls.filter((c) => JSON.stringify(c.payload).includes(`Pengumuman ${id}`)).map((c) => c.payload);

describe("WhatsApp", () => {
  it("outside the 24 h window without a template: reported as skipped, never dropped silently", async () => {
    const app = buildTestApp(table, {
      ...whatsappEnv(wa.url),
      ...fastOutboxEnv,
      OUTBOX_CONCURRENCY: "1",
    }).app;
    const job = await runJob(app, "waskip01");
    expect(job.counters).toMatchObject({ total: 3, sent: 2, skipped: 1, queued: 0 });
    expect(job.state).toBe("done");
    expect(
      sentTo("waskip01")
        .map((p) => p.to)
        .sort(),
    ).toEqual(["6281100000001", "6281100000003"]);
    const skipped = (await app.outbox.deliveries.list("waskip01")).find((d) => d.status === "skipped");
    expect(skipped?.recipient.userId).toBe("6281100000002");
    expect(skipped?.lastError).toContain("24 h window");
  });

  it("with a template: the person outside the window gets the template; 130429 is retried; 131026 is blocked", async () => {
    const app = buildTestApp(table, {
      ...whatsappEnv(wa.url, { WHATSAPP_TEMPLATE_NAME: "info_umkm" }),
      ...fastOutboxEnv,
      OUTBOX_CONCURRENCY: "1",
    }).app;
    wa.clear();
    // First recipient: throughput limit once, then fine. Second: undeliverable.
    wa.failNext(whatsappErrors.throughput());
    await createSendNowJob(app, "watmpl01", { text: "Pengumuman watmpl01", now: new Date() });
    await app.outbox.planner.runDue();
    const queue = app.outbox.localQueue!;
    const received = (await queue.receive(10, 30_000)).filter((m) => m.message.jobId === "watmpl01");
    const byUser = new Map(received.map((m) => [m.message.userId, m]));
    expect([...byUser.keys()].sort()).toEqual(["6281100000001", "6281100000002", "6281100000003"]);
    const handle = async (userId: string) => {
      const m = byUser.get(userId)!;
      expect(await app.outbox.worker.handle(m.message)).toBe("done");
      await queue.ack(m.handle);
    };
    wa.failNext(whatsappErrors.throughput()); // 130429 once, then accepted
    await handle("6281100000001");
    wa.failNext(whatsappErrors.undeliverable()); // 131026
    await handle("6281100000003");
    await handle("6281100000002"); // outside the window: the template
    const job = (await app.outbox.jobs.get("watmpl01"))!;
    expect(job.counters).toMatchObject({ total: 3, sent: 2, blocked: 1, skipped: 0, queued: 0 });
    const deliveries = new Map(
      (await app.outbox.deliveries.list("watmpl01")).map((d) => [d.recipient.userId, d]),
    );
    expect(deliveries.get("6281100000001")).toMatchObject({ status: "sent", via: "message", attempts: 1 });
    expect(deliveries.get("6281100000003")).toMatchObject({ status: "blocked" });
    expect(deliveries.get("6281100000002")).toMatchObject({ status: "sent", via: "template" });
    const template = wa.calls.find((c) => c.payload.to === "6281100000002")?.payload;
    expect(template).toMatchObject({ type: "template", template: { name: "info_umkm" } });
    // Refused once with 130429, then sent again (the Graph client may also retry a 429 itself).
    expect(wa.calls.filter((c) => c.payload.to === "6281100000001").length).toBeGreaterThanOrEqual(2);
    const contact = (await table.scanAll()).find(
      (i) => i.pk === "USER#whatsapp#6281100000003" && i.sk === "CONTACT",
    );
    expect(contact?.unreachable).toBe(true);
  });
});

describe("claims and leases", () => {
  it("a delivery left 'sending' by a dead worker is never re-sent: after the lease it is counted as uncertain", async () => {
    const app = buildTestApp(table, { ...telegramEnv(tg.url), ...fastOutboxEnv }).app;
    await seedContacts(table.documentClient, table.tableName, [{ channel: "telegram", userId: "990001" }]);
    const now = new Date();
    const recipient = { channel: "telegram" as const, userId: "990001" };
    // A one-person job, planned (counted) as it is made; the claim below makes the delivery record.
    await app.outbox.jobs.create({
      id: "lease0001",
      kind: "reply",
      recipient,
      audience: { kind: "person" },
      content: { text: "x" },
      createdByLanguage: "id",
      sendAt: now,
      now,
    });
    // A worker claims it and dies before the platform answers.
    const claim = await app.outbox.deliveries.claim("lease0001", recipient, now, 60_000);
    expect(claim.status).toBe("claimed");
    const message = { jobId: "lease0001", ...recipient };
    // While the lease lives, a redelivered message is left for later, not sent.
    expect(await app.outbox.worker.handle(message)).toBe("retry");
    // After the lease: resolved to "uncertain", counted, and still not sent.
    const later = new Date(now.getTime() + 61_000);
    const expired = await app.outbox.deliveries.claim("lease0001", recipient, later, 60_000);
    expect(expired.status).toBe("expired");
    if (expired.status !== "expired") return;
    expect(await app.outbox.deliveries.resolveExpired("lease0001", recipient, expired.token, later)).toBe(
      true,
    );
    expect(await app.outbox.deliveries.resolveExpired("lease0001", recipient, expired.token, later)).toBe(
      false,
    );
    expect(await app.outbox.worker.handle(message)).toBe("done");
    expect(tg.calls.filter((c) => String(c.payload.chat_id) === "990001")).toEqual([]);
    const job = await app.outbox.jobs.get("lease0001");
    expect(job?.counters).toMatchObject({ total: 1, queued: 0, uncertain: 1, sent: 0 });
  });

  it("cancelling a running job: queued deliveries become 'cancelled', nothing more is sent", async () => {
    const app = buildTestApp(table, { ...telegramEnv(tg.url), ...fastOutboxEnv }).app;
    await seedContacts(table.documentClient, table.tableName, [
      { channel: "telegram", userId: "990002" },
      { channel: "telegram", userId: "990003" },
    ]);
    tg.clear();
    await createSendNowJob(app, "cancel001", { text: "batal", now: new Date() });
    await app.outbox.planner.plan("cancel001");
    const running = await app.outbox.jobs.get("cancel001");
    expect(running).toMatchObject({ state: "running", planned: true });
    expect((await app.outbox.jobs.cancel("cancel001", new Date()))?.changed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the worker caches a job for 1 s
    for (const m of await app.outbox.localQueue!.receive(100, 30_000)) {
      if (m.message.jobId !== "cancel001") continue;
      expect(await app.outbox.worker.handle(m.message)).toBe("done");
      await app.outbox.localQueue!.ack(m.handle);
    }
    const job = await app.outbox.jobs.get("cancel001");
    expect(job?.state).toBe("cancelled");
    expect(job?.counters.cancelled).toBe(job?.counters.total);
    expect(job?.counters.queued).toBe(0);
    expect(job?.finishedAt).toBeDefined();
    expect(tg.calls.filter((c) => c.method === "sendMessage" && c.payload.text === "batal")).toEqual([]);
  });
});

describe("rate limiter (virtual clock)", () => {
  const virtual = () => {
    let now = 0;
    return {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
  };

  it("never lets more than N sends into any 1 s window and keeps the rate", async () => {
    const clock = virtual();
    const limiter = createChannelLimiter(
      { perSecond: 25, perChatIntervalMs: 1000 },
      { ...clock, marginMs: 0 },
    );
    const times: number[] = [];
    for (let i = 0; i < 250; i++) {
      await limiter.acquire(`chat${i}`);
      times.push(clock.now());
    }
    for (let i = 25; i < times.length; i++) expect(times[i]! - times[i - 25]!).toBeGreaterThanOrEqual(1000);
    // Evenly spread at the full rate: 250 sends at 25/s, one every 40 ms, the last at 249 x 40 ms.
    expect(times.at(-1)).toBe(249 * 40);
    expect(times.slice(1).every((t, i) => t - times[i]! === 40)).toBe(true);
  });

  it("one chat at most once per interval; a pause holds everyone", async () => {
    const clock = virtual();
    const limiter = createChannelLimiter(
      { perSecond: 1000, perChatIntervalMs: 1000 },
      { ...clock, marginMs: 0 },
    );
    await limiter.acquire("a");
    await limiter.acquire("a");
    expect(clock.now()).toBe(1000);
    limiter.pause(5000);
    await limiter.acquire("b");
    expect(clock.now()).toBe(6000);
    limiter.pauseChat("c", 6000);
    await limiter.acquire("c");
    expect(clock.now()).toBe(12000);
  });
});
