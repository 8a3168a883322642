// Per-role contact counters (the `semua` audience count in one read): after first messages racing each other,
// re-delivered updates, a commit whose answer was lost, staff CLI role changes, an approval, WhatsApp number
// changes (a move and a merge, each notice delivered twice) and "hapus data" on both channels, the stored
// counters equal a recount of the contact items, and counting `semua` is one GetItem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAudienceResolver } from "../../functions/lib/store/outbox-audience.js";
import { createStatCounters } from "../../functions/lib/store/stat-counters.js";
import { computeCounters } from "../../functions/lib/store/stat-recount.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgText } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import {
  nextWamid,
  postWhatsApp,
  waMessage,
  waNotification,
  waTextMessage,
  whatsappEnv,
} from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
let store: { client: TestTable["documentClient"]; tableName: string };
const staffId = 9520;
/** When set, the next TransactWriteItems is applied but its answer is lost (the caller sees an error). */
const loseNextCommit = { armed: false, lost: 0 };

beforeAll(async () => {
  table = await createTestTable("contact-counters");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  table.documentClient.intercept(async (call, next) => {
    const result = await next();
    if (loseNextCommit.armed && call.operation === "TransactWriteItems") {
      loseNextCommit.armed = false;
      loseNextCommit.lost++;
      throw Object.assign(new Error("answer lost"), { name: "ServiceUnavailable", $fault: "server" });
    }
    return result;
  });
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: String(staffId) }),
    ...whatsappEnv(whatsapp.url),
  });
  store = { client: table.documentClient, tableName: table.tableName };
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const contactCounters = async () =>
  Object.fromEntries(
    Object.entries(await createStatCounters(store).read()).filter(
      ([name, value]) => name.startsWith("contacts.") && value !== 0,
    ),
  );

/** The contact items as they are, by role (what the counters must say). */
async function contactsByRole() {
  const byRole: Record<string, number> = {};
  for (const item of await table.scanAll())
    if (item.sk === "CONTACT")
      byRole[`contacts.role.${String(item.role)}`] = (byRole[`contacts.role.${String(item.role)}`] ?? 0) + 1;
  return byRole;
}

/** Stored counters == the items == the recount, at every step. */
async function expectCounted(expected: Record<string, number>) {
  const stored = await contactCounters();
  expect(stored).toEqual(expected);
  expect(await contactsByRole()).toEqual(expected);
  const recount = Object.fromEntries(
    Object.entries(await computeCounters(store)).filter(([name]) => name.startsWith("contacts.")),
  );
  expect(recount).toEqual(expected);
}

const changedNumber = (from: string, to: string, id = nextWamid()) =>
  waNotification([
    waMessage(
      from,
      {
        type: "system",
        system: {
          body: `User ${from} changed from ${from} to ${to}`,
          wa_id: to,
          type: "user_changed_number",
        },
      },
      { id },
    ),
  ]);

async function twiceWhatsApp(body: object) {
  for (let i = 0; i < 2; i++) expect((await postWhatsApp(test.app, body)).status).toBe(200);
}

describe("per-role contact counters", () => {
  it("equal the contact items after races, retries, role changes, number changes and erasures", async () => {
    // The staff member's first message; then a new Telegram user's two first messages at once (both
    // create the contact: one transaction wins, the other turn retries) and one of them re-delivered.
    const staff = telegramChat(test.app, telegram, staffId, "Petugas");
    await staff.say("halo");
    const first = tgText(752_001, "halo");
    const second = tgText(752_001, "menu");
    const answers = await Promise.all([postTelegram(test.app, first), postTelegram(test.app, second)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await postTelegram(test.app, first)).status).toBe(200);
    await expectCounted({ "contacts.role.staff": 1, "contacts.role.buyer": 1 });

    // A first WhatsApp message whose commit is applied but its answer lost, then re-delivered (same wamid).
    const w1 = "6281399001111";
    const lostOne = waNotification([waTextMessage(w1, "halo", { id: nextWamid() })]);
    loseNextCommit.armed = true;
    await postWhatsApp(test.app, lostOne);
    expect(loseNextCommit.lost).toBe(1);
    await twiceWhatsApp(lostOne);
    await expectCounted({ "contacts.role.staff": 1, "contacts.role.buyer": 2 });

    // Staff CLI: a grant to someone never seen (creates the contact), a grant to a buyer, the same grant
    // again (no change), a removal (back to buyer).
    for (const args of [
      ["staff", "add", "telegram:752002"],
      ["staff", "add", `whatsapp:${w1}`],
      ["staff", "add", `whatsapp:${w1}`],
    ])
      expect((await runAdminInProcess(args, { table })).code).toBe(0);
    await expectCounted({ "contacts.role.staff": 3, "contacts.role.buyer": 1 });
    expect((await runAdminInProcess(["staff", "remove", `whatsapp:${w1}`], { table })).code).toBe(0);
    await expectCounted({ "contacts.role.staff": 2, "contacts.role.buyer": 2 });

    // Number changes, each notice delivered twice: w1 moves to a number never seen; w2 merges into w3's
    // existing contact (two contacts become one).
    const w1New = "6281399001112";
    await twiceWhatsApp(changedNumber(w1, w1New));
    await expectCounted({ "contacts.role.staff": 2, "contacts.role.buyer": 2 });
    const w2 = "6281399002221";
    const w3 = "6281399002222";
    const w2Chat = whatsappChat(test.app, whatsapp, w2, "Wati");
    await w2Chat.say("halo");
    await whatsappChat(test.app, whatsapp, w3, "Wati").say("halo");
    await expectCounted({ "contacts.role.staff": 2, "contacts.role.buyer": 4 });
    await twiceWhatsApp(changedNumber(w2, w3));
    await expectCounted({ "contacts.role.staff": 2, "contacts.role.buyer": 3 });

    // "hapus data" on both channels, the confirmation delivered twice on WhatsApp.
    const tg = telegramChat(test.app, telegram, 752_001, "Ani");
    await tg.say("hapus data");
    await tg.choose("Ya, hapus");
    expect(tg.last().text).toContain("sudah dihapus");
    const w3Chat = whatsappChat(test.app, whatsapp, w3, "Wati");
    await w3Chat.say("hapus data");
    const confirm = w3Chat.last().choices.find((choice) => choice.id.startsWith("priv:del:yes"));
    expect(confirm).toBeDefined();
    const press = waNotification([
      waMessage(
        w3,
        {
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: confirm!.id, title: "Ya, hapus" } },
        },
        { id: nextWamid() },
      ),
    ]);
    await twiceWhatsApp(press);
    expect(w3Chat.last().text).toContain("sudah dihapus");
    await expectCounted({ "contacts.role.staff": 2, "contacts.role.buyer": 1 });

    // The `semua` count: one GetItem, whatever the number of contacts.
    const audiences = createAudienceResolver(store);
    const before = table.faults.calls;
    expect(await audiences.count({ kind: "semua" })).toBe(3);
    expect(table.faults.calls - before).toBe(1);

    // The recount CLI agrees (nothing to change).
    const recount = await runAdminInProcess(["stats", "recount"], { table });
    expect(recount).toMatchObject({ code: 0, stdout: expect.stringContaining("0 changed") });
  }, 120_000);
});
