// The outbox engine end to end on DynamoDB Local and the fake Bot API: 1,000 recipients, injected 429 /
// 403 / 500, exact counters, blocked contacts marked, nothing sent twice, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { OutboxJob } from "../../functions/lib/core/outbox/model.js";
import { type FakeTelegramApi, startFakeTelegramApi, telegramErrors } from "../fakes/telegram-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { waitFor } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { createSendNowJob } from "./drain.js";
import { fastOutboxEnv, seedContacts } from "./seed.js";

let table: TestTable;
let fake: FakeTelegramApi;
let app: App;

const recipients = 1000;
const firstId = 500_000;
const ids = Array.from({ length: recipients }, (_, i) => String(firstId + i));
const blockedIds = ids.filter((_, i) => i % 50 === 7); // 20 chats have blocked the bot
const brokenIds = ids.filter((_, i) => i % 100 === 13); // 10 chats: Telegram answers 500 every time
const flakyIds = ids.filter((_, i) => i % 100 === 21); // 10 chats: one 500, then fine
const slowIds = ids.filter((_, i) => i % 200 === 33); // 5 chats: 429 retry_after once
const alreadyUnreachable = ids.filter((_, i) => i % 250 === 99); // 4 known unreachable: never called

beforeAll(async () => {
  table = await createTestTable("outbox");
  fake = await startFakeTelegramApi();
  app = buildTestApp(table, { ...telegramEnv(fake.url), ...fastOutboxEnv }).app;
  await seedContacts(
    table.documentClient,
    table.tableName,
    ids.map((userId) => ({
      channel: "telegram" as const,
      userId,
      unreachable: alreadyUnreachable.includes(userId),
    })),
  );
  for (const id of blockedIds) fake.failChat(id, [telegramErrors.blocked()], { always: true });
  for (const id of brokenIds) fake.failChat(id, [telegramErrors.serverError()], { always: true });
  for (const id of flakyIds) fake.failChat(id, [telegramErrors.serverError()]);
  for (const id of slowIds) fake.failChat(id, [telegramErrors.tooManyRequests(1)]);
}, 120_000);

afterAll(async () => {
  await fake.close();
});

const successfulSendsByChat = () => {
  const counts = new Map<string, number>();
  for (const call of fake.calls) {
    if (call.method === "sendMessage" && call.status === 200) {
      const chat = String(call.payload.chat_id);
      counts.set(chat, (counts.get(chat) ?? 0) + 1);
    }
  }
  return counts;
};

describe("outbox engine: 1,000 recipients", () => {
  let job: OutboxJob;

  it("delivers to everyone exactly once with exact counters", async () => {
    job = await createSendNowJob(app, "engine1000", {
      text: "Pengumuman: pelatihan tapis hari Sabtu.",
      now: new Date(),
    });
    const runner = app.outbox.startLocal();
    try {
      job = await waitFor(
        async () => {
          const current = await app.outbox.jobs.get(job.id);
          return current?.state === "done" ? current : undefined;
        },
        200_000,
        "the job to finish",
      );
    } finally {
      await runner.stop();
    }

    const sent = recipients - blockedIds.length - brokenIds.length - alreadyUnreachable.length;
    expect(job.counters).toEqual({
      total: recipients,
      queued: 0,
      sent,
      failed: brokenIds.length,
      blocked: blockedIds.length + alreadyUnreachable.length,
      skipped: 0,
      uncertain: 0,
      cancelled: 0,
      held: 0,
      // Telegram sends no receipts: nothing is ever counted as delivered or read here.
      delivered: 0,
      read: 0,
    });
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt!);

    // At the platform: every reachable chat accepted exactly one message, nobody got two.
    const byChat = successfulSendsByChat();
    expect([...byChat.values()].every((count) => count === 1)).toBe(true);
    const failing = new Set([...blockedIds, ...brokenIds, ...alreadyUnreachable]);
    expect(ids.filter((id) => !failing.has(id)).every((id) => byChat.get(id) === 1)).toBe(true);
    expect(byChat.size).toBe(sent);
    // Known-unreachable contacts are not even tried; broken chats are tried maxAttempts (3) times.
    const attemptsAt = (id: string) =>
      fake.calls.filter((c) => c.method === "sendMessage" && String(c.payload.chat_id) === id).length;
    expect(alreadyUnreachable.map(attemptsAt)).toEqual(alreadyUnreachable.map(() => 0));
    expect(brokenIds.map(attemptsAt)).toEqual(brokenIds.map(() => 3));
    expect(flakyIds.map(attemptsAt)).toEqual(flakyIds.map(() => 2));
    expect(slowIds.map(attemptsAt)).toEqual(slowIds.map(() => 2));
    expect(blockedIds.map(attemptsAt)).toEqual(blockedIds.map(() => 1));
  }, 240_000);

  it("records every recipient's delivery and marks blocked contacts unreachable", async () => {
    const deliveries = await app.outbox.deliveries.list("engine1000");
    expect(deliveries).toHaveLength(recipients);
    const status = new Map(deliveries.map((d) => [d.recipient.userId, d]));
    for (const id of brokenIds) {
      expect(status.get(id)?.status).toBe("failed");
      expect(status.get(id)?.lastError).toMatch(/gave up after 3 attempts: 500/);
    }
    for (const id of blockedIds) expect(status.get(id)?.status).toBe("blocked");
    const items = await table.scanAll();
    const contact = (id: string) =>
      items.find((item) => item.pk === `USER#telegram#${id}` && item.sk === "CONTACT");
    for (const id of blockedIds) {
      expect(contact(id)?.unreachable).toBe(true);
      expect(String(contact(id)?.unreachableReason)).toMatch(/blocked/);
    }
    expect(contact(flakyIds[0]!)?.unreachable).toBe(false);
    // Nothing left on the local queue and nothing dead-lettered.
    expect(await app.outbox.localQueue!.depth()).toBe(0);
    expect(await app.outbox.localQueue!.deadLetters()).toEqual([]);
  });

  it("a re-run of the planner and redelivered queue messages change nothing", async () => {
    const before = fake.calls.length;
    // Queue every recipient again, as a redelivering queue or a crashed planner would.
    await app.outbox.queue.send(
      ids.slice(0, 100).map((userId) => ({ jobId: "engine1000", channel: "telegram" as const, userId })),
    );
    expect(await app.outbox.planner.plan("engine1000")).toBe(false); // already planned
    for (const message of await app.outbox.localQueue!.receive(100, 10_000)) {
      expect(await app.outbox.worker.handle(message.message)).toBe("done");
      await app.outbox.localQueue!.ack(message.handle);
    }
    expect(fake.calls.length).toBe(before);
    const job = await app.outbox.jobs.get("engine1000");
    expect(job?.counters.total).toBe(recipients);
    expect(job?.counters.sent).toBe(
      recipients - blockedIds.length - brokenIds.length - alreadyUnreachable.length,
    );
  }, 60_000);
});
