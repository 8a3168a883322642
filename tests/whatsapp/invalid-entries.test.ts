// Issue #17 item 8: one invalid status or message (a signed notification Meta would re-send for 7 days on
// any non-200) is logged and skipped; the rest of the same notification is processed and the answer is 200.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { postWhatsApp, waNotification, waStatus, waTextMessage, whatsappEnv } from "./helpers.js";

let table: TestTable;
let fake: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("wa-invalid");
  fake = await startFakeWhatsAppApi();
  test = buildTestApp(table, whatsappEnv(fake.url));
});
afterAll(async () => {
  await fake.close();
});

const repliesTo = (waId: string) => fake.calls.filter((call) => call.payload.to === waId);
const skippedLines = () =>
  test.logs.filter(
    (line) => line.includes('"whatsapp.item_skipped"') || line.includes('"whatsapp.item_failed"'),
  );

describe("invalid entries in a signed WhatsApp notification", () => {
  for (const [what, bad] of [
    ["timestamp 1e300", { timestamp: "1e300" }],
    ["timestamp -5", { timestamp: "-5" }],
    ["timestamp not a number", { timestamp: "soon" }],
    ["error code not a number", { errors: [{ code: "x", title: "Failure" }] }],
    ["status not a string", { status: 7 }],
  ] as const) {
    it(`a failed status with ${what} is skipped and logged; the message beside it is answered, 200`, async () => {
      const sender = `62812900${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
      const status = { ...waStatus("6281290011111", "failed", { errorCode: 131026 }), ...bad };
      const notification = waNotification([waTextMessage(sender, "halo")], { statuses: [status] });
      const logsBefore = skippedLines().length;

      const first = await postWhatsApp(test.app, notification);
      expect(first.status).toBe(200);
      expect(repliesTo(sender).length).toBeGreaterThan(0);
      const logged = skippedLines().slice(logsBefore);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join("\n")).not.toContain("6281290011111");

      // Meta's re-send (duplicates happen) changes nothing and is still 200.
      const replies = repliesTo(sender).length;
      expect((await postWhatsApp(test.app, notification)).status).toBe(200);
      expect(repliesTo(sender).length).toBe(replies);
    });
  }

  it("a message with timestamp 1e300 is skipped; the good message and status of the same POST are processed", async () => {
    const good = "6281290022222";
    const bad = "6281290033333";
    const notification = waNotification(
      [{ ...waTextMessage(bad, "halo"), timestamp: "1e300" }, waTextMessage(good, "halo")],
      // Messages are handled before statuses: the good sender is a known contact by then.
      { statuses: [waStatus(good, "failed", { errorCode: 131026 })] },
    );
    const response = await postWhatsApp(test.app, notification);
    expect(response.status).toBe(200);
    expect(repliesTo(good).length).toBeGreaterThan(0);
    expect(repliesTo(bad)).toHaveLength(0);
    // The good status was recorded against its recipient.
    const contact = (await table.scanAll()).filter((item) => String(item.pk).includes(good));
    expect(JSON.stringify(contact)).toContain("131026");
    expect(test.logs.some((line) => line.includes('"whatsapp.item_skipped"'))).toBe(true);
  });
});
