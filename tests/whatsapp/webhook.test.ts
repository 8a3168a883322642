// The WhatsApp channel end to end inside the process: the real app, DynamoDB Local, a fake Graph API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLambdaHttpHandler } from "../../functions/lib/http/lambda.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi, whatsappErrors } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import {
  neutralOf,
  postWhatsApp,
  sign,
  waAppSecret,
  waButtonReply,
  waListReply,
  waMessage,
  waNotification,
  waPhoneNumberId,
  waStatus,
  waTextMessage,
  waToken,
  waVerifyToken,
  whatsappEnv,
} from "./helpers.js";

let table: TestTable;
let fake: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("whatsapp");
  fake = await startFakeWhatsAppApi();
  test = buildTestApp(table, whatsappEnv(fake.url));
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clear();
  table.faults.down = false;
});

let nextNumber = 6281200000000;
const newUser = () => String(++nextNumber);
const sent = () => fake.calls.map((call) => call.payload);
const sentTo = (waId: string) => sent().filter((payload) => payload.to === waId);
const contactOf = async (waId: string) =>
  (await table.scanAll()).find((item) => item.pk === `USER#whatsapp#${waId}` && item.sk === "CONTACT");

const verifyRequest = (query: Record<string, string | undefined>) =>
  test.app.http({ method: "GET", path: "/whatsapp", headers: {}, query, rawBody: Buffer.alloc(0) });

