// Telegram chat-level updates through the real webhook: a person blocking the bot (`my_chat_member` kicked) is
// unreachable for broadcasts until they start it again (`member`); a staff group upgraded to a supergroup keeps
// receiving tickets, whether the bot sees the upgrade notice or only learns it from a refused send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { createContactDirectory } from "../../functions/lib/store/contact-directory.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import {
  buildTestApp,
  nextUpdateId,
  postTelegram,
  type TestApp,
  telegramEnv,
  tgText,
  tgUser,
} from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
let telegram: FakeTelegramApi;

beforeAll(async () => {
  table = await createTestTable("member-status");
  telegram = await startFakeTelegramApi();
});
afterAll(async () => {
  await telegram.close();
});

const sendsTo = (chatId: string | number) =>
  telegram.calls.filter(
    (call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(chatId),
  );

function memberUpdate(userId: number, status: "kicked" | "member", date = Math.floor(Date.now() / 1000)) {
  const bot = { id: 123456, is_bot: true, first_name: "Bot", username: "umkm_bandarlampung_bot" };
  return {
    update_id: nextUpdateId(),
    my_chat_member: {
      chat: { id: userId, type: "private", first_name: "Siti" },
      from: tgUser(userId),
      date,
      old_chat_member: { user: bot, status: status === "kicked" ? "member" : "kicked" },
      new_chat_member:
        status === "kicked"
          ? { user: bot, status: "kicked", until_date: 0 }
          : { user: bot, status: "member" },
    },
  };
}

/** A broadcast to everyone, planned and worked through the local queue; returns the job's counters. */
async function broadcast(test: TestApp, id: string) {
  const now = new Date();
  const { app } = test;
  await app.outbox.jobs.create({
    id,
    audience: { kind: "semua" },
    content: { text: `Pengumuman ${id}: pelatihan tapis hari Sabtu.` },
    createdByLanguage: "id",
    sendAt: now,
    now,
  });
  await app.outbox.planner.plan(id);
  for (let round = 0; round < 5; round++) {
    const messages = await app.outbox.localQueue!.receive(50, 30_000);
    if (!messages.length) break;
    for (const message of messages) {
      await app.outbox.worker.handle(message.message);
      await app.outbox.localQueue!.ack(message.handle);
    }
  }
  return (await app.outbox.jobs.get(id))!;
}

describe("my_chat_member: the person blocks and unblocks the bot", () => {
  it("kicked marks them unreachable (broadcasts count them blocked, nothing sent); member restores them", async () => {
    const test = buildTestApp(table, telegramEnv(telegram.url));
    const contacts = createContactDirectory({ client: table.documentClient, tableName: table.tableName });
    const person = 861_001;
    const other = 861_002;
    await postTelegram(test.app, tgText(person, "halo"));
    await postTelegram(test.app, tgText(other, "halo"));
    expect(sendsTo(person).length).toBeGreaterThan(0);

    const before = sendsTo(person).length;
    const blocked = memberUpdate(person, "kicked");
    expect((await postTelegram(test.app, blocked)).status).toBe(200);
    // Re-delivered: still 200, still silent.
    expect((await postTelegram(test.app, blocked)).status).toBe(200);
    expect(sendsTo(person)).toHaveLength(before);
    expect(await contacts.get({ channel: "telegram", userId: String(person) })).toMatchObject({
      unreachable: true,
    });

    const first = await broadcast(test, "kicked1");
    expect(first.counters).toMatchObject({ total: 2, sent: 1, blocked: 1 });
    expect(sendsTo(person)).toHaveLength(before);
    expect(sendsTo(other).some((call) => String(call.payload.text).includes("kicked1"))).toBe(true);

    // An older report arriving late changes nothing; the newer "member" restores them.
    expect(
      (await postTelegram(test.app, memberUpdate(person, "member", Math.floor(Date.now() / 1000) - 3600)))
        .status,
    ).toBe(200);
    expect((await contacts.get({ channel: "telegram", userId: String(person) }))?.unreachable).toBe(true);
    expect(
      (await postTelegram(test.app, memberUpdate(person, "member", Math.floor(Date.now() / 1000) + 1)))
        .status,
    ).toBe(200);
    expect(await contacts.get({ channel: "telegram", userId: String(person) })).toMatchObject({
      unreachable: false,
    });
    expect(sendsTo(person)).toHaveLength(before);

    const second = await broadcast(test, "member1");
    expect(second.counters).toMatchObject({ total: 2, sent: 2, blocked: 0 });
    expect(sendsTo(person).some((call) => String(call.payload.text).includes("member1"))).toBe(true);
  });

  it("a stranger blocking the bot creates no contact and is not answered", async () => {
    const test = buildTestApp(table, telegramEnv(telegram.url));
    const contacts = createContactDirectory({ client: table.documentClient, tableName: table.tableName });
    expect((await postTelegram(test.app, memberUpdate(861_009, "kicked"))).status).toBe(200);
    expect(await contacts.get({ channel: "telegram", userId: "861009" })).toBeNull();
    expect(sendsTo(861_009)).toHaveLength(0);
  });
});

describe("the staff group is upgraded to a supergroup", () => {
  const group = (id: string) => ({
    id: Number(id),
    type: id.startsWith("-100") ? "supergroup" : "group",
    title: "Petugas",
  });
  const groupMessage = (chatId: string, fields: Record<string, unknown>) => ({
    update_id: nextUpdateId(),
    message: {
      message_id: nextUpdateId(),
      date: Math.floor(Date.now() / 1000),
      chat: group(chatId),
      from: tgUser(7300, "Rina"),
      ...fields,
    },
  });
  const openTicket = async (test: TestApp, person: number) => {
    await postTelegram(test.app, tgText(person, "hubungi petugas"));
    const last = sendsTo(person).at(-1);
    const id = ticketIdIn(String(last?.payload.text ?? ""));
    expect(id).toBeTruthy();
    return id!;
  };
  const ticketsIn = (chatId: string, id: string) =>
    sendsTo(chatId).filter((call) => String(call.payload.text).includes(`#${id}`));

  it("follows the migrate_to_chat_id notice, keeps it across a restart and takes commands from the new group", async () => {
    const oldGroup = "-4100000001";
    const newGroup = "-1004100000001";
    const env = { ...telegramEnv(telegram.url), STAFF_TELEGRAM_CHAT_ID: oldGroup };
    const test = buildTestApp(table, env);
    expect(
      (await postTelegram(test.app, groupMessage(oldGroup, { migrate_to_chat_id: Number(newGroup) }))).status,
    ).toBe(200);
    // The new supergroup's own notice is silent too (and changes nothing more).
    expect(
      (await postTelegram(test.app, groupMessage(newGroup, { migrate_from_chat_id: Number(oldGroup) })))
        .status,
    ).toBe(200);
    expect(sendsTo(oldGroup)).toHaveLength(0);
    expect(sendsTo(newGroup)).toHaveLength(0);

    const id = await openTicket(test, 862_001);
    expect(ticketsIn(newGroup, id)).toHaveLength(1);
    expect(ticketsIn(oldGroup, id)).toHaveLength(0);

    // A restart (a new app over the same table) still sends to the supergroup.
    const restarted = buildTestApp(table, env);
    const second = await openTicket(restarted, 862_002);
    expect(ticketsIn(newGroup, second)).toHaveLength(1);
    expect(sendsTo(oldGroup)).toHaveLength(0);

    // Staff commands in the supergroup are the staff group's: the reply reaches the person.
    const response = await postTelegram(
      restarted.app,
      groupMessage(newGroup, {
        text: `/balas ${second} Baik, kami bantu besok pagi.`,
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      }),
    );
    expect(response.status).toBe(200);
    expect(sendsTo(862_002).some((call) => String(call.payload.text).includes("kami bantu besok pagi"))).toBe(
      true,
    );
  });

  it("a send refused with migrate_to_chat_id is retried once to the new id, which is then remembered", async () => {
    const oldGroup = "-4200000002";
    const newGroup = "-1004200000002";
    const test = buildTestApp(table, { ...telegramEnv(telegram.url), STAFF_TELEGRAM_CHAT_ID: oldGroup });
    telegram.failChat(oldGroup, [
      {
        status: 400,
        body: {
          ok: false,
          error_code: 400,
          description: "Bad Request: group chat was upgraded to a supergroup chat",
          parameters: { migrate_to_chat_id: Number(newGroup) },
        },
      },
    ]);
    const id = await openTicket(test, 863_001);
    expect(sendsTo(oldGroup).map((call) => call.status)).toEqual([400]);
    expect(ticketsIn(newGroup, id)).toHaveLength(1);

    const restarted = buildTestApp(table, { ...telegramEnv(telegram.url), STAFF_TELEGRAM_CHAT_ID: oldGroup });
    const next = await openTicket(restarted, 863_002);
    expect(ticketsIn(newGroup, next)).toHaveLength(1);
    expect(sendsTo(oldGroup)).toHaveLength(1);
  });
});
