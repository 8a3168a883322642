import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLambdaHttpHandler } from "../../functions/lib/http/lambda.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import {
  buildTestApp,
  postTelegram,
  type TestApp,
  telegramEnv,
  tgCallback,
  tgMessage,
  tgText,
} from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("telegram");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url));
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clear();
  table.faults.down = false;
});

const sent = () => fake.callsTo("sendMessage").map((call) => call.payload);
let nextUser = 5000;
const newUser = () => ++nextUser;

describe("Telegram webhook", () => {
  it("greets /start with the main menu as an inline keyboard", async () => {
    const user = newUser();
    const response = await postTelegram(test.app, tgText(user, "/start"));
    expect(response.status).toBe(200);
    const [message] = sent();
    expect(message?.chat_id).toBe(String(user));
    expect(message?.text).toContain("Selamat datang di Layanan UMKM Kota Bandar Lampung");
    expect(message?.parse_mode).toBe("HTML");
    const keyboard = (
      message!.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    const data = keyboard.flat().map((button) => button.callback_data);
    expect(data).toEqual(expect.arrayContaining(["lang", "help"]));
    for (const id of data) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
  });

  it("switches the language and keeps it for the next messages", async () => {
    const user = newUser();
    await postTelegram(test.app, tgText(user, "/start"));
    await postTelegram(test.app, tgCallback(user, "lang"));
    expect(sent().at(-1)?.text).toContain("Please choose a language");
    await postTelegram(test.app, tgCallback(user, "lang:en"));
    expect(sent().at(-1)?.text).toContain("I will use English");
    expect(fake.callsTo("answerCallbackQuery").length).toBe(2);
    await postTelegram(test.app, tgText(user, "/start"));
    expect(sent().at(-1)?.text).toContain("Hello again");
    const items = await table.scanAll();
    const contact = items.find((item) => item.pk === `USER#telegram#${user}` && item.sk === "CONTACT");
    expect(contact?.language).toBe("en");
  });

  it("accepts a typed number for the last offered choice", async () => {
    const user = newUser();
    await postTelegram(test.app, tgText(user, "bahasa"));
    await postTelegram(test.app, tgText(user, "2"));
    expect(sent().at(-1)?.text).toContain("I will use English");
  });

  it("refuses a wrong or missing secret with 401 and stores nothing", async () => {
    const user = newUser();
    const before = (await table.scanAll()).length;
    expect((await postTelegram(test.app, tgText(user, "/start"), "wrong-secret")).status).toBe(401);
    const noHeader = await test.app.http({
      method: "POST",
      path: "/telegram",
      headers: {},
      query: {},
      rawBody: Buffer.from(JSON.stringify(tgText(user, "/start"))),
    });
    expect(noHeader.status).toBe(401);
    expect((await table.scanAll()).length).toBe(before);
    expect(fake.calls).toHaveLength(0);
  });

  it("answers malformed JSON and non-updates with 400", async () => {
    expect((await postTelegram(test.app, "{not json")).status).toBe(400);
    expect((await postTelegram(test.app, { hello: "world" })).status).toBe(400);
    expect(fake.calls).toHaveLength(0);
  });

  it("processes the same update once when delivered twice", async () => {
    const update = tgText(newUser(), "/start");
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });

  it("processes the same update once when delivered concurrently, and the retry is answered 200", async () => {
    const update = tgText(newUser(), "/start");
    const responses = await Promise.all(Array.from({ length: 5 }, () => postTelegram(test.app, update)));
    // Losers of the race get 503 so Telegram retries; none of them replies.
    for (const response of responses) expect([200, 503]).toContain(response.status);
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });

  it("answers a sticker, a voice note and an edited message kindly", async () => {
    const user = newUser();
    await postTelegram(
      test.app,
      tgMessage(user, {
        sticker: {
          file_id: "s",
          file_unique_id: "s",
          type: "regular",
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      }),
    );
    expect(sent().at(-1)?.text).toContain("stiker");
    await postTelegram(
      test.app,
      tgMessage(user, { voice: { file_id: "v", file_unique_id: "v", duration: 2 } }),
    );
    expect(sent().at(-1)?.text).toContain("pesan suara");
    const edited = tgText(user, "halo") as { update_id: number; message?: unknown; edited_message?: unknown };
    edited.edited_message = { ...(edited.message as object), edit_date: 1 };
    delete edited.message;
    expect((await postTelegram(test.app, edited)).status).toBe(200);
    expect(sent().at(-1)?.text).toContain("diedit");
  });

  it("stays silent in group chats", async () => {
    const user = newUser();
    const update = tgMessage(
      user,
      { text: "halo bot" },
      { id: -100123, type: "supergroup", title: "Grup UMKM" },
    );
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect(fake.calls).toHaveLength(0);
  });

  it("escapes user-controlled text in HTML", async () => {
    const user = newUser();
    const update = tgText(user, "/start");
    (update.message.from as { first_name: string }).first_name = "<b>Budi</b> & Co";
    await postTelegram(test.app, update);
    expect(sent().at(-1)?.text).toContain("&lt;b&gt;Budi&lt;/b&gt; &amp; Co");
  });

  it("answers 5xx while DynamoDB throttles, then processes the retry exactly once", async () => {
    const update = tgText(newUser(), "/start");
    table.faults.errorName = "ProvisionedThroughputExceededException";
    table.faults.down = true;
    try {
      expect((await postTelegram(test.app, update)).status).toBeGreaterThanOrEqual(500);
    } finally {
      table.faults.down = false;
      table.faults.errorName = "ServiceUnavailable";
    }
    expect(sent()).toHaveLength(0);
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });

  it("answers 5xx while the store is down, then processes the retry exactly once", async () => {
    const update = tgText(newUser(), "/start");
    table.faults.down = true;
    const failed = await postTelegram(test.app, update);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(sent()).toHaveLength(0);
    table.faults.down = false;
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect((await postTelegram(test.app, update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });

  it("works through a base64-encoded Lambda event without surprises", async () => {
    const handler = createLambdaHttpHandler(test.app.http);
    const body = Buffer.from(JSON.stringify(tgText(newUser(), "/start"))).toString("base64");
    const result = await handler({
      rawPath: "/telegram",
      requestContext: { http: { method: "POST" } },
      headers: {
        "X-Telegram-Bot-Api-Secret-Token": "test-webhook-secret",
        "content-type": "application/json",
      },
      body,
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(200);
    expect(sent()).toHaveLength(1);
    const noHeaders = await handler({
      rawPath: "/telegram",
      requestContext: { http: { method: "POST" } },
      body: "{}",
    });
    expect(noHeaders.statusCode).toBe(401);
  });

  it("keeps the bot token and secret out of the logs", async () => {
    await postTelegram(test.app, tgText(newUser(), "/start"));
    const logs = test.logs.join("\n");
    expect(logs).not.toContain("TEST-token-for-the-fake-api");
    expect(logs).not.toContain("test-webhook-secret");
    expect(logs).toContain("inbound.processed");
  });
});
