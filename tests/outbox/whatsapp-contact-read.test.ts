// A WhatsApp bulk delivery reads the recipient's contact once: the worker's read (which stops people erased
// after planning) is handed to the messenger for the 24 h window, unless a wait made it older than the
// messenger's own read would be. Other senders (notifications, staff answers) still read it themselves.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { recipientFreshMs } from "../../functions/lib/core/outbox/worker.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import { UpdateCommand } from "../../functions/lib/store/dynamo-commands.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { whatsappEnv } from "../whatsapp/helpers.js";
import { createSendNowJob } from "./drain.js";
import { fastOutboxEnv, seedContacts } from "./seed.js";

const hour = 60 * 60 * 1000;
const inside = "6281450000001";
const outside = "6281450000002";
const late = "6281450000003";
let wa: FakeWhatsAppApi;
let table: TestTable;
let staleTable: TestTable;
// The injected clock: the stale case moves it on while the worker holds its copy of the contact.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const removals: (() => void)[] = [];

/** Every DynamoDB request (per attempt) by operation, and the contact reads by WhatsApp number. */
function countRequests(target: TestTable, onContactRead?: (userId: string) => Promise<void>) {
  const seen = { requests: [] as string[], contactReads: new Map<string, number>() };
  removals.push(
    target.documentClient.intercept(async (call, next) => {
      seen.requests.push(call.operation);
      const key = call.input.Key as { pk?: { S?: string }; sk?: { S?: string } } | undefined;
      const pk = key?.pk?.S ?? "";
      const result = await next();
      if (call.operation === "GetItem" && key?.sk?.S === "CONTACT" && pk.startsWith("USER#whatsapp#")) {
        const userId = pk.slice("USER#whatsapp#".length);
        seen.contactReads.set(userId, (seen.contactReads.get(userId) ?? 0) + 1);
        await onContactRead?.(userId);
      }
      return result;
    }),
  );
  return seen;
}

const env = (extra: Record<string, string> = {}) => ({
  ...whatsappEnv(wa.url, { WHATSAPP_TEMPLATE_NAME: "info_umkm" }),
  ...fastOutboxEnv,
  OUTBOX_CONCURRENCY: "1",
  ...extra,
});

/** Plans a broadcast to everyone in the table and runs the worker on each message, one by one. */
async function deliverAll(app: App, id: string) {
  await createSendNowJob(app, id);
  await app.outbox.planner.runDue();
  const queue = app.outbox.localQueue!;
  for (const message of await queue.receive(10, 30_000)) {
    expect(await app.outbox.worker.handle(message.message)).toBe("done");
    await queue.ack(message.handle);
  }
  const deliveries = await app.outbox.deliveries.list(id);
  return new Map(deliveries.map((delivery) => [delivery.recipient.userId, delivery]));
}

const sentTo = (userId: string) =>
  wa.calls.filter((call) => call.payload.to === userId).map((c) => c.payload);

beforeAll(async () => {
  wa = await startFakeWhatsAppApi();
  table = await createTestTable("wa-contact-once");
  staleTable = await createTestTable("wa-contact-stale");
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "whatsapp", userId: inside, lastInboundAt: Date.now() - hour },
    { channel: "whatsapp", userId: outside, lastInboundAt: Date.now() - 3 * 24 * hour },
  ]);
  await seedContacts(staleTable.documentClient, staleTable.tableName, [
    { channel: "whatsapp", userId: late, lastInboundAt: Date.now() - 3 * 24 * hour },
  ]);
}, 60_000);
afterEach(() => {
  for (const remove of removals.splice(0)) remove();
});
afterAll(async () => {
  await wa.close();
});

describe("one contact read per WhatsApp bulk delivery", () => {
  it("the worker's read decides the 24 h window: free text inside it, the template outside it", async () => {
    const { app } = buildTestApp(table, env());
    const seen = countRequests(table);
    wa.clear();
    const deliveries = await deliverAll(app, "waonce01");

    expect(deliveries.get(inside)).toMatchObject({ status: "sent", via: "message" });
    expect(deliveries.get(outside)).toMatchObject({ status: "sent", via: "template" });
    expect(sentTo(inside)).toMatchObject([{ type: "text", text: { body: "Pengumuman waonce01" } }]);
    expect(sentTo(outside)).toMatchObject([{ type: "template", template: { name: "info_umkm" } }]);
    // Read once each (the worker's), never again by the messenger; nothing else is read item by item.
    expect(Object.fromEntries(seen.contactReads)).toEqual({ [inside]: 1, [outside]: 1 });
    expect(seen.requests.filter((operation) => operation === "GetItem")).toHaveLength(2);
  });

  it("a send without the worker's copy (a notification, a staff answer) reads the contact itself", async () => {
    const { app } = buildTestApp(table, env());
    const seen = countRequests(table);
    wa.clear();
    const user = { channel: "whatsapp" as const, userId: inside };
    expect(await app.messengers.whatsapp!.send(user, [{ text: "Balasan petugas" }])).toMatchObject({
      status: "sent",
      via: "message",
    });
    expect(seen.contactReads.get(inside)).toBe(1);
  });
});

describe("a copy older than the messenger's own read", () => {
  it("is read again, so a message the person sent meanwhile opens the window", async () => {
    const { app } = buildTestApp(
      staleTable,
      env({ OUTBOX_LEASE_SECONDS: "60", OUTBOX_VISIBILITY_SECONDS: "120" }),
      { clock },
    );
    // After the worker's read: the wait (pacing, composing) outlasts the bound, and the person writes.
    const seen = countRequests(staleTable, async (userId) => {
      if (userId !== late || seen.contactReads.get(late) !== 1) return;
      offsetMs += recipientFreshMs + 1_000;
      await staleTable.documentClient.send(
        new UpdateCommand({
          TableName: staleTable.tableName,
          Key: { pk: `USER#whatsapp#${late}`, sk: "CONTACT" },
          UpdateExpression: "SET lastInboundAt = :at",
          ExpressionAttributeValues: { ":at": clock.now().getTime() - 1_000 },
        }),
      );
    });
    wa.clear();
    const deliveries = await deliverAll(app, "wastale1");

    expect(seen.contactReads.get(late)).toBe(2);
    expect(deliveries.get(late)).toMatchObject({ status: "sent", via: "message" });
    expect(sentTo(late)).toMatchObject([{ type: "text", text: { body: "Pengumuman wastale1" } }]);
  });
});
