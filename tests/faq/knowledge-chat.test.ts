// The learning loop in chat: staff see unanswered questions in /statistik and assign one to a topic with a
// button; the bot answers it on the next turn (this instance at once, the others after the version cache TTL).
import { afterAll, beforeAll, expect, it } from "vitest";
import { KNOWLEDGE_TTL_MS } from "../../functions/lib/core/faq/knowledge.js";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let tgFake: FakeTelegramApi;
let waFake: FakeWhatsAppApi;
let telegram: TestApp;
let whatsapp: TestApp;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const staffId = 94_100;

beforeAll(async () => {
  table = await createTestTable("kbchat");
  tgFake = await startFakeTelegramApi();
  waFake = await startFakeWhatsAppApi();
  telegram = buildTestApp(table, telegramEnv(tgFake.url, { STAFF_TELEGRAM_IDS: String(staffId) }), { clock });
  whatsapp = buildTestApp(table, whatsappEnv(waFake.url), { clock });
}, 60_000);
afterAll(async () => {
  await tgFake?.close();
  await waFake?.close();
});

it("staff assign an unanswered question from /statistik; both channels answer it next", async () => {
  const question = "bunga pinjaman";
  const loan = getFaqTopic("pinjaman-tanpa-bunga");
  const wa = whatsappChat(whatsapp.app, waFake, "6289400941001", "Rina", clock);
  await wa.say(question);
  expect(wa.last().text).not.toContain(loan.answer.id);
  // Small talk is answered kindly and never listed as a gap in the knowledge.
  await wa.say("makasih kak");

  const staff = telegramChat(telegram.app, tgFake, staffId, "Petugas", clock);
  await staff.say("/statistik");
  const list = staff.last();
  // Listed as someone asked it (similar wordings counted together).
  expect(list.text).toContain("\n1. bunga pinjaman (1×)\n");
  expect(list.text).not.toMatch(/makasih/i);
  expect(list.text).toContain("📅 Topik FAQ yang perlu dicek ulang (dicek lebih dari 180 hari lalu):");
  const button = list.choices.find((choice) => choice.label.startsWith("➕ 1 → "));
  expect(button?.label).toBe(`➕ 1 → ${loan.title.id}`);
  await staff.press(button!.id);
  expect(staff.last().text).toBe(
    `✅ "${question}" sekarang menjadi contoh pertanyaan untuk topik ${loan.title.id}. Bot menjawabnya mulai sekarang (di semua server dalam satu menit).`,
  );

  // The instance that made the edit answers it on the very next turn...
  const person = telegramChat(telegram.app, tgFake, 94_101, "Siti", clock);
  await person.say(question);
  expect(person.last().text).toContain(loan.answer.id);
  // ...another instance after its cached version read expires.
  offsetMs += KNOWLEDGE_TTL_MS + 1_000;
  await wa.say(question);
  expect(wa.last().text).toContain(loan.answer.id);

  const history = JSON.parse(
    (await runAdminInProcess(["knowledge", "history", loan.id], { table, clock })).stdout,
  );
  expect(history).toEqual([
    expect.objectContaining({ version: 1, by: "shipped" }),
    expect.objectContaining({ version: 2, by: `telegram:${staffId}`, changed: ["examples"] }),
  ]);
});

it("staff teach any unanswered question from /statistik by picking its topic from the whole list", async () => {
  const question = "ada bazar sembako murah gak";
  const aid = getFaqTopic("bantuan-modal");
  const person = telegramChat(telegram.app, tgFake, 94_102, "Dewi", clock);
  await person.say(question);
  expect(person.last().text).not.toContain(aid.answer.id);

  const staff = telegramChat(telegram.app, tgFake, staffId, "Petugas", clock);
  await staff.say("/statistik");
  await staff.press(staff.last().choices.find((choice) => choice.label === "🧠 Ajarkan pertanyaan")!.id);
  const questions = staff.last();
  expect(questions.text).toContain("Pertanyaan mana yang ingin Anda ajarkan ke bot?");
  const line = questions.text.split("\n").find((row) => row.endsWith(question))!;
  expect(line).toBeDefined();
  const number = line.split(".")[0];
  await staff.press(questions.choices.find((choice) => choice.label.startsWith(`${number}. `))!.id);
  expect(staff.last().text).toContain(`Pertanyaan: "${question}"`);
  const topicButton = staff.last().choices.find((choice) => choice.label === aid.title.id)!.id;
  await staff.press(topicButton);
  expect(staff.last().text).toContain(`sekarang menjadi contoh pertanyaan untuk topik ${aid.title.id}`);
  // A second tap on the same button changes nothing.
  await staff.press(topicButton);
  expect(staff.last().text).not.toContain("sekarang menjadi contoh");
  const history = JSON.parse(
    (await runAdminInProcess(["knowledge", "history", aid.id], { table, clock })).stdout,
  );
  expect(history).toHaveLength(2);
  await person.say(question);
  expect(person.last().text).toContain(aid.answer.id);
});

it("lists topics checked longer ago than KNOWLEDGE_MAX_AGE_DAYS in /statistik", async () => {
  offsetMs += 3 * 365 * 24 * 60 * 60 * 1000;
  const staff = telegramChat(telegram.app, tgFake, staffId, "Petugas", clock);
  await staff.say("/statistik");
  const kur = getFaqTopic("kur");
  expect(staff.last().text).toMatch(
    new RegExp(
      `\\n {3}${kur.title.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} · dicek ${kur.checkedAt} \\(\\d+ hari\\)`,
    ),
  );
});
