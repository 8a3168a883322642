// A person erased ("hapus data") after a job was planned: the worker's claim makes their record, so the
// worker itself must stop there. Nobody erased is sent anything on either channel, each is counted once
// (also when their queue message comes again), and no record keeps their id or number.

import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { DeleteCommand } from "../../functions/lib/store/dynamo-commands.js";
import { createOutboxPersonalData } from "../../functions/lib/store/outbox-personal-data.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import type { TestTable } from "../support/store.js";
import { createSendNowJob } from "./drain.js";
import { startOutboxApp } from "./seed.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
const kept = { channel: "telegram" as const, userId: "630001" };
const erasedTg = { channel: "telegram" as const, userId: "630002" };
const erasedWa = { channel: "whatsapp" as const, userId: "6281363000003" };

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startOutboxApp("erasedrcpt", [
    kept,
    erasedTg,
    { ...erasedWa, lastInboundAt: Date.now() - 60_000 },
  ]));
}, 120_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const drain = async () => {
  for (let round = 0; round < 3; round++) {
    for (const message of await app.outbox.localQueue!.receive(10, 30_000)) {
      if ((await app.outbox.worker.handle(message.message)) === "done")
        await app.outbox.localQueue!.ack(message.handle);
      round = 0;
    }
  }
};

it("sends nothing to people erased after planning, counts them once, keeps no id", async () => {
  await createSendNowJob(app, "erasedrcpt1", { text: "Pengumuman pasar murah", now: new Date() });
  expect(await app.outbox.planner.plan("erasedrcpt1")).toBe(true);
  // Erased before their queue messages are handled: the contact goes, the outbox holder runs.
  const eraser = createOutboxPersonalData({ client: table.documentClient, tableName: table.tableName });
  for (const user of [erasedTg, erasedWa]) {
    await table.documentClient.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk: `USER#${user.channel}#${user.userId}`, sk: "CONTACT" },
      }),
    );
    await eraser.forgetUser(user, new Date());
  }
  await drain();
  // The same messages again (a planner resume or a redelivery): nothing more is sent or counted.
  await app.outbox.queue.send([kept, erasedTg, erasedWa].map((user) => ({ jobId: "erasedrcpt1", ...user })));
  await drain();
  // The eraser again, now that the records exist (anonymous already): nothing changes.
  for (const user of [erasedTg, erasedWa]) await eraser.forgetUser(user, new Date());

  const tgChats = telegram.calls
    .filter((c) => c.method === "sendMessage")
    .map((c) => String(c.payload.chat_id));
  expect(tgChats).toEqual([kept.userId]);
  expect(whatsapp.calls.filter((c) => c.payload.to === erasedWa.userId)).toEqual([]);

  const job = await app.outbox.jobs.get("erasedrcpt1");
  expect(job).toMatchObject({ state: "done" });
  expect(job?.counters).toMatchObject({ total: 3, queued: 0, sent: 1, skipped: 2 });
  const deliveries = await app.outbox.deliveries.list("erasedrcpt1");
  expect(deliveries.map((d) => d.status).sort()).toEqual(["sent", "skipped", "skipped"]);
  const dump = JSON.stringify(await table.scanAll());
  expect(dump).not.toContain(erasedTg.userId);
  expect(dump).not.toContain(erasedWa.userId);
}, 60_000);
