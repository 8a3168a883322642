// The same update delivered to two Lambda instances at once, or again later. A turn reads the session and
// decides; its first write while deciding claims the update (a lease), and its commit records the update as
// done. A turn that writes nothing while deciding (the menu, an FAQ answer) records it with one conditional Put
// in its commit. Either way the second delivery writes nothing and answers nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireCall } from "../../functions/lib/aws/json-client.js";
import { createDocumentClient } from "../../functions/lib/store/dynamo.js";
import { PutCommand } from "../../functions/lib/store/dynamo-commands.js";
import { keys } from "../../functions/lib/store/keys.js";
import { createStatCounters } from "../../functions/lib/store/stat-counters.js";
import { computeCounters } from "../../functions/lib/store/stat-recount.js";
import { localRegion } from "../../scripts/lib/dynamodb-local.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgCallback, tgText } from "../support/app.js";
import { fillRegistrationForm } from "../support/registration-form.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

const staffId = 9431;
let table: TestTable;
let fake: FakeTelegramApi;
/** Two instances on one table, each with its own DynamoDB client (so one can be held while the other runs). */
let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  table = await createTestTable("duprace");
  fake = await startFakeTelegramApi();
  const env = telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId) });
  first = buildTestApp(table, env);
  const ownClient = createDocumentClient({ endpoint: table.endpoint, region: localRegion, maxAttempts: 1 });
  second = buildTestApp({ ...table, documentClient: ownClient }, env);
});
afterAll(async () => {
  await fake.close();
});

const recordPk = (updateId: number) => keys.inbound(`telegram:update:${updateId}`);
const sentTo = (chatId: number) =>
  fake.calls.filter((call) => call.method.startsWith("send") && call.payload.chat_id === String(chatId));

/** Holds the first instance's calls that `matches` until `release()`; `reached` resolves when one is held. */
function holdFirst(matches: (call: WireCall) => boolean) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const remove = table.documentClient.intercept(async (call, next) => {
    if (matches(call)) {
      reached();
      await released;
    }
    return next();
  });
  return {
    reached: held,
    release() {
      remove();
      release();
    },
  };
}

const commitOf = (updateId: number) => (call: WireCall) =>
  call.operation === "TransactWriteItems" &&
  JSON.stringify(call.input).includes(`"pk":{"S":"${recordPk(updateId)}"}`);
async function fillRegistration(userId: number) {
  const chat = telegramChat(first.app, fake, userId);
  await fillRegistrationForm(chat);
  return chat;
}

