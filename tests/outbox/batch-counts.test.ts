// The settles of a worker batch are counted together (one counter-shard ADD per job, not one per delivery),
// and a batch that runs long (a rate-limited send) still writes what it holds within the hold, so the staff's
// counters move while it runs; the job finishes once the batch closes.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { waitFor } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { createSendNowJob } from "./drain.js";
import { fastOutboxEnv, seedContacts } from "./seed.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let app: App;
const ids = ["630001", "630002", "630003"];
/** Counter-shard writes outside transactions, as sent to DynamoDB. */
let shardAdds = 0;

beforeAll(async () => {
  table = await createTestTable("batchcounts");
  telegram = await startFakeTelegramApi();
  // Lease 2 s: a count is held at most 0.5 s.
  app = buildTestApp(table, { ...telegramEnv(telegram.url), ...fastOutboxEnv }).app;
  await seedContacts(
    table.documentClient,
    table.tableName,
    ids.map((userId) => ({ channel: "telegram" as const, userId })),
  );
  table.documentClient.intercept(async (call, next) => {
    const input = call.input as { Key?: { sk?: unknown } };
    const sk = String((input.Key?.sk as { S?: string } | undefined)?.S ?? input.Key?.sk ?? "");
    if (call.operation === "UpdateItem" && sk.startsWith("JOB#CTR#")) shardAdds++;
    return next();
  });
}, 60_000);
afterAll(async () => {
  await telegram.close();
});

it("counts a batch with one ADD, moves the counters during a long batch, finishes the job at its close", async () => {
  await createSendNowJob(app, "batchcounts1", { text: "Pengumuman: pasar murah.", now: new Date() });
  await app.outbox.planner.runDue();
  const received = await app.outbox.localQueue!.receive(10, 30_000);
  expect(received.map((r) => r.message.userId).sort()).toEqual(ids);
  const slow = received.find((r) => r.message.userId === "630003")!;
  const fast = received.filter((r) => r !== slow);
  // The last one is refused once with a 2-second retry_after: its batch stays open meanwhile.
  telegram.failChat("630003", [
    {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 2",
        parameters: { retry_after: 2 },
      },
    },
  ]);

  const batch = app.outbox.worker.batch();
  for (const message of fast) expect(await batch.handle(message.message)).toBe("done");
  let slowDone = false;
  const slowResult = batch.handle(slow.message).then((result) => {
    slowDone = true;
    return result;
  });
  // The two settled counts are written (one ADD) while the slow message still waits.
  const live = await waitFor(
    async () => {
      const job = await app.outbox.jobs.get("batchcounts1");
      return job && job.counters.sent === 2 ? job : undefined;
    },
    1_800,
    "the first two counts to land while the batch is open",
  );
  expect(slowDone).toBe(false);
  expect(live.counters).toMatchObject({ total: 3, queued: 1, sent: 2 });
  expect(live.finishedAt).toBeUndefined();
  expect(shardAdds).toBe(1);

  expect(await slowResult).toBe("done");
  await batch.close();
  const job = await app.outbox.jobs.get("batchcounts1");
  expect(job?.counters).toMatchObject({ total: 3, queued: 0, sent: 3, failed: 0 });
  expect(job?.finishedAt).toBeDefined();
  expect(shardAdds).toBe(2);
  // Exactly one message per person, the refused one sent on its retry.
  const sends = telegram.calls.filter((c) => c.method === "sendMessage");
  expect(
    sends
      .filter((c) => c.status === 200)
      .map((c) => String(c.payload.chat_id))
      .sort(),
  ).toEqual(ids);
  expect(sends.filter((c) => c.status === 429)).toHaveLength(1);
}, 60_000);
