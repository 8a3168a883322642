import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

interface UnansweredRow {
  count: number;
  examples: string[];
  reasons: string[];
}

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("faqchat");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url));
});
afterAll(async () => {
  await fake.close();
});

let nextUser = 40_000;
const newChat = () => telegramChat(test.app, fake, ++nextUser);

describe("FAQ in chat", () => {
  it("answers an informal question with the topic, related topics and a helpful? question", async () => {
    const chat = newChat();
    await chat.say("gmn cara dapet pinjaman tanpa bunga?");
    const [answer, feedback] = chat.replies().slice(-2);
    expect(answer?.text).toContain("Pinjaman");
    expect(answer?.text).toContain("Sumber:");
    expect(answer?.choices.map((c) => c.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^faq:t:/)]),
    );
    expect(feedback?.text).toContain("Apakah jawaban ini membantu?");
    expect(feedback?.choices.map((c) => c.id)).toEqual([
      "faq:fb:y:pinjaman-tanpa-bunga",
      "faq:fb:n:pinjaman-tanpa-bunga",
    ]);
    await chat.choose("Tidak");
    expect(chat.last().text).toContain("sudah dicatat");
  });

  it("offers the feature's button with a feature topic", async () => {
    const chat = newChat();
    await chat.say("sy mau daftarin usaha sy gmn caranya");
    const answer = chat.replies().at(-2);
    expect(answer?.choices.map((c) => c.id)).toContain("reg");
  });

  it("browses a group from the menu", async () => {
    const chat = newChat();
    await chat.say("/start");
    await chat.choose("Pembiayaan");
    const ids = chat.last().choices.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(["faq:t:kur", "faq:t:pinjaman-tanpa-bunga", "faq:t:bantuan-modal"]),
    );
    await chat.press("faq:t:kur");
    expect(chat.replies().at(-2)?.text).toContain("KUR");
  });

  it("says kindly when a question is out of scope and shows what it can do, and greets greetings", async () => {
    const chat = newChat();
    await chat.say("harga cabai hari ini brp");
    expect(chat.last().text).toContain("Maaf");
    expect(chat.last().choices.map((c) => c.id)).toEqual(expect.arrayContaining(["reg", "faq:g:pelatihan"]));
    await chat.say("assalamualaikum");
    expect(chat.last().text).toContain("Halo");
  });

  it("records unanswered and unhelpful questions for staff, most frequent first", async () => {
    for (const text of ["resep rendang padang", "resep rendang padang", "jadwal kapal ferry"])
      await newChat().say(text);
    const run = await runAdminInProcess(["unanswered", "--format", "json"], { table });
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as UnansweredRow[];
    expect(rows[0]?.examples).toContain("resep rendang padang");
    expect(rows[0]?.count).toBe(2);
    expect(rows.some((row) => row.reasons.some((reason) => reason.startsWith("not-helpful")))).toBe(true);
    expect(rows.flatMap((row) => row.examples)).toContain("jadwal kapal ferry");

    // The real process once: the same rows on stdout, from the table named by its environment.
    const spawned = await runAdminProcess(["unanswered", "--format", "json"], table);
    expect(spawned.code).toBe(0);
    expect(JSON.parse(spawned.stdout) as UnansweredRow[]).toEqual(rows);
  });
});
