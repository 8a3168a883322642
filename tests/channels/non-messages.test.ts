// Events that are nobody writing to the bot get no answer on either channel: WhatsApp reactions (and their
// removal), deleted messages and system notices; Telegram service messages. A real message right after still
// gets its answer, so the silence is not a broken webhook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { postTelegram, type TestApp, tgMessage, tgText } from "../support/app.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { nextWamid, postWhatsApp, waMessage, waNotification, waTextMessage } from "../whatsapp/helpers.js";

let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ telegram, whatsapp, test } = await startTwoChannelApp({ name: "non-messages" }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const waSends = (to: string) => whatsapp.calls.filter((call) => call.payload.to === to);
const tgSends = (chatId: number) =>
  telegram.calls.filter(
    (call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(chatId),
  );

describe("events that are not someone writing to the bot", () => {
  it.each([
    ["a reaction", { type: "reaction", reaction: { message_id: "wamid.ORIGINAL1", emoji: "👍" } }],
    ["a removed reaction", { type: "reaction", reaction: { message_id: "wamid.ORIGINAL2", emoji: "" } }],
    ["a deleted message", { type: "revoke", revoke: { original_message_id: "wamid.ORIGINAL3" } }],
    [
      "an identity change notice",
      {
        type: "system",
        system: { body: "User identity changed", type: "customer_identity_changed" },
        identity: { acknowledged: true, created_timestamp: "1700000000", hash: "h1" },
      },
    ],
  ])("WhatsApp: %s gets 200 and no answer", async (_what, fields) => {
    const from = `62812${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const response = await postWhatsApp(
      test.app,
      waNotification([waMessage(from, fields, { id: nextWamid() })]),
    );
    expect(response.status).toBe(200);
    expect(waSends(from)).toHaveLength(0);
    await postWhatsApp(test.app, waNotification([waTextMessage(from, "halo")]));
    expect(waSends(from).length).toBeGreaterThan(0);
  });

  it.each([
    [
      "an auto-delete timer change",
      { message_auto_delete_timer_changed: { message_auto_delete_time: 86400 } },
    ],
    ["a pinned message", { pinned_message: { message_id: 1, date: 1, chat: { id: 1, type: "private" } } }],
  ])("Telegram: %s in a private chat gets 200 and no answer", async (_what, fields) => {
    const userId = 940_000 + Math.floor(Math.random() * 10_000);
    const response = await postTelegram(test.app, tgMessage(userId, fields));
    expect(response.status).toBe(200);
    expect(tgSends(userId)).toHaveLength(0);
    await postTelegram(test.app, tgText(userId, "halo"));
    expect(tgSends(userId).length).toBeGreaterThan(0);
  });
});

describe("a WhatsApp user known only by a business-scoped user id (username, no phone)", () => {
  it("gets the reply addressed with `recipient`, never `to`", async () => {
    const bsuid = "US.7000000421";
    const body = waNotification([]);
    const value = body.entry[0]!.changes[0]!.value as Record<string, unknown>;
    value.contacts = [{ profile: { name: "Rina" }, user_id: bsuid }];
    value.messages = [
      {
        from_user_id: bsuid,
        id: nextWamid(),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "text",
        text: { body: "halo" },
      },
    ];
    const response = await postWhatsApp(test.app, body);
    expect(response.status).toBe(200);
    const sent = whatsapp.calls.filter((call) => call.payload.recipient === bsuid);
    expect(sent.length).toBeGreaterThan(0);
    for (const call of sent) expect(call.payload.to).toBeUndefined();
  });
});
