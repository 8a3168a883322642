// Single-use confirmations (issue #16, defect 12): an old "🗑️ Ya, hapus" after a new subscription, an old
// "❌ Batal" under a saved registration, and double taps — through the real Telegram and WhatsApp webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

const staffId = 9301;

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
/** A second instance on the same table: another Lambda, which does not share the first one's per-person queue. */
let other: TestApp;

beforeAll(async () => {
  table = await createTestTable("stale-buttons");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    STAFF_TELEGRAM_IDS: String(staffId),
  });
  other = buildTestApp(table, {
    ...telegramEnv(telegram.url),
    ...whatsappEnv(whatsapp.url),
    STAFF_TELEGRAM_IDS: String(staffId),
  });
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

let nextUser = 0;
const channels = [
  {
    channel: "telegram",
    chat: () => telegramChat(test.app, telegram, 930_000 + ++nextUser),
    elsewhere: (chat: { userId: string | number }) => telegramChat(other.app, telegram, Number(chat.userId)),
  },
  {
    channel: "whatsapp",
    chat: () => whatsappChat(test.app, whatsapp, String(6281293000000 + ++nextUser)),
    elsewhere: (chat: { userId: string | number }) => whatsappChat(other.app, whatsapp, String(chat.userId)),
  },
] as const;
type Chat = ReturnType<(typeof channels)[number]["chat"]>;

const itemsOf = async (chat: Chat, channel: string) =>
  (await table.scanAll()).filter((item) => item.pk === `USER#${channel}#${chat.userId}`);
const item = async (chat: Chat, channel: string, sk: string) =>
  (await itemsOf(chat, channel)).find((found) => found.sk === sk);
/** The id of the offered choice whose label contains `label` in the latest reply. */
const idOf = (chat: Chat, label: string) => {
  const choice = chat.last().choices.find((c) => c.label.toLowerCase().includes(label.toLowerCase()));
  if (!choice) throw new Error(`no "${label}" in ${JSON.stringify(chat.last().choices)}`);
  return choice.id;
};
/** Everything the bot answered to the last action(s), from `since`. */
const textsSince = (chat: Chat, since: number) =>
  chat
    .replies()
    .slice(since)
    .map((reply) => reply.text);

async function fillUntilSummary(chat: Chat) {
  await chat.say("daftar");
  await chat.choose("Setuju");
  await chat.say("Siti Rahayu");
  await chat.say("Keripik Siger Jaya");
  await chat.choose("Kuliner");
  await chat.say("tanjungkarang pusat");
  await chat.shareContact("6281234567890");
  await chat.say("keripik pisang coklat");
  await chat.choose("NIB");
  await chat.choose("Selesai");
  await chat.choose("Ya");
  await chat.choose("Jangan tampilkan");
  expect(chat.last().text).toContain("Mohon periksa data pendaftaran");
}

