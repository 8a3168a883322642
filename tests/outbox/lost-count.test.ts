// A worker that dies between its batch's settles and their count (one shard ADD per worker batch, a separate
// write): the job still finishes, and its final counters equal its delivery records, through the planner's
// recount.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import type { TestTable } from "../support/store.js";
import { broadcastNow } from "./drain.js";
import { channelContacts, startOutboxApp } from "./seed.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
const tgIds = Array.from({ length: 20 }, (_, i) => String(620_000 + i));
const waIds = Array.from({ length: 10 }, (_, i) => `62813620${String(i).padStart(4, "0")}`);
/** Batch ADDs lost (each holds the counts of up to a batch of settles). */
const lostAdds = 2;
let dropped = 0;
/** The settles those lost ADDs held. */
let lostSent = 0;

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startOutboxApp(
    "lostcount",
    channelContacts({ telegram: tgIds, whatsapp: waIds }),
  ));
  // The first batches' counts never reach DynamoDB, as if their worker died right after the settles.
  table.documentClient.intercept(async (call, next) => {
    const input = call.input as {
      Key?: { sk?: unknown };
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, { N?: string }>;
    };
    const sk = String((input.Key?.sk as { S?: string } | undefined)?.S ?? input.Key?.sk ?? "");
    if (call.operation === "UpdateItem" && sk.startsWith("JOB#CTR#") && dropped < lostAdds) {
      dropped++;
      for (const [alias, name] of Object.entries(input.ExpressionAttributeNames ?? {}))
        if (name === "sent")
          lostSent += Number(input.ExpressionAttributeValues?.[`:d${alias.slice("#c".length)}`]?.N ?? 0);
      throw Object.assign(new Error("injected crash between settle and count"), { name: "InjectedCrash" });
    }
    return next();
  });
}, 120_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

it("counts lost between settle and count are recounted from the records; the job finishes exact", async () => {
  const job = await broadcastNow(app, "lostcount1", "Pengumuman: bazar UMKM hari Minggu.");
  expect(dropped).toBe(lostAdds);
  expect(lostSent).toBeGreaterThanOrEqual(lostAdds);

  // Every recipient got it exactly once, on both channels.
  const tgSends = telegram.calls.filter((c) => c.method === "sendMessage" && c.status === 200);
  expect(tgSends.map((c) => String(c.payload.chat_id)).sort()).toEqual([...tgIds].sort());
  const waSends = whatsapp.calls.filter((c) => typeof c.payload.to === "string");
  expect(waSends.map((c) => String(c.payload.to)).sort()).toEqual([...waIds].sort());

  // The final counters are the delivery records' own.
  const deliveries = await app.outbox.deliveries.list("lostcount1");
  expect(deliveries).toHaveLength(30);
  expect(deliveries.every((d) => d.status === "sent")).toBe(true);
  expect(job.state).toBe("done");
  expect(job.counters).toMatchObject({ total: 30, queued: 0, sent: 30, failed: 0, uncertain: 0 });
  expect(job.recountedAt).toBeDefined();
  // The shards alone are short by exactly the lost batches' counts; the recount's correction makes them up.
  const items = await table.scanAll();
  const fix = items.find((item) => item.pk === "JOB#lostcount1" && item.sk === "JOB#CTR#FX");
  expect(fix).toMatchObject({ sent: lostSent, queued: -lostSent });
}, 120_000);
