// "Hapus data" after a person used every feature: nothing that identifies them is left in the table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;
const staffId = 9300;

beforeAll(async () => {
  table = await createTestTable("erasure");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId) }));
});
afterAll(async () => {
  await fake.close();
});

describe("personal-data deletion", () => {
  it("removes the person from tickets, training sessions, subscriptions and registrations", async () => {
    const userId = 730_001;
    const chat = telegramChat(test.app, fake, userId, "Rahmawati");
    // A subscription, a handover ticket with a question, and a training seat.
    await chat.say("langganan promo");
    await chat.choose("Semua");
    await chat.say("hubungi petugas");
    await chat.say("Nama saya Rahmawati Unik, tolong bantu soal izin");
    // Staff read the open ticket's messages; a closed ticket keeps none (statistics need only its times).
    expect(JSON.stringify(await table.scanAll())).toContain("Rahmawati Unik");
    await chat.say("selesai");
    const closed = (await table.scanAll()).find(
      (item) => String(item.pk).startsWith("TICKET#") && item.sk === "TICKET",
    );
    expect(closed).toMatchObject({ status: "closed", questions: [] });
    const now = new Date();
    const trainings = createTrainingRepository({ client: table.documentClient, tableName: table.tableName });
    await trainings.create({
      id: "tr1",
      title: "Pelatihan kemasan",
      topic: "kemasan",
      startsAt: now.getTime() + 7 * 86_400_000,
      place: "Gedung Pusat Kemasan",
      quota: 10,
      deadline: now.getTime() + 6 * 86_400_000,
      openToAll: true,
      createdAt: now.getTime(),
      createdBy: `telegram:${staffId}`,
    });
    await chat.press("tr:in:tr1");
    const before = JSON.stringify(await table.scanAll());
    expect(before).toContain(`telegram#${userId}`);
    expect(before).toContain("Rahmawati");
    expect(before).toContain("REF#TRAINING#tr1");
    expect(before).toContain("REF#TICKET#");
    expect(before).toContain(`PARTICIPANT#telegram`);

    await chat.say("hapus data");
    await chat.choose("Ya, hapus");
    expect(chat.last().text).toContain("sudah dihapus");

    const after = await table.scanAll();
    const dump = JSON.stringify(after);
    for (const trace of [String(userId), "Rahmawati"]) expect(dump).not.toContain(trace);
    // What statistics need survives without the person: the ticket's times, the session.
    const ticket = after.find((item) => String(item.pk).startsWith("TICKET#") && item.sk === "TICKET");
    expect(ticket).toMatchObject({ anonymised: true, questions: [] });
    expect(after.find((item) => item.pk === "TRAINING#tr1" && item.sk === "SESSION")).toBeDefined();
  });
});