describe("one update, two instances", () => {
  /** Registration filled up to its summary on the first instance; returns the "Simpan" press. */
  async function savePress(userId: number) {
    const chat = await fillRegistration(userId);
    const save = chat.last().choices.find((choice) => choice.label.includes("Simpan"));
    expect(save).toBeDefined();
    return tgCallback(userId, save!.id);
  }

  /** One reply to the person, one review request to staff, one seller record; the counters equal a recount. */
  async function savedOnce(userId: number, before: { replies: number; staff: number }) {
    expect(sentTo(userId).length - before.replies).toBe(1);
    expect(String(sentTo(userId).at(-1)?.payload.text)).toContain("Terima kasih");
    await storedOnce(userId, before);
  }

  async function storedOnce(userId: number, before: { staff: number }) {
    expect(sentTo(staffId).length - before.staff).toBe(1);
    const items = await table.scanAll();
    const sellers = items.filter(
      (item) => item.pk === `USER#telegram#${userId}` && item.sk === keys.sellerSk,
    );
    expect(sellers).toHaveLength(1);
    expect(sellers[0]).toMatchObject({ status: "pending", version: 1 });
    const store = { client: table.documentClient, tableName: table.tableName };
    const stored = await createStatCounters(store).read();
    expect(Object.fromEntries(Object.entries(stored).filter(([, value]) => value !== 0))).toEqual(
      await computeCounters(store),
    );
  }

  it("a registration saved on both at once: the first write claims the update, the other instance is told to retry", async () => {
    const userId = 431_001;
    const update = await savePress(userId);
    const before = { replies: sentTo(userId).length, staff: sentTo(staffId).length };

    // The first instance saved the seller (claiming the update first); its commit waits.
    const hold = holdFirst(commitOf(update.update_id));
    const held = postTelegram(first.app, update);
    await hold.reached;
    // The second finds the claim: Telegram is asked to resend later, nothing is written or answered.
    expect((await postTelegram(second.app, update)).status).toBe(503);
    hold.release();
    expect((await held).status).toBe(200);
    // Telegram's resend is a duplicate.
    expect((await postTelegram(second.app, update)).status).toBe(200);
    await savedOnce(userId, before);
  });

  it("both decide at once: the one whose claim comes second writes nothing and answers nothing", async () => {
    const userId = 431_011;
    const update = await savePress(userId);
    const before = { replies: sentTo(userId).length, staff: sentTo(staffId).length };

    // The first instance is about to claim the update (its first write); the claim waits.
    const claimOf = (call: WireCall) =>
      call.operation === "PutItem" && JSON.stringify(call.input).includes(recordPk(update.update_id));
    const hold = holdFirst(claimOf);
    const held = postTelegram(first.app, update);
    await hold.reached;
    // The second claims, saves, commits and answers.
    expect((await postTelegram(second.app, update)).status).toBe(200);
    hold.release();
    // The first's claim finds the update done: its save never happens, it answers 200 as a duplicate.
    expect((await held).status).toBe(200);
    expect(first.logs.some((line) => line.includes("inbound.duplicate"))).toBe(true);
    await savedOnce(userId, before);
  });

  it("an FAQ answer decided on both at once (no write, no claim): the second commit finds the record", async () => {
    const userId = 431_021;
    const update = tgText(userId, "syarat kur apa aja");
    const hold = holdFirst(commitOf(update.update_id));
    const held = postTelegram(first.app, update);
    await hold.reached;
    expect((await postTelegram(second.app, update)).status).toBe(200);
    hold.release();
    expect((await held).status).toBe(200);
    expect(sentTo(userId)).toHaveLength(1);
    expect(String(sentTo(userId)[0]?.payload.text)).toMatch(/KUR/);
  });

  it("a late duplicate, after the person moved on, is decided again but writes and answers nothing", async () => {
    const userId = 431_031;
    const update = await savePress(userId);
    const before = { replies: sentTo(userId).length, staff: sentTo(staffId).length };
    expect((await postTelegram(first.app, update)).status).toBe(200);
    const chat = telegramChat(first.app, fake, userId);
    await chat.say("menu");
    await chat.say("daftar");
    const replies = sentTo(userId).length;
    // The same press again (a platform retry hours later), on either instance.
    expect((await postTelegram(second.app, update)).status).toBe(200);
    expect((await postTelegram(first.app, update)).status).toBe(200);
    expect(sentTo(userId)).toHaveLength(replies);
    expect(second.logs.some((line) => line.includes("inbound.duplicate"))).toBe(true);
    expect(String(sentTo(userId)[before.replies]?.payload.text)).toContain("Terima kasih");
    await storedOnce(userId, before);
  });

  it("a late duplicate of an unanswered question writes nothing, though the statistics write swallows errors", async () => {
    const userId = 431_041;
    const update = tgText(userId, "resep rendang padang");
    expect((await postTelegram(first.app, update)).status).toBe(200);
    const replies = sentTo(userId).length;
    const before = await table.scanAll();
    expect(before.some((item) => JSON.stringify(item).includes("resep rendang padang"))).toBe(true);
    const duplicates = () => second.logs.filter((line) => line.includes("inbound.duplicate")).length;
    const seen = duplicates();
    // Its decision records the question again; that write's claim finds the update done, so nothing is
    // written, and though the recorder carries on without it, the decision does not stand.
    expect((await postTelegram(second.app, update)).status).toBe(200);
    expect(duplicates()).toBe(seen + 1);
    expect(sentTo(userId)).toHaveLength(replies);
    const sortKey = (item: Record<string, unknown>) => `${String(item.pk)} ${String(item.sk)}`;
    const byKey = (items: Record<string, unknown>[]) =>
      [...items].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(byKey(await table.scanAll())).toEqual(byKey(before));
  });

  it("ten updates each delivered to both instances at once are answered once each", async () => {
    const userId = 431_003;
    const updates = ["halo", "menu", "promo minggu ini", "syarat halal", "pelatihan tapis"].flatMap(
      (text) => [tgText(userId, text), tgText(userId + 1, text)],
    );
    const answers = await Promise.all(
      updates.flatMap((update) => [postTelegram(first.app, update), postTelegram(second.app, update)]),
    );
    // A loser answers 200 (seen as a duplicate) or 503 (a conflict it could not settle): Telegram resends those.
    for (const answer of answers) expect([200, 503]).toContain(answer.status);
    for (const update of updates) {
      expect((await postTelegram(first.app, update)).status).toBe(200);
      expect((await postTelegram(second.app, update)).status).toBe(200);
    }
    // As many messages as a third person got for the same texts, each delivered once.
    const control = userId + 2;
    for (const text of ["halo", "menu", "promo minggu ini", "syarat halal", "pelatihan tapis"])
      expect((await postTelegram(first.app, tgText(control, text))).status).toBe(200);
    expect(sentTo(control).length).toBeGreaterThanOrEqual(5);
    expect(sentTo(userId)).toHaveLength(sentTo(control).length);
    expect(sentTo(userId + 1)).toHaveLength(sentTo(control).length);
  });

  it("an update another instance claimed (a crashed one's too) waits for the lease, then is processed once", async () => {
    const userId = 431_009;
    const update = tgText(userId, "menu");
    const now = Date.now();
    const claimed = (leaseUntil: number) =>
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: recordPk(update.update_id),
          sk: keys.inboundSk,
          status: "processing",
          token: "old-release",
          leaseUntil,
          createdAt: now,
          expiresAt: Math.floor(now / 1000) + 86_400,
        },
      });
    await table.documentClient.send(claimed(now + 60_000));
    // Telegram is asked to resend later; nothing is answered yet.
    expect((await postTelegram(first.app, update)).status).toBe(503);
    expect(sentTo(userId)).toHaveLength(0);
    await table.documentClient.send(claimed(now - 1));
    expect((await postTelegram(first.app, update)).status).toBe(200);
    expect((await postTelegram(second.app, update)).status).toBe(200);
    expect(sentTo(userId)).toHaveLength(1);
  });
});
