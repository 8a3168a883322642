// Property-based: thousands of random and malformed platform payloads never produce a 5xx.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaHttpHandler } from "../../functions/lib/http/lambda.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { post, type TestApp, telegramSecret } from "../support/app.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { sign, waPhoneNumberId } from "../whatsapp/helpers.js";

let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ telegram, whatsapp, test } = await startTwoChannelApp({ name: "fuzz" }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const tgHeaders = { "x-telegram-bot-api-secret-token": telegramSecret };

// Shapes close to real updates, with every field free to be wrong.
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
  fc.jsonValue(),
);
const user = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), anyValue),
    is_bot: fc.oneof(fc.boolean(), anyValue),
    first_name: fc.oneof(fc.string(), anyValue),
  },
  { requiredKeys: [] },
);
const chat = fc.record(
  {
    id: fc.oneof(fc.integer(), anyValue),
    type: fc.oneof(fc.constantFrom("private", "group", "supergroup", "channel"), anyValue),
  },
  { requiredKeys: [] },
);
const message = fc.record(
  {
    message_id: fc.oneof(fc.integer(), anyValue),
    date: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), anyValue),
    chat,
    from: user,
    text: fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("/start", "/daftar", "menu", "promo", "batal", "BERHENTI"),
      anyValue,
    ),
    caption: fc.string(),
    sticker: fc.object(),
    contact: fc.record(
      { phone_number: fc.oneof(fc.string(), anyValue), user_id: anyValue },
      { requiredKeys: [] },
    ),
    location: fc.record({ latitude: anyValue, longitude: anyValue }, { requiredKeys: [] }),
    photo: fc.oneof(
      fc.array(fc.record({ file_id: fc.oneof(fc.string(), anyValue) }, { requiredKeys: [] })),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);
const telegramUpdate = fc.record(
  {
    update_id: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), anyValue),
    message,
    edited_message: message,
    callback_query: fc.record(
      { id: fc.string(), from: user, data: fc.oneof(fc.string({ maxLength: 80 }), anyValue), message },
      { requiredKeys: [] },
    ),
    my_chat_member: fc.object(),
  },
  { requiredKeys: [] },
);

const waValue = fc.record(
  {
    messaging_product: fc.oneof(fc.constant("whatsapp"), anyValue),
    metadata: fc.record(
      {
        phone_number_id: fc.oneof(fc.constant(waPhoneNumberId), anyValue),
        display_phone_number: fc.string(),
      },
      { requiredKeys: [] },
    ),
    contacts: fc.oneof(
      fc.array(
        fc.record(
          {
            wa_id: fc.oneof(fc.stringMatching(/^628\d{8,11}$/), anyValue),
            profile: fc.record({ name: fc.string() }),
          },
          { requiredKeys: [] },
        ),
      ),
      anyValue,
    ),
    messages: fc.oneof(
      fc.array(
        fc.record(
          {
            from: fc.oneof(fc.stringMatching(/^628\d{8,11}$/), anyValue),
            id: fc.oneof(
              fc.string({ minLength: 1, maxLength: 40 }).map((s) => `wamid.${s}`),
              anyValue,
            ),
            timestamp: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }).map(String), anyValue),
            type: fc.oneof(
              fc.constantFrom(
                "text",
                "interactive",
                "image",
                "location",
                "contacts",
                "sticker",
                "audio",
                "reaction",
                "unknown",
              ),
              anyValue,
            ),
            text: fc.record(
              { body: fc.oneof(fc.string({ maxLength: 300 }), anyValue) },
              { requiredKeys: [] },
            ),
            interactive: fc.oneof(
              fc.jsonValue(),
              fc.record({
                type: fc.constantFrom("button_reply", "list_reply"),
                button_reply: fc.record({ id: fc.string(), title: fc.string() }),
              }),
            ),
            image: fc.oneof(fc.jsonValue(), fc.record({ id: fc.string(), caption: fc.string() })),
            location: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      anyValue,
    ),
    statuses: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.string(),
            status: fc.constantFrom("sent", "delivered", "read", "failed"),
            recipient_id: fc.string(),
            errors: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);
const waNotification = fc.record(
  {
    object: fc.oneof(fc.constant("whatsapp_business_account"), anyValue),
    entry: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.string(),
            changes: fc.oneof(
              fc.array(fc.record({ field: fc.constant("messages"), value: waValue }), { maxLength: 2 }),
              anyValue,
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

describe("fuzzed webhooks", () => {
  it("never answers 5xx to random Telegram updates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(telegramUpdate, fc.jsonValue()), async (update) => {
        const response = await test.app.http(post("/telegram", JSON.stringify(update) ?? "null", tgHeaders));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 600 },
    );
  });

  it("never answers 5xx to random signed WhatsApp notifications", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(waNotification, fc.jsonValue()), async (payload) => {
        const raw = JSON.stringify(payload) ?? "null";
        const response = await test.app.http(post("/whatsapp", raw, { "x-hub-signature-256": sign(raw) }));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 600 },
    );
  });

  it("answers random bytes with 4xx on every route and method", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/telegram", "/whatsapp", "/health", "/nope"),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", undefined),
        async (path, method, bytes, type) => {
          const raw = Buffer.from(bytes);
          const headers: Record<string, string> = { ...tgHeaders, "x-hub-signature-256": sign(raw) };
          if (type) headers["content-type"] = type;
          const response = await test.app.http({ method, path, headers, query: {}, rawBody: raw });
          expect(response.status).toBeLessThan(500);
          if (path !== "/health" && method === "POST") expect(response.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses wrong content types with 415 and bodies over 1 MB with 413", async () => {
    const update = JSON.stringify({ update_id: 1, message: { text: "x" } });
    const wrongType = await test.app.http(
      post("/telegram", update, { ...tgHeaders, "content-type": "text/plain" }),
    );
    expect(wrongType.status).toBe(415);
    const handler = createLambdaHttpHandler(test.app.http);
    const big = await handler({
      rawPath: "/telegram",
      requestContext: { http: { method: "POST" } },
      headers: tgHeaders,
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(big.statusCode).toBe(413);
  });
});
