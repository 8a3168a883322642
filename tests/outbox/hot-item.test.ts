// No hot item: a broadcast to Telegram and WhatsApp recipients counts every settled delivery (one ADD per worker
// batch) and a WhatsApp read receipt on counter shards, never on the job item that holds the 3,500-character text, and the job's
// counters (the planner's total on the job item plus the shards) stay exact.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { counterShards } from "../../functions/lib/store/outbox-jobs.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import type { TestTable } from "../support/store.js";
import { postWhatsApp, waNotification } from "../whatsapp/helpers.js";
import { broadcastNow } from "./drain.js";
import { channelContacts, startOutboxApp } from "./seed.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
const tgIds = Array.from({ length: 40 }, (_, i) => String(610_000 + i));
const waIds = Array.from({ length: 20 }, (_, i) => `62813610${String(i).padStart(4, "0")}`);

/** Every write request's target items (pk, sk) by operation, as sent to DynamoDB. */
const writes: { operation: string; pk: string; sk: string }[] = [];
const text = (value: unknown) =>
  typeof value === "string" ? value : String((value as { S?: string } | undefined)?.S ?? "");

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startOutboxApp(
    "hotitem",
    channelContacts({ telegram: tgIds, whatsapp: waIds }),
  ));
  // Read at the wire (after the document client marshalled the input).
  table.documentClient.intercept(async (call, next) => {
    const input = call.input as {
      TransactItems?: Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>[];
      Key?: Record<string, unknown>;
      Item?: Record<string, unknown>;
    };
    const operation = call.operation;
    for (const entry of input.TransactItems ?? []) {
      for (const [kind, item] of Object.entries(entry)) {
        const key = item.Key ?? item.Item ?? {};
        writes.push({ operation: `Transact${kind}`, pk: text(key.pk), sk: text(key.sk) });
      }
    }
    if (/^(Put|Update|Delete)Item/.test(operation) || /^(Put|Update|Delete)Command/.test(operation)) {
      const key = input.Key ?? input.Item ?? {};
      // Only writes that happened: batches finishing at once each try to mark the job finished, and all but
      // one are refused by their condition (how many depends on timing, not on the number of recipients).
      const result = await next();
      writes.push({ operation, pk: text(key.pk), sk: text(key.sk) });
      return result;
    }
    return next();
  });
}, 120_000);
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

it("settles deliveries and receipts on counter shards, never on the job item", async () => {
  const job = await broadcastNow(app, "hotitem1", `Pengumuman pameran UMKM. ${"Detail acara. ".repeat(250)}`);
  expect(job.content.text!.length).toBeGreaterThan(3_500);
  expect(job.counters).toMatchObject({ total: 60, queued: 0, sent: 60, failed: 0 });

  // One read receipt through the signed webhook: counted once, on a shard.
  const pointer = (await table.scanAll()).find(
    (item) => String(item.pk).startsWith("MSG#whatsapp#") && item.jobId === "hotitem1",
  );
  expect(pointer).toBeDefined();
  const wamid = String(pointer!.pk).slice("MSG#whatsapp#".length);
  const status = {
    id: wamid,
    status: "read",
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: String(pointer!.userId),
  };
  for (let i = 0; i < 2; i++)
    expect((await postWhatsApp(app, waNotification([], { statuses: [status] }))).status).toBe(200);
  expect((await app.outbox.jobs.get("hotitem1"))?.counters).toMatchObject({
    sent: 60,
    delivered: 1,
    read: 1,
  });

  const jobWrites = writes.filter((write) => write.pk === "JOB#hotitem1");
  // Settles (UpdateItem + a shard ADD) and receipts (transactions): none of them touches the job item.
  const transacted = jobWrites.filter((write) => write.operation.startsWith("Transact"));
  expect(transacted.filter((write) => write.sk === "JOB")).toEqual([]);
  const counted = jobWrites.filter((w) => w.sk.startsWith("JOB#CTR#"));
  // One shard ADD per worker batch (up to 8 messages here), not per settle (the receipt's are transactions,
  // recorded per attempt); the batches spread over the shards.
  const adds = counted.filter((w) => !w.operation.startsWith("Transact"));
  expect(adds.length).toBeGreaterThanOrEqual(60 / 8);
  expect(adds.length).toBeLessThanOrEqual(30);
  expect(new Set(adds.map((w) => w.sk)).size).toBeGreaterThanOrEqual(3);
  expect(adds.every((w) => Number(w.sk.slice("JOB#CTR#".length)) < counterShards)).toBe(true);
  // The job item is written a fixed number of times (create, claim, planned count, planned, finished), not per
  // recipient.
  expect(jobWrites.filter((write) => write.sk === "JOB").length).toBeLessThanOrEqual(6);
  // Every counted change, one by one: 60 planned (on the job item, once per page), 60 settled, 1 receipt.
  const items = await table.scanAll();
  const jobItem = items.find((item) => item.pk === "JOB#hotitem1" && item.sk === "JOB");
  expect(jobItem?.counters).toMatchObject({ total: 60, queued: 60 });
  const shards = items.filter((item) => item.pk === "JOB#hotitem1" && String(item.sk).startsWith("JOB#CTR#"));
  const sum = (name: string) => shards.reduce((total, shard) => total + Number(shard[name] ?? 0), 0);
  expect({ total: sum("total"), sent: sum("sent"), queued: sum("queued"), read: sum("read") }).toEqual({
    total: 0,
    sent: 60,
    queued: -60,
    read: 1,
  });
  for (const shard of shards) expect(JSON.stringify(shard)).not.toContain("Detail acara");
}, 120_000);
