// The lists /statistik reads instead of querying (stat-lists.ts, unanswered-day-items.ts): the newest jobs, the
// upcoming sessions and the day groups of unanswered questions equal a recount after creations (retried and
// racing), moves, cancellations, questions asked through both webhooks and a "hapus data" (racing with itself),
// and the erased wording is gone; a day item stays bounded (cut wordings, groups past the cap in overflow) and a
// refused day write loses no question.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewSession } from "../../functions/lib/core/training/training.js";
import { GetCommand, PutCommand } from "../../functions/lib/store/dynamo-commands.js";
import { createOutboxJobRepository } from "../../functions/lib/store/outbox-jobs.js";
import { wibDay } from "../../functions/lib/store/stat-counters.js";
import { recentJobsKey, trainingsKey } from "../../functions/lib/store/stat-lists.js";
import { computeStatItems, readStatItems, recountCounters } from "../../functions/lib/store/stat-recount.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import {
  groupNames,
  questionGroup,
  shortWording,
  unansweredDayKey,
  unansweredLimits,
} from "../../functions/lib/store/unanswered-day-items.js";
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

  it("bound a day's questions: cut wordings (erased by the same cut), two per group, 25 groups, the rest in overflow", async () => {
    const store = statsStoreOf(table);
    const log = createUnansweredLog(store);
    const now = new Date();
    // Noon (WIB) of past days: the questions a second apart stay on their day whenever the test runs.
    const noon = (daysAgo: number) =>
      Date.parse(`${wibDay(now.getTime() - daysAgo * 24 * hour)}T12:00:00+07:00`);
    const at = noon(3);
    const dayKey = unansweredDayKey(wibDay(at));
    // A second apart: the recount takes them in logging order (sort keys start with the time).
    let tick = 0;
    const ask = (text: string, userId: string, from = at) =>
      log.record(
        {
          text,
          normalised: text.toLowerCase(),
          topicGuess: "sentra-tapis-kemiling",
          reason: "unsure",
          channel: "telegram",
          at: from + 1000 * tick++,
        },
        { channel: "telegram", userId },
      );
    // A 4,000-character question asked twice the same way, once in capitals and once in small letters: one group,
    // the first two wordings kept, each cut at a word to 120 bytes.
    const long = `Bagaimana cara mengurus izin ${"usaha mikro kecil menengah ".repeat(150)}`.slice(0, 4000);
    await ask(long, "742001");
    await ask(long, "742002");
    await ask(long.toUpperCase(), "742004");
    await ask(long.toLowerCase(), "742003");
    // 31 groups in all, asked one after another: the first 25 are kept, the other 6 only counted.
    for (let i = 0; i < 30; i++)
      await ask(`kapan pameran nomor ${i} dibuka`, `7430${String(i).padStart(2, "0")}`);
    // A kept group is still counted after the cap; a new one goes to overflow.
    await ask("kapan pameran nomor 0 dibuka", "743100");
    await ask("kapan bazar ramadan dibuka", "743101");

    const group = questionGroup({ normalised: long.toLowerCase(), text: long });
    const cut = shortWording(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(unansweredLimits.wordingBytes);
    expect(cut.endsWith("…")).toBe(true);
    // Cut after a whole word.
    expect(long.startsWith(`${cut.slice(0, -1)} `)).toBe(true);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(unansweredLimits.wordingBytes - 20);
    const day = await storedItem(dayKey);
    expect(day.groups).toBe(25);
    expect(day.overflow).toBe(7);
    expect(day[groupNames.count(group)]).toBe(4);
    expect([...(day[groupNames.texts(group)] as Set<string>)].sort()).toEqual(
      [shortWording(long.toUpperCase()), cut].sort(),
    );
    expect(
      day[groupNames.count(questionGroup({ normalised: "kapan pameran nomor 0 dibuka", text: "" }))],
    ).toBe(2);
    expect(
      day[groupNames.count(questionGroup({ normalised: "kapan pameran nomor 29 dibuka", text: "" }))],
    ).toBe(undefined);
    await expectRecounted(now);
    const rows = (await statsSourceOf(table).collect(now)).unanswered;
    expect(rows).toContainEqual({
      question: shortWording(long.toUpperCase()),
      count: 4,
      example: shortWording(long.toUpperCase()),
      topicGuess: "sentra-tapis-kemiling",
    });

    // "Hapus data": the uncounted wording only lowers the count; the cut wording goes with its last question.
    await log.forgetUser({ channel: "telegram", userId: "742003" }, now);
    await log.forgetUser({ channel: "telegram", userId: "742001" }, now);
    expect([...((await storedItem(dayKey))[groupNames.texts(group)] as Set<string>)]).toContain(cut);
    await log.forgetUser({ channel: "telegram", userId: "742002" }, now);
    const after = await storedItem(dayKey);
    expect(after[groupNames.count(group)]).toBe(1);
    expect([...(after[groupNames.texts(group)] as Set<string>)]).toEqual([shortWording(long.toUpperCase())]);
    expect(JSON.stringify(await table.scanAll())).not.toContain(cut.slice(0, 60));
    // A question counted in overflow leaves only that.
    await log.forgetUser({ channel: "telegram", userId: "743029" }, now);
    expect((await storedItem(dayKey)).overflow).toBe(6);
    await expectRecounted(now);

    // The worst a day item gets with these bounds: 25 groups, each with two 120-byte wordings and a topic.
    const worstAt = noon(5);
    for (let i = 0; i < 26; i++) {
      const text = `pertanyaan ${i} ${"tentang sertifikat halal gratis ".repeat(10)}`;
      await ask(text, `744${i}a`, worstAt);
      await ask(text.toUpperCase(), `744${i}b`, worstAt);
    }
    const worst = await storedItem(unansweredDayKey(wibDay(worstAt)));
    expect(worst.groups).toBe(25);
    expect(worst.overflow).toBe(2);
    // DynamoDB's item size (names + values; a number here takes at most 3 bytes): under 9 KB, so 9 WRU per write.
    const bytes = Object.entries(worst).reduce(
      (sum, [name, value]) =>
        sum +
        Buffer.byteLength(name) +
        (typeof value === "number"
          ? Math.ceil(String(value).length / 2) + 1
          : value instanceof Set
            ? [...value].reduce((total: number, text) => total + Buffer.byteLength(String(text)), 0)
            : Buffer.byteLength(String(value))),
      0,
    );
    expect(bytes).toBeGreaterThan(8 * 1024);
    expect(bytes).toBeLessThan(9 * 1024);
    await expectRecounted(now);
  });

  it("log a question without its day item when DynamoDB refuses that write; the recount repairs the item", async () => {
    const store = statsStoreOf(table);
    const log = createUnansweredLog(store);
    const now = new Date();
    const at = now.getTime() - 7 * 24 * hour;
    const dayKey = unansweredDayKey(wibDay(at));
    // A day item one question from DynamoDB's 400 KB limit (as an unbounded one would grow): that write fails.
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...dayKey, padding: "x".repeat(409_500) } }),
    );
    const question = {
      text: "apakah ada pelatihan ekspor untuk kopi robusta",
      normalised: "apakah ada pelatihan ekspor untuk kopi robusta",
      topicGuess: null,
      reason: "unsure" as const,
      channel: "telegram" as const,
      at,
    };
    await log.record(question, { channel: "telegram", userId: "745001" });
    expect((await log.list(now)).map((each) => each.text)).toContain(question.text);
    expect((await storedItem(dayKey))[groupNames.count(questionGroup(question))]).toBeUndefined();
    await recountCounters(store, now);
    expect((await storedItem(dayKey))[groupNames.count(questionGroup(question))]).toBe(1);
    await expectRecounted(now);
  });
});