describe.each(channels)("single-use confirmations on $channel", ({ channel, chat: newChat, elsewhere }) => {
  it("an old '🗑️ Ya, hapus' does nothing after the person subscribed anew; a bare one never deletes", async () => {
    const chat = newChat();
    await chat.say("langganan promo");
    await chat.choose("Semua");
    await chat.say("hapus data");
    const yes = idOf(chat, "Ya, hapus");
    expect(yes).toMatch(/^priv:del:yes~.+/);
    await chat.press(yes);
    expect(chat.last().text).toContain("dihapus");
    expect(await itemsOf(chat, channel)).toEqual([]);

    // A double tap right after: nothing to delete, nothing stored again.
    let since = chat.replies().length;
    await chat.press(yes);
    expect(textsSince(chat, since)).toEqual([expect.stringContaining("Data Anda sudah dihapus")]);
    expect(await itemsOf(chat, channel)).toEqual([]);

    await chat.say("langganan promo");
    await chat.choose("Semua");
    expect(await item(chat, channel, "SUBSCRIPTION")).toMatchObject({ active: true });

    since = chat.replies().length;
    await chat.press(yes);
    const answer = textsSince(chat, since).join("\n");
    expect(answer).toContain("Tombol itu sudah kedaluwarsa");
    expect(answer).toContain('ketik "hapus data"');
    expect(answer).not.toContain("sudah dihapus");
    expect(await item(chat, channel, "SUBSCRIPTION")).toMatchObject({ active: true });
    expect(await item(chat, channel, "CONTACT")).toBeDefined();

    // Forged or from before tokens existed: a bare "priv:del:yes" is refused the same way.
    since = chat.replies().length;
    await chat.press("priv:del:yes");
    expect(textsSince(chat, since).join("\n")).toContain("Tombol itu sudah kedaluwarsa");
    expect(await item(chat, channel, "SUBSCRIPTION")).toMatchObject({ active: true });

    // The current confirmation still works, once.
    await chat.say("hapus data");
    await chat.choose("Tidak");
    expect(await item(chat, channel, "SUBSCRIPTION")).toMatchObject({ active: true });
  });

  it("an old '❌ Batal' under a saved registration cancels nothing", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    const earlyCancel = idOf(chat, "Batal");
    await chat.say("Siti Rahayu");
    await chat.say("Keripik Siger Jaya");
    await chat.choose("Kuliner");
    await chat.say("tanjungkarang pusat");
    await chat.shareContact("6281234567890");
    await chat.say("keripik pisang coklat");
    await chat.choose("NIB");
    await chat.choose("Selesai");
    await chat.choose("Ya");
    await chat.choose("Jangan tampilkan");
    const summaryCancel = idOf(chat, "Batal");
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("Terima kasih!");

    for (const old of [summaryCancel, earlyCancel, "reg:cancel"]) {
      const since = chat.replies().length;
      await chat.press(old);
      const answer = textsSince(chat, since).join("\n");
      expect(answer).not.toContain("Pendaftaran dibatalkan");
      expect(answer).toMatch(/sudah (diproses|kedaluwarsa|tidak berlaku)/);
      expect(await item(chat, channel, "SELLER")).toMatchObject({ businessName: "Keripik Siger Jaya" });
    }
    // The summary's own "Batal" belongs to the message whose "Simpan" was used: "already done".
    const since = chat.replies().length;
    await chat.press(summaryCancel);
    expect(textsSince(chat, since)).toEqual(["✅ Pilihan itu sudah diproses."]);
    // An older step's button has expired: said plainly, with what to do now.
    await chat.press(earlyCancel);
    expect(chat.last().text).toContain("Tombol itu sudah kedaluwarsa");
    expect(chat.last().text).toContain('Ketik "status"');
  });

  it("a double tap on 'Simpan' saves once and answers the second tap with 'already done'", async () => {
    const chat = newChat();
    await fillUntilSummary(chat);
    const save = idOf(chat, "Simpan");
    const staffBefore = telegram.calls.filter((call) => call.payload.chat_id === String(staffId)).length;
    const since = chat.replies().length;
    await chat.press(save);
    await chat.press(save);
    const answers = textsSince(chat, since);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain("Terima kasih! Pendaftaran Keripik Siger Jaya sudah kami terima");
    expect(answers[1]).toBe("✅ Pilihan itu sudah diproses.");
    const staffAfter = telegram.calls.filter((call) => call.payload.chat_id === String(staffId)).length;
    expect(staffAfter - staffBefore).toBe(1);
  });

  it("two taps at the same moment: one acts, the other is 'already done' (generic double tap)", async () => {
    const chat = newChat();
    await chat.say("daftar");
    const agree = idOf(chat, "Setuju");
    const since = chat.replies().length;
    await Promise.all([chat.press(agree), chat.press(agree)]);
    const answers = textsSince(chat, since);
    expect(answers).toHaveLength(2);
    expect(answers.filter((text) => text.includes("nama lengkap pemilik"))).toHaveLength(1);
    expect(answers.filter((text) => text === "✅ Pilihan itu sudah diproses.")).toHaveLength(1);
    // The flow goes on from where the first tap left it.
    await chat.say("Siti Rahayu");
    expect(chat.last().text).toContain("nama usaha");
    const consents = (await item(chat, channel, "CONTACT"))?.consents as { purpose: string }[];
    expect(consents.filter((consent) => consent.purpose === "registration")).toHaveLength(1);
  });

  it("two taps handled by two instances at once: the token in DynamoDB lets exactly one act", async () => {
    for (let round = 0; round < 3; round++) {
      const chat = newChat();
      await fillUntilSummary(chat);
      const save = idOf(chat, "Simpan");
      const since = chat.replies().length;
      await Promise.all([chat.press(save), elsewhere(chat).press(save)]);
      const answers = textsSince(chat, since);
      expect(answers.filter((text) => text.includes("sudah kami terima"))).toHaveLength(1);
      expect(answers.filter((text) => text === "✅ Pilihan itu sudah diproses.")).toHaveLength(1);
      expect(answers).toHaveLength(2);
    }
  });
});
