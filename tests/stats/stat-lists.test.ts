// The lists /statistik reads instead of querying (stat-lists.ts): the newest jobs, the upcoming sessions and the
// day groups of unanswered questions equal a recount after creations (retried and racing), moves, cancellations,
// questions asked through both webhooks and a "hapus data" (racing with itself), and the erased wording is gone.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewSession } from "../../functions/lib/core/training/training.js";
import { GetCommand, PutCommand } from "../../functions/lib/store/dynamo-commands.js";
import { createOutboxJobRepository } from "../../functions/lib/store/outbox-jobs.js";
import { wibDay } from "../../functions/lib/store/stat-counters.js";
import { recentJobsKey, trainingsKey, unansweredDayKey } from "../../functions/lib/store/stat-lists.js";
import { computeStatItems, readStatItems, recountCounters } from "../../functions/lib/store/stat-recount.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import { createUnansweredLog } from "../../functions/lib/store/unanswered-log.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { statsSourceOf, statsStoreOf } from "../support/stats.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
const staffId = 9410;
const minute = 60_000;
const hour = 60 * minute;

beforeAll(async () => {
  table = await createTestTable("statlists");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: String(staffId) }),
    ...whatsappEnv(whatsapp.url),
  });
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const storedItem = async (key: { pk: string; sk: string }) =>
  (
    await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
    )
  ).Item ?? {};

/** The stored STATS items are exactly what a recount computes from the records. */
async function expectRecounted(now: Date) {
  const store = statsStoreOf(table);
  expect(await readStatItems(store, now)).toEqual(await computeStatItems(store, now));
}