describe("WhatsApp webhook verification (GET)", () => {
  it("echoes the challenge as text when the verify token matches", async () => {
    const response = await verifyRequest({
      "hub.mode": "subscribe",
      "hub.verify_token": waVerifyToken,
      "hub.challenge": "1158201444",
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe("1158201444");
    expect(response.headers?.["content-type"]).toContain("text/plain");
  });

  it("refuses a wrong token, a missing token and a wrong mode with 403", async () => {
    for (const query of [
      { "hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.challenge": "1" },
      { "hub.mode": "unsubscribe", "hub.verify_token": waVerifyToken, "hub.challenge": "1" },
    ]) {
      const response = await verifyRequest(query);
      expect(response.status).toBe(403);
      expect(response.body).not.toBe("1");
    }
  });
});

describe("WhatsApp webhook notifications (POST)", () => {
  it("refuses a bad or missing signature and stores nothing", async () => {
    const user = newUser();
    const body = waNotification([waTextMessage(user, "halo")]);
    const before = (await table.scanAll()).length;
    expect((await postWhatsApp(test.app, body, { signature: null })).status).toBe(401);
    expect(
      (await postWhatsApp(test.app, body, { signature: sign(JSON.stringify(body), "another-secret") }))
        .status,
    ).toBe(403);
    expect((await postWhatsApp(test.app, body, { signature: "sha256=zz" })).status).toBe(403);
    expect((await postWhatsApp(test.app, body, { signature: sign("{}") })).status).toBe(403);
    expect((await table.scanAll()).length).toBe(before);
    expect(fake.calls).toHaveLength(0);
  });

  it('answers a signed "halo" with the main menu as reply buttons or a list', async () => {
    const user = newUser();
    const response = await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    expect(response.status).toBe(200);
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.version).toBe("v21.0");
    expect(call?.phoneNumberId).toBe(waPhoneNumberId);
    expect(call?.authorization).toBe(`Bearer ${waToken}`);
    expect(call?.payload).toMatchObject({ messaging_product: "whatsapp", to: user, type: "interactive" });
    const menu = neutralOf(call!.payload);
    // Up to 3 entries are buttons, up to 10 a list (the menu grows as features arrive).
    expect(menu.kind).toBe(menu.choices.length <= 3 ? "buttons" : "list");
    expect(menu.text).toContain("Selamat datang di Layanan UMKM Kota Bandar Lampung");
    expect(menu.choices.map((choice) => choice.id)).toEqual(expect.arrayContaining(["lang", "help"]));
    const titleLimit = menu.kind === "buttons" ? 20 : 24;
    for (const choice of menu.choices) expect(choice.label.length).toBeLessThanOrEqual(titleLimit);
    expect(new Set(menu.choices.map((choice) => choice.id)).size).toBe(menu.choices.length);
    const contact = await contactOf(user);
    expect(contact?.displayName).toBe("Siti");
    expect(typeof contact?.lastInboundAt).toBe("number");
  });

  it("lets a button reply and a list reply drive the menu", async () => {
    const user = newUser();
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    await postWhatsApp(test.app, waNotification([waButtonReply(user, "lang", "🌐 Bahasa / Language")]));
    const prompt = neutralOf(sent().at(-1)!);
    expect(prompt.text).toContain("Please choose a language");
    expect(prompt.choices.map((choice) => choice.id)).toEqual(["lang:id", "lang:en"]);
    await postWhatsApp(test.app, waNotification([waListReply(user, "lang:en", "English")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("I will use English");
    expect((await contactOf(user))?.language).toBe("en");
    await postWhatsApp(test.app, waNotification([waButtonReply(user, "help", "❓ Help")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("How to use this service");
  });

  it("answers a menu message with 2 store requests: one query, one transaction (no claim, no contact read)", async () => {
    const user = newUser();
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    const before = table.faults.calls;
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "menu")]));
    expect(table.faults.calls - before).toBe(2);
    expect(sentTo(user).at(-1)?.type).toBe("interactive");
  });

  it("maps keyword commands and a typed number to the same intents as Telegram", async () => {
    const user = newUser();
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "Bantuan")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("Cara memakai layanan ini");
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "bahasa")]));
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "2")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("I will use English");
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "menu")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("Main menu");
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "/start")]));
    expect(neutralOf(sent().at(-1)!).text).toContain("Hello again");
  });

  it("answers every message of one POST (two people, and two messages of one person)", async () => {
    const [a, b] = [newUser(), newUser()];
    const response = await postWhatsApp(
      test.app,
      waNotification([waTextMessage(a, "halo"), waTextMessage(b, "bantuan"), waTextMessage(a, "bahasa")], {
        names: { [a]: "Andi", [b]: "Budi" },
      }),
    );
    expect(response.status).toBe(200);
    expect(sentTo(a).map((payload) => neutralOf(payload).text)).toEqual([
      expect.stringContaining("Halo Andi!"),
      expect.stringContaining("Silakan pilih bahasa"),
    ]);
    expect(sentTo(b).map((payload) => neutralOf(payload).text)).toEqual([
      expect.stringContaining("Cara memakai layanan ini"),
    ]);
  });

  it("handles every entry and change of one POST", async () => {
    const [a, b] = [newUser(), newUser()];
    const first = waNotification([waTextMessage(a, "halo")]);
    const second = waNotification([waTextMessage(b, "halo")]);
    const body = {
      object: "whatsapp_business_account",
      entry: [
        { ...first.entry[0], changes: [...first.entry[0]!.changes, { field: "account_update", value: {} }] },
        second.entry[0],
      ],
    };
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(sentTo(a)).toHaveLength(1);
    expect(sentTo(b)).toHaveLength(1);
  });

  it("answers the same POST delivered twice only once", async () => {
    const user = newUser();
    const body = waNotification([waTextMessage(user, "halo"), waTextMessage(user, "bantuan")]);
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(sentTo(user)).toHaveLength(2);
  });

  it("verifies the signature over the raw bytes: Indonesian text with emoji and non-ASCII", async () => {
    const user = newUser();
    const notification = waNotification(
      [waTextMessage(user, "Halo kak 👋🏽 saya mau tanya — ‘pinjaman’ ñ é 😊")],
      {
        names: { [user]: "Ñoman Daéng" },
      },
    );
    // Pretty-printed and unescaped, as on the wire: only these exact bytes carry the signature.
    const raw = JSON.stringify(notification, null, 1);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(raw.length);
    expect((await postWhatsApp(test.app, raw)).status).toBe(200);
    expect(sentTo(user)).toHaveLength(1);
    expect(neutralOf(sentTo(user)[0]!).text).toContain("Maaf, saya belum mengerti");
    // The same JSON re-serialised differently is not what was signed.
    const other = newUser();
    const resigned = JSON.stringify(waNotification([waTextMessage(other, "Halo 👋")]), null, 1);
    const compact = JSON.stringify(JSON.parse(resigned));
    expect((await postWhatsApp(test.app, compact, { signature: sign(resigned) })).status).toBe(403);
    expect(sentTo(other)).toHaveLength(0);
  });

  it("works through base64-encoded Lambda events (POST and the GET handshake)", async () => {
    const handler = createLambdaHttpHandler(test.app.http);
    const user = newUser();
    const raw = JSON.stringify(waNotification([waTextMessage(user, "Selamat pagi 🌞")]));
    const result = await handler({
      rawPath: "/whatsapp",
      requestContext: { http: { method: "POST" } },
      headers: { "X-Hub-Signature-256": sign(raw), "Content-Type": "application/json" },
      body: Buffer.from(raw, "utf8").toString("base64"),
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(200);
    expect(sentTo(user)).toHaveLength(1);
    const verify = await handler({
      rawPath: "/whatsapp",
      requestContext: { http: { method: "GET" } },
      queryStringParameters: {
        "hub.mode": "subscribe",
        "hub.verify_token": waVerifyToken,
        "hub.challenge": "42",
      },
    });
    expect(verify).toMatchObject({ statusCode: 200, body: "42" });
    const unsigned = await handler({
      rawPath: "/whatsapp",
      requestContext: { http: { method: "POST" } },
      body: raw,
    });
    expect(unsigned.statusCode).toBe(401);
  });

  it("answers location, image with caption, a shared contact and unknown types kindly", async () => {
    const user = newUser();
    const last = () => neutralOf(sentTo(user).at(-1)!).text;
    await postWhatsApp(
      test.app,
      waNotification([
        waMessage(user, { type: "location", location: { latitude: -5.42, longitude: 105.26 } }),
      ]),
    );
    expect(last()).toContain("berbagi lokasi");
    await postWhatsApp(
      test.app,
      waNotification([
        waMessage(user, { type: "image", image: { id: "MEDIA1", caption: "Keripik pisang" } }),
      ]),
    );
    expect(last()).toContain("fotonya");
    await postWhatsApp(
      test.app,
      waNotification([
        waMessage(user, {
          type: "contacts",
          contacts: [
            {
              name: { formatted_name: "Ani" },
              phones: [{ phone: "+62 812-0000-0001", wa_id: "6281200000001" }],
            },
          ],
        }),
      ]),
    );
    expect(last()).toContain("Nomor telepon");
    await postWhatsApp(
      test.app,
      waNotification([waMessage(user, { type: "sticker", sticker: { id: "S1" } })]),
    );
    expect(last()).toContain("stiker");
    await postWhatsApp(
      test.app,
      waNotification([waMessage(user, { type: "audio", audio: { id: "A1", voice: true } })]),
    );
    expect(last()).toContain("pesan suara");
    await postWhatsApp(test.app, waNotification([waMessage(user, { type: "video", video: { id: "V1" } })]));
    expect(last()).toContain("jenis pesan ini belum bisa");
    await postWhatsApp(
      test.app,
      waNotification([waMessage(user, { type: "brand_new_type", brand_new_type: {} })]),
    );
    expect(last()).toContain("jenis pesan ini belum bisa");
    expect(sentTo(user)).toHaveLength(7);
  });

  it("identifies the person by wa_id and stores Meta's newer user id beside it", async () => {
    const user = newUser();
    await postWhatsApp(
      test.app,
      waNotification([waTextMessage(user, "halo")], { userIds: { [user]: "ID.1234567890abcdef" } }),
    );
    const contact = await contactOf(user);
    expect(contact?.userId).toBe(user);
    expect(contact?.platformUserId).toBe("ID.1234567890abcdef");
  });

  it("ignores notifications for another phone number of the business account", async () => {
    const user = newUser();
    const body = waNotification([waTextMessage(user, "halo")]);
    const value = body.entry[0]!.changes[0]!.value as { metadata: { phone_number_id: string } };
    value.metadata.phone_number_id = "999999999999";
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(fake.calls).toHaveLength(0);
    expect(await contactOf(user)).toBeUndefined();
  });

  it("answers 5xx while the store is down, then processes Meta's retry exactly once", async () => {
    const user = newUser();
    const body = waNotification([waTextMessage(user, "halo")]);
    table.faults.down = true;
    expect((await postWhatsApp(test.app, body)).status).toBe(503);
    expect(fake.calls).toHaveLength(0);
    table.faults.down = false;
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(sentTo(user)).toHaveLength(1);
  });

  it("answers malformed JSON and non-notifications with 400, other objects with 200", async () => {
    expect((await postWhatsApp(test.app, "{not json")).status).toBe(400);
    expect((await postWhatsApp(test.app, { hello: "world" })).status).toBe(400);
    expect((await postWhatsApp(test.app, { object: "page", entry: [] })).status).toBe(200);
    expect(fake.calls).toHaveLength(0);
  });

  it("keeps the token, the app secret and full phone numbers out of the logs", async () => {
    const user = newUser();
    fake.failNext(whatsappErrors.pairRate());
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    const logs = test.logs.join("\n");
    expect(logs).toContain("whatsapp.rate_limited");
    expect(logs).not.toContain(waToken);
    expect(logs).not.toContain(waAppSecret);
    expect(logs).not.toContain(user);
  });
});

