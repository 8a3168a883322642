// A worker process killed (SIGKILL) in the middle of a job, then a fresh worker: no recipient gets the
// message twice, every recipient ends in an explicit, counted state.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { exited, spawnScript, waitFor } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { createSendNowJob } from "./drain.js";
import { fastOutboxEnv, seedContacts } from "./seed.js";

let table: TestTable;
let fake: FakeTelegramApi;
let app: App;
const recipients = 400;
const ids = Array.from({ length: recipients }, (_, i) => String(700_000 + i));

beforeAll(async () => {
  table = await createTestTable("outbox-kill");
  // Every answer takes a while, so the kill lands while sends are in flight.
  fake = await startFakeTelegramApi({ latencyMs: 40 });
  app = buildTestApp(table, { ...telegramEnv(fake.url), ...fastOutboxEnv }).app;
  await seedContacts(
    table.documentClient,
    table.tableName,
    ids.map((userId) => ({ channel: "telegram" as const, userId })),
  );
}, 60_000);

afterAll(async () => {
  await fake.close();
});

it("a killed worker and a fresh one: no duplicates, no losses, in-flight sends counted as uncertain", async () => {
  await createSendNowJob(app, "killrestart", { text: "Info pasar akhir pekan", now: new Date() });
  const child = spawnScript("tests/outbox/fixtures/worker-process.ts", {
    ...fastOutboxEnv,
    ...telegramEnv(fake.url),
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  try {
    await waitFor(
      async () => (fake.calls.filter((c) => c.method === "sendMessage").length >= 120 ? true : undefined),
      60_000,
      "the first worker to send part of the job",
    );
  } finally {
    child.kill("SIGKILL");
    await exited(child);
  }
  const atKill = await app.outbox.jobs.get("killrestart");
  expect(atKill?.state).toBe("running");
  expect(atKill!.counters.sent).toBeLessThan(recipients);

  const runner = app.outbox.startLocal();
  let job: Awaited<ReturnType<typeof app.outbox.jobs.get>>;
  try {
    job = await waitFor(
      async () => {
        const current = await app.outbox.jobs.get("killrestart");
        return current?.state === "done" ? current : undefined;
      },
      90_000,
      "the fresh worker to finish the job",
    );
  } finally {
    await runner.stop();
  }

  // At the fake platform: nobody received the message twice.
  const received = new Map<string, number>();
  for (const call of fake.calls) {
    if (call.method !== "sendMessage" || call.status !== 200) continue;
    const chat = String(call.payload.chat_id);
    received.set(chat, (received.get(chat) ?? 0) + 1);
  }
  expect([...received.entries()].filter(([, count]) => count > 1)).toEqual([]);

  // Every recipient is accounted for: sent (received exactly once) or uncertain (killed mid-send).
  const deliveries = await app.outbox.deliveries.list("killrestart");
  expect(deliveries).toHaveLength(recipients);
  const byStatus = (status: string) => deliveries.filter((d) => d.status === status);
  expect(byStatus("sent").length + byStatus("uncertain").length).toBe(recipients);
  for (const d of byStatus("sent")) expect(received.get(d.recipient.userId)).toBe(1);
  for (const d of byStatus("uncertain")) expect(received.get(d.recipient.userId) ?? 0).toBeLessThanOrEqual(1);
  // Only the sends in flight at the kill can be uncertain (at most the worker's concurrency).
  expect(byStatus("uncertain").length).toBeLessThanOrEqual(Number(fastOutboxEnv.OUTBOX_CONCURRENCY));
  expect(job!.counters).toMatchObject({
    total: recipients,
    queued: 0,
    sent: byStatus("sent").length,
    uncertain: byStatus("uncertain").length,
    failed: 0,
    blocked: 0,
  });
  // Recipients that never got it are exactly uncertain ones whose send did not reach the platform.
  const missing = ids.filter((id) => !received.has(id));
  expect(
    missing.every((id) => deliveries.find((d) => d.recipient.userId === id)?.status === "uncertain"),
  ).toBe(true);
}, 180_000);
