// Staff roles: configured staff lose the role once STAFF_*_IDS no longer name them; staff added with
// `admin -- staff add` keep it through configuration changes until `admin -- staff remove`.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutCommand } from "../../functions/lib/store/dynamo-commands.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;

const configuredTg = 5101; // configured, also an approved seller
const bothTg = 5102; // configured and added with the CLI
const adminTg = 5103; // added with the CLI only
const configuredWa = "628111000101";

beforeAll(async () => {
  table = await createTestTable("revoke");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const appWith = (telegramIds: string, whatsappIds: string): TestApp =>
  buildTestApp(table, {
    ...telegramEnv(telegram.url, telegramIds ? { STAFF_TELEGRAM_IDS: telegramIds } : {}),
    ...whatsappEnv(whatsapp.url, whatsappIds ? { STAFF_WHATSAPP_IDS: whatsappIds } : {}),
  });

const admin = async (...argv: string[]) => {
  const result = await runAdminInProcess(argv, { table });
  expect(result.code, result.stderr).toBe(0);
  return result;
};

const contactOf = async (channel: string, userId: string | number) =>
  (await table.scanAll()).find((item) => item.pk === `USER#${channel}#${userId}` && item.sk === "CONTACT");

const tgCallsTo = (id: number) =>
  telegram.calls.filter(
    (call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(id),
  ).length;
const waCallsTo = (id: string) => whatsapp.calls.filter((call) => call.payload.to === id).length;

/** A buyer asks for a person: every staff reviewer gets the new ticket. */
async function openTicket(app: TestApp, buyer: number) {
  const chat = telegramChat(app.app, telegram, buyer, "Pembeli");
  await chat.say("hubungi petugas");
  expect(chat.last().text).toMatch(/#T[0-9A-Z]{6}/);
}

const seesStatistics = (reply: string) => !reply.includes("hanya untuk petugas");

describe("staff roles follow the configuration and the admin CLI", () => {
  it("revokes configured staff when removed, keeps CLI staff until the CLI removes them", async () => {
    const before = appWith(`${configuredTg},${bothTg}`, configuredWa);
    await admin("staff", "add", `telegram:${bothTg}`);
    await admin("staff", "add", `telegram:${adminTg}`);
    // The configured staff member also has an approved registration: that is the role they fall back to.
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: `USER#telegram#${configuredTg}`, sk: "SELLER", status: "approved" },
      }),
    );
    for (const id of [configuredTg, bothTg, adminTg]) {
      const chat = telegramChat(before.app, telegram, id, "Petugas");
      await chat.say("/statistik");
      expect(seesStatistics(chat.last().text), `telegram ${id}`).toBe(true);
    }
    const waStaff = whatsappChat(before.app, whatsapp, configuredWa, "Petugas WA");
    await waStaff.say("statistik");
    expect(seesStatistics(waStaff.last().text)).toBe(true);
    expect(await contactOf("telegram", configuredTg)).toMatchObject({ role: "staff", roleSource: "config" });
    expect(await contactOf("telegram", bothTg)).toMatchObject({ role: "staff", roleSource: "admin" });
    expect(await contactOf("whatsapp", configuredWa)).toMatchObject({ role: "staff", roleSource: "config" });
    const listed = await admin("staff", "list", "--format", "json");
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `telegram:${configuredTg}`, source: "config" }),
        expect.objectContaining({ id: `telegram:${adminTg}`, source: "admin" }),
      ]),
    );
    await openTicket(before, 5201);
    for (const id of [configuredTg, bothTg, adminTg]) expect(tgCallsTo(id), `telegram ${id}`).toBe(2);
    expect(waCallsTo(configuredWa)).toBe(2);

    // The configuration no longer names anyone: before the removed staff write again, they get nothing.
    const after = appWith("", "");
    await openTicket(after, 5202);
    expect(tgCallsTo(configuredTg)).toBe(2);
    expect(waCallsTo(configuredWa)).toBe(2);
    expect(tgCallsTo(bothTg)).toBe(3);
    expect(tgCallsTo(adminTg)).toBe(3);

    // Their next turn is a buyer's (or a seller's) turn, and the contact says so.
    const exStaff = telegramChat(after.app, telegram, configuredTg, "Petugas");
    await exStaff.say("/statistik");
    expect(exStaff.last().text).toContain("hanya untuk petugas");
    await exStaff.say("/tiket");
    expect(exStaff.last().text).toContain("hanya untuk petugas");
    const exWa = whatsappChat(after.app, whatsapp, configuredWa, "Petugas WA");
    await exWa.say("statistik");
    expect(exWa.last().text).toContain("hanya untuk petugas");
    const demoted = await contactOf("telegram", configuredTg);
    expect(demoted).toMatchObject({ role: "seller", gsi1pk: "ROLE#seller" });
    expect(demoted?.roleSource).toBeUndefined();
    expect(await contactOf("whatsapp", configuredWa)).toMatchObject({ role: "buyer", gsi1pk: "ROLE#buyer" });

    // Added with the CLI: staff still, whatever the configuration says.
    for (const id of [bothTg, adminTg]) {
      const chat = telegramChat(after.app, telegram, id, "Petugas");
      await chat.say("/statistik");
      expect(seesStatistics(chat.last().text), `telegram ${id}`).toBe(true);
    }

    // Removed with the CLI: gone at once (no notification, no staff command).
    await admin("staff", "remove", `telegram:${adminTg}`);
    const adminCalls = tgCallsTo(adminTg);
    await openTicket(after, 5203);
    expect(tgCallsTo(adminTg)).toBe(adminCalls);
    expect(tgCallsTo(bothTg)).toBeGreaterThan(4);
    const removed = telegramChat(after.app, telegram, adminTg, "Petugas");
    await removed.say("/statistik");
    expect(removed.last().text).toContain("hanya untuk petugas");
    expect(await contactOf("telegram", adminTg)).toMatchObject({ role: "buyer" });

    // Configured again: the role comes back from the configuration.
    const again = appWith(String(configuredTg), "");
    const back = telegramChat(again.app, telegram, configuredTg, "Petugas");
    await back.say("/statistik");
    expect(seesStatistics(back.last().text)).toBe(true);
    expect(await contactOf("telegram", configuredTg)).toMatchObject({ role: "staff", roleSource: "config" });
  });
});