describe("WhatsApp status notifications", () => {
  it("processes sent, delivered and read statuses without running the bot or writing anything", async () => {
    const user = newUser();
    const before = (await table.scanAll()).length;
    const statuses = ["sent", "delivered", "read"].map((status) =>
      waStatus(user, status, { id: "wamid.S1" }),
    );
    expect((await postWhatsApp(test.app, waNotification([], { statuses }))).status).toBe(200);
    expect((await table.scanAll()).length).toBe(before);
    expect(fake.calls).toHaveLength(0);
  });

  it("records a failed delivery against the contact, exactly once", async () => {
    const user = newUser();
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    fake.clear();
    const failed = waNotification([], {
      statuses: [waStatus(user, "failed", { id: "wamid.F1", errorCode: 131026 })],
    });
    expect((await postWhatsApp(test.app, failed)).status).toBe(200);
    const contact = await contactOf(user);
    expect(contact?.unreachable).toBe(true);
    expect(contact?.lastDeliveryFailure).toMatchObject({ code: 131026, messageId: "wamid.F1" });
    expect(fake.calls).toHaveLength(0);

    // Writing again makes the chat reachable; Meta re-sending the old status must not undo that.
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "menu")]));
    expect((await contactOf(user))?.unreachable).toBe(false);
    expect((await postWhatsApp(test.app, failed)).status).toBe(200);
    expect((await contactOf(user))?.unreachable).toBe(false);
  });

  it("records other failures without marking the person unreachable, and creates no contact for strangers", async () => {
    const user = newUser();
    await postWhatsApp(test.app, waNotification([waTextMessage(user, "halo")]));
    const stranger = newUser();
    const body = waNotification([], {
      statuses: [
        waStatus(user, "failed", { id: "wamid.F2", errorCode: 131049 }),
        waStatus(stranger, "failed", { id: "wamid.F3", errorCode: 131026 }),
      ],
    });
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    const contact = await contactOf(user);
    expect(contact?.unreachable).toBe(false);
    expect(contact?.lastDeliveryFailure).toMatchObject({ code: 131049, messageId: "wamid.F2" });
    expect(await contactOf(stranger)).toBeUndefined();
    // Processed (marked done) even without a contact: a retry is a duplicate.
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(
      test.logs.filter((line) => line.includes("whatsapp.status_duplicate")).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("handles messages and statuses in the same POST", async () => {
    const user = newUser();
    const body = waNotification([waTextMessage(user, "halo")], {
      statuses: [waStatus(user, "delivered"), waStatus(user, "read")],
    });
    expect((await postWhatsApp(test.app, body)).status).toBe(200);
    expect(sentTo(user)).toHaveLength(1);
  });
});