describe("the lists behind /statistik", () => {
  it("keep the newest jobs: retried and racing creations, reply jobs left out, the oldest dropped", async () => {
    const store = statsStoreOf(table);
    const jobs = createOutboxJobRepository(store);
    const now = new Date();
    const job = (id: string, at: Date, kind?: "reply") =>
      jobs.create({
        id,
        ...(kind ? { kind, recipient: { channel: "telegram" as const, userId: "77" } } : {}),
        audience: { kind: "penjual" },
        content: { text: `Kabar ${id}` },
        createdByLanguage: "id",
        sendAt: at,
        now: at,
      });
    for (let i = 0; i < 12; i++)
      await job(`JL${String(i).padStart(2, "0")}`, new Date(now.getTime() - (20 - i) * minute));
    // A retried creation is named once; a reply job never.
    expect((await job("JL11", new Date(now.getTime() - 9 * minute))).created).toBe(false);
    await job("JLREPLY", now, "reply");
    const stored = await storedItem(recentJobsKey);
    expect([...(stored.recent as Set<string>)].map((entry) => entry.split("#")[1]).sort()).toEqual([
      "JL02",
      "JL03",
      "JL04",
      "JL05",
      "JL06",
      "JL07",
      "JL08",
      "JL09",
      "JL10",
      "JL11",
    ]);
    await expectRecounted(now);

    // Two creations at once both land (the set takes both adds), and the list stays exact.
    await Promise.all([
      job("JLRACE1", new Date(now.getTime() - 2 * minute)),
      job("JLRACE2", new Date(now.getTime() - minute)),
    ]);
    await expectRecounted(now);
    await jobs.cancel("JLRACE1", now);

    const stats = await statsSourceOf(table).collect(now);
    expect(stats.broadcasts.map((row) => [row.id, row.state])).toEqual([
      ["JLRACE2", "scheduled"],
      ["JLRACE1", "cancelled"],
      ["JL11", "scheduled"],
      ["JL10", "scheduled"],
      ["JL09", "scheduled"],
    ]);
  });

  it("keep the upcoming sessions: retried and racing creations, a moved, a cancelled and a started one", async () => {
    const store = statsStoreOf(table);
    const trainings = createTrainingRepository(store);
    const now = new Date();
    const session = (id: string, startsAt: number, createdAt = now.getTime()): NewSession => ({
      id,
      title: `Pelatihan ${id}`,
      topic: "tapis",
      startsAt,
      place: "Kemiling",
      quota: 10,
      deadline: startsAt - hour,
      openToAll: true,
      createdAt,
      createdBy: "test",
    });
    // One that has started by the time the next is created: dropped from the list then.
    await trainings.create(session("TLPAST", now.getTime() - hour, now.getTime() - 3 * hour));
    await trainings.create(session("TLA", now.getTime() + 48 * hour));
    await trainings.create(session("TLA", now.getTime() + 48 * hour));
    await trainings.create(session("TLB", now.getTime() + 72 * hour));
    await trainings.create(session("TLC", now.getTime() + 96 * hour));
    expect(Object.keys(await storedItem(trainingsKey)).sort()).toEqual(["TLA", "TLB", "TLC", "pk", "sk"]);
    // TLC moves before TLA; TLB is cancelled; two more created at once.
    expect(await trainings.update("TLC", { startsAt: now.getTime() + 24 * hour }, now)).toBe("updated");
    expect((await trainings.cancel("TLB", now, { noticesPending: false }))?.status).toBe("cancelled");
    expect(await trainings.cancel("TLB", now, { noticesPending: false })).toBeNull();
    await Promise.all([
      trainings.create(session("TLD", now.getTime() + 120 * hour)),
      trainings.create(session("TLE", now.getTime() + 144 * hour)),
    ]);
    await expectRecounted(now);

    const stats = await statsSourceOf(table).collect(now);
    expect(stats.trainings.map((row) => row.id)).toEqual(["TLC", "TLA", "TLD", "TLE"]);
  });

  it("group unanswered questions asked through both webhooks; 'hapus data' takes the person's wording away", async () => {
    const store = statsStoreOf(table);
    const tg = telegramChat(test.app, telegram, 741_001, "Rina");
    const waNumber = "6281377770001";
    const wa = whatsappChat(test.app, whatsapp, waNumber, "Joko");
    // The same words three ways: one wording asked by both, one only by the WhatsApp user.
    await tg.say("cara jual produk ke eropa lewat kapal laut");
    await wa.say("cara jual produk ke eropa lewat kapal laut");
    await wa.say("Cara jual produk ke Eropa lewat kapal laut??");
    const staff = telegramChat(test.app, telegram, staffId, "Petugas");
    await staff.say("/statistik");
    expect(staff.last().text).toContain("1. Cara jual produk ke Eropa lewat kapal laut?? (3×)");
    await expectRecounted(new Date());

    // Two unanswered questions in a row offered a handover ticket: closed first.
    await wa.say("selesai");
    await wa.say("hapus data");
    await wa.choose("Ya, hapus");
    await staff.say("/statistik");
    // Rina's question stays, with her wording; Joko's own wording is nowhere in the table.
    expect(staff.last().text).toContain("1. cara jual produk ke eropa lewat kapal laut (1×)");
    expect(JSON.stringify(await table.scanAll())).not.toContain("Eropa lewat kapal laut??");
    await expectRecounted(new Date());

    // A person's erasure run twice at once takes each question away once.
    const log = createUnansweredLog(store);
    const asker = { channel: "telegram" as const, userId: "741002" };
    const now = new Date();
    for (const text of ["kapan pasar malam buka", "Kapan pasar malam buka?"])
      await log.record(
        {
          text,
          normalised: "kapan pasar malam buka",
          topicGuess: "jadwal",
          reason: "unsure",
          channel: "telegram",
          at: now.getTime(),
        },
        asker,
      );
    await log.record(
      {
        text: "kapan pasar malam buka",
        normalised: "kapan pasar malam buka",
        topicGuess: null,
        reason: "unsure",
        channel: "telegram",
        at: now.getTime(),
      },
      { channel: "telegram", userId: "741003" },
    );
    // Questions logged at once meet on their day item: each is counted once.
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((userId) =>
        log.record(
          {
            text: "kapan pasar malam buka",
            normalised: "kapan pasar malam buka",
            topicGuess: null,
            reason: "unsure",
            channel: "whatsapp",
            at: now.getTime(),
          },
          { channel: "telegram", userId: `741010${userId}` },
        ),
      ),
    );
    await Promise.all([log.forgetUser(asker, now), log.forgetUser(asker, now)]);
    await expectRecounted(now);
    const day = await storedItem(unansweredDayKey(wibDay(now.getTime())));
    expect(JSON.stringify(day, (_, value) => (value instanceof Set ? [...value] : value))).not.toContain(
      "Kapan pasar malam buka?",
    );
    const rows = (await statsSourceOf(table).collect(now)).unanswered;
    expect(rows).toContainEqual({
      question: "kapan pasar malam buka",
      count: 6,
      example: "kapan pasar malam buka",
      topicGuess: null,
    });

    // A drifted day item is repaired by the recount, and a stray one removed.
    const dayKey = unansweredDayKey(wibDay(now.getTime()));
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...(await storedItem(dayKey)), "n#00000000": 4 },
      }),
    );
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...unansweredDayKey("2020-01-01"), "n#00000001": 1 },
      }),
    );
    const { before, after } = await recountCounters(store, now);
    expect(before[`${dayKey.sk}.n#00000000`]).toBe(4);
    expect(after[`${dayKey.sk}.n#00000000`]).toBeUndefined();
    await expectRecounted(now);
    expect(await storedItem(unansweredDayKey("2020-01-01"))).toEqual({});
  });
});
