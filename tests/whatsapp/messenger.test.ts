// Sending on WhatsApp: the 24 h window, the approved template outside it, and Graph API errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../functions/lib/core/ports.js";
import {
  type FakeWhatsAppApi,
  graphError,
  startFakeWhatsAppApi,
  whatsappErrors,
} from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { neutralOf, postWhatsApp, waNotification, waTextMessage, whatsappEnv } from "./helpers.js";

const hour = 60 * 60 * 1000;
let table: TestTable;
let fake: FakeWhatsAppApi;
let current = Date.now();
const clock: Clock = { now: () => new Date(current) };
let withTemplate: TestApp;
let withoutTemplate: TestApp;

beforeAll(async () => {
  table = await createTestTable("wa-send");
  fake = await startFakeWhatsAppApi();
  withTemplate = buildTestApp(
    table,
    whatsappEnv(fake.url, {
      WHATSAPP_TEMPLATE_NAME: "pesan_layanan_umkm",
      WHATSAPP_TEMPLATE_LANGUAGE: "id",
      WHATSAPP_TEMPLATE_PARAMS: "name,text",
    }),
    { clock },
  );
  withoutTemplate = buildTestApp(table, whatsappEnv(fake.url), { clock });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clear();
  current = Date.now();
});

let nextNumber = 6281300000000;
const newUser = () => String(++nextNumber);
const user = (userId: string) => ({ channel: "whatsapp" as const, userId });
const contactOf = async (waId: string) =>
  (await table.scanAll()).find((item) => item.pk === `USER#whatsapp#${waId}` && item.sk === "CONTACT");

/** The person writes "halo" now (opens the window); the reply is cleared from the fake. */
async function writesNow(test: TestApp, waId: string, name = "Rina") {
  expect(
    (await postWhatsApp(test.app, waNotification([waTextMessage(waId, "halo")], { names: { [waId]: name } })))
      .status,
  ).toBe(200);
  fake.clear();
}

const announcement = [
  { text: "Pasar UMKM Bung Karno buka\nSabtu 06.00–10.00.", choices: [{ id: "menu", label: "Menu" }] },
];

describe("the 24-hour customer service window", () => {
  it("sends free-form (interactive) messages inside the window", async () => {
    const waId = newUser();
    await writesNow(withTemplate, waId);
    current += 23 * hour;
    const outcome = await withTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({
      status: "sent",
      via: "message",
      messageIds: [expect.stringMatching(/^wamid\./)],
    });
    expect(fake.calls).toHaveLength(1);
    expect(neutralOf(fake.calls[0]!.payload)).toMatchObject({ kind: "buttons", choices: [{ id: "menu" }] });
  });

  it("sends the configured approved template outside the window, with its parameters", async () => {
    const waId = newUser();
    await writesNow(withTemplate, waId, "Rina");
    current += 25 * hour;
    const outcome = await withTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({
      status: "sent",
      via: "template",
      messageIds: [expect.stringMatching(/^wamid\./)],
    });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.payload).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: waId,
      type: "template",
      template: {
        name: "pesan_layanan_umkm",
        language: { code: "id" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Rina" },
              // Meta refuses newlines in parameters: flattened.
              { type: "text", text: "Pasar UMKM Bung Karno buka Sabtu 06.00–10.00." },
            ],
          },
        ],
      },
    });
  });

  it("sends nothing outside the window without a template, and says why", async () => {
    const waId = newUser();
    await writesNow(withoutTemplate, waId);
    current += 25 * hour;
    const outcome = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({ status: "failed", reason: "outside-window", retryable: false });
    expect(fake.calls).toHaveLength(0);
    // Someone who never wrote to us is outside the window too.
    const stranger = await withoutTemplate.app.messengers.whatsapp!.send(user(newUser()), announcement);
    expect(stranger).toEqual({ status: "failed", reason: "outside-window", retryable: false });
    expect(fake.calls).toHaveLength(0);
  });

  it("falls back to the template when Meta says 131047 (outside the window)", async () => {
    const waId = newUser();
    await writesNow(withTemplate, waId);
    fake.failNext(whatsappErrors.outsideWindow());
    const outcome = await withTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({
      status: "sent",
      via: "template",
      messageIds: [expect.stringMatching(/^wamid\./)],
    });
    expect(fake.calls.map((call) => call.payload.type)).toEqual(["interactive", "template"]);

    fake.clear();
    fake.failNext(whatsappErrors.outsideWindow());
    const plain = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(plain).toEqual({ status: "failed", reason: "outside-window", retryable: false });
    expect(fake.calls).toHaveLength(1);
  });
});

describe("Graph API errors", () => {
  it("131026 (undeliverable): blocked, the contact is marked unreachable and skipped afterwards", async () => {
    const waId = newUser();
    await writesNow(withoutTemplate, waId);
    fake.failNext(whatsappErrors.undeliverable());
    const outcome = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({ status: "blocked", reason: "undeliverable" });
    const contact = await contactOf(waId);
    expect(contact?.unreachable).toBe(true);
    expect(contact?.unreachableReason).toContain("131026");
    fake.clear();
    const again = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(again.status).toBe("blocked");
    expect(fake.calls).toHaveLength(0);
    // Writing to us again makes the chat work again.
    await writesNow(withoutTemplate, waId);
    expect((await contactOf(waId))?.unreachable).toBe(false);
  });

  it("130429 and 131056 (slow down): failed and retryable", async () => {
    const waId = newUser();
    await writesNow(withoutTemplate, waId);
    for (const response of [whatsappErrors.throughput(), whatsappErrors.pairRate()]) {
      fake.failNext(response);
      const outcome = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
      expect(outcome).toMatchObject({ status: "failed", retryable: true });
      expect(outcome.status === "failed" && outcome.reason).toContain(
        String((response.body as { error: { code: number } }).error.code),
      );
    }
  });

  it("131048 (spam limit): failed, not retryable, and logged loudly", async () => {
    const waId = newUser();
    await writesNow(withoutTemplate, waId);
    fake.failNext(whatsappErrors.spam());
    const outcome = await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement);
    expect(outcome).toEqual({ status: "failed", reason: "spam-limit", retryable: false, sentReplies: 0 });
    const line = withoutTemplate.logs
      .map((entry) => JSON.parse(entry))
      .find((entry) => entry.event === "whatsapp.spam_rate_limit");
    expect(line?.level).toBe("error");
    expect(line?.code).toBe(131048);
  });

  it("other errors: retryable only for server errors", async () => {
    const waId = newUser();
    await writesNow(withoutTemplate, waId);
    fake.failNext(graphError(100, "Invalid parameter"));
    expect(await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement)).toMatchObject({
      status: "failed",
      retryable: false,
    });
    fake.failNext(graphError(2, "Service temporarily unavailable", { status: 503 }));
    expect(await withoutTemplate.app.messengers.whatsapp!.send(user(waId), announcement)).toMatchObject({
      status: "failed",
      retryable: true,
    });
  });

  it("a reply that hits an error still answers the webhook 200 (the turn is committed)", async () => {
    const waId = newUser();
    fake.failNext(whatsappErrors.spam());
    const response = await postWhatsApp(withoutTemplate.app, waNotification([waTextMessage(waId, "halo")]));
    expect(response.status).toBe(200);
    expect(await contactOf(waId)).toBeDefined();
    expect(withoutTemplate.logs.join("\n")).toContain("reply.not_sent");
  });
});
