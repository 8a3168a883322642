// Knowledge in the store: staff import and assign through the admin CLI, and every app instance (Lambda) answers
// with the new version once its cached version read is older than a minute.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KNOWLEDGE_TTL_MS } from "../../functions/lib/core/faq/knowledge.js";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import { KNOWLEDGE_COLUMNS, parseCsv } from "../../scripts/lib/knowledge-file.js";
import { toCsv } from "../../scripts/lib/output.js";
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
let dir: string;
// One clock for both apps and the CLI: the test moves it past the version cache's TTL.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  table = await createTestTable("kbstore");
  tgFake = await startFakeTelegramApi();
  waFake = await startFakeWhatsAppApi();
  // Two app instances on the same table, as two Lambdas would be.
  telegram = buildTestApp(table, telegramEnv(tgFake.url), { clock });
  whatsapp = buildTestApp(table, whatsappEnv(waFake.url), { clock });
  dir = await mkdtemp(join(tmpdir(), "kb-"));
}, 60_000);
afterAll(async () => {
  await tgFake?.close();
  await waFake?.close();
});

const admin = (...args: string[]) => runAdminInProcess(args, { table, clock });
const afterTtl = () => {
  offsetMs += KNOWLEDGE_TTL_MS + 1_000;
};

/** The exported CSV as rows of named cells. */
async function exportedRows(): Promise<Record<string, string>[]> {
  const exported = await admin("knowledge", "export");
  expect(exported.code).toBe(0);
  const [header = [], ...rows] = parseCsv(exported.stdout);
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}

async function csvFile(name: string, rows: readonly Record<string, string>[]): Promise<string> {
  const file = join(dir, name);
  // Written as a spreadsheet saves it (the export's defusing undone by the import).
  await writeFile(file, toCsv(rows, KNOWLEDGE_COLUMNS));
  return file;
}

const kurRow = (rows: Record<string, string>[], language: "id" | "en") =>
  rows.find((row) => row.topic === "kur" && row.language === language)!;

const NEW_KUR =
  "KUR adalah pinjaman usaha dari bank penyalur dengan bunga dibantu pemerintah. Jawaban ini diperbarui petugas hari ini. Pastikan ke bank.";

it("an import changes the answer: dry run first, then every instance answers with it after the cache TTL", async () => {
  const tg = telegramChat(telegram.app, tgFake, 93_001, "Siti", clock);
  const wa = whatsappChat(whatsapp.app, waFake, "6289400931001", "Rina", clock);
  const shipped = getFaqTopic("kur").answer.id;
  await tg.say("berapa bunga KUR sekarang");
  await wa.say("berapa bunga KUR sekarang");
  expect(tg.last().text).toContain(shipped);
  expect(wa.last().text).toContain(shipped);

  const rows = await exportedRows();
  expect(rows).toHaveLength(2 * 24);
  kurRow(rows, "id").answer = NEW_KUR;
  const file = await csvFile("kur.csv", rows);

  // The untouched rows change nothing: only kur's answer is in the diff.
  const dry = await admin("knowledge", "import", file, "--dry-run");
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain("~ kur (v2): answer\n");
  expect(dry.stdout).toContain(`answer.id: ${shipped.slice(0, 157)}`);
  expect(dry.stdout.match(/^[~+] /gm)).toHaveLength(1);
  expect(dry.stdout).toContain("nothing applied");
  expect(JSON.parse((await admin("knowledge", "history", "kur")).stdout)).toHaveLength(1);

  const applied = await admin("knowledge", "import", file, "--by", "rina-dinas");
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain("Applied as content version 1");

  // Within the TTL both instances still answer from their cached version...
  await tg.say("berapa bunga KUR sekarang");
  await wa.say("berapa bunga KUR sekarang");
  expect(tg.last().text).toContain(shipped);
  expect(wa.last().text).toContain(shipped);
  // ...and the next turn after it uses the import, on both channels.
  afterTtl();
  await tg.say("berapa bunga KUR sekarang");
  await wa.say("berapa bunga KUR sekarang");
  expect(tg.last().text).toContain(NEW_KUR);
  expect(tg.last().text).not.toContain(shipped);
  expect(wa.last().text).toContain(NEW_KUR);

  // History keeps the shipped text as version 1 and the import as version 2, with who and what changed.
  const history = await admin("knowledge", "history", "kur");
  expect(history.code).toBe(0);
  expect(JSON.parse(history.stdout)).toEqual([
    expect.objectContaining({ version: 1, by: "shipped", changed: ["seed"], answer: shipped }),
    expect.objectContaining({
      version: 2,
      contentVersion: 1,
      by: "rina-dinas",
      changed: ["answer"],
      answer: NEW_KUR,
    }),
  ]);
  // Importing the same file again changes nothing.
  expect((await admin("knowledge", "import", file)).stdout).toContain("Tidak ada perubahan");
});

it("rejects a file with bad rows, naming row and field, and applies nothing", async () => {
  const rows = await exportedRows();
  const before = await admin("knowledge", "export", "--format", "json");
  kurRow(rows, "id").answer = "Jawaban baru yang tidak boleh masuk karena ada baris lain yang salah.";
  const en = kurRow(rows, "en");
  en.answer = "";
  const halal = rows.find((row) => row.topic === "sertifikat-halal" && row.language === "id")!;
  halal.office = "dinas-entah";
  const nib = rows.find((row) => row.topic === "nib" && row.language === "id")!;
  nib.related = "kur\ntopik-yang-tidak-ada";
  const file = await csvFile("bad.csv", rows);
  const rowNumber = (row: Record<string, string>) => rows.indexOf(row) + 2;

  const result = await admin("knowledge", "import", file);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`Row ${rowNumber(en)}, field answer:`);
  expect(result.stderr).toContain(`Row ${rowNumber(halal)}, field office:`);
  expect(result.stderr).toContain(`Row ${rowNumber(nib)}, field related: unknown topic topik-yang-tidak-ada`);
  expect(result.stderr).toContain("nothing applied");
  expect(result.stdout).toBe("");
  expect((await admin("knowledge", "export", "--format", "json")).stdout).toBe(before.stdout);
  expect(JSON.parse((await admin("knowledge", "history", "kur")).stdout)).toHaveLength(2);
});

it("answers an assigned question on the next turn, and a topic created by import", async () => {
  const tg = telegramChat(telegram.app, tgFake, 93_002, "Siti", clock);
  const question = "gimana cara jualan di shopee";
  await tg.say(question);
  const digital = getFaqTopic("pelatihan-digital");
  expect(tg.last().text).not.toContain(digital.answer.id);
  // It is on the staff's unanswered list, and assigned from there.
  const unanswered = JSON.parse((await admin("unanswered")).stdout) as { examples: string[] }[];
  expect(unanswered.some((row) => row.examples.includes(question))).toBe(true);

  const assigned = await admin("knowledge", "assign", question, "pelatihan-digital");
  expect(assigned.code).toBe(0);
  expect(assigned.stdout).toContain("~ pelatihan-digital (v2): examples");
  afterTtl();
  await tg.say(question);
  expect(tg.last().text).toContain(digital.answer.id);

  // A new topic (an id outside the shipped list), created by import, is answered too.
  const rows = (await exportedRows()).filter((row) => row.topic === "kur");
  for (const row of rows) {
    row.topic = "bazar-ramadan";
    row.title = row.language === "id" ? "Bazar Ramadan UMKM" : "UMKM Ramadan bazaar";
    row.answer =
      row.language === "id"
        ? "Bazar Ramadan UMKM dibuka di Taman UMKM Bung Karno. Tanyakan jadwalnya ke petugas."
        : "The UMKM Ramadan bazaar opens at Taman UMKM Bung Karno. Ask staff for the dates.";
    row.detail = "";
    row.examples =
      row.language === "id" ? "kapan bazar ramadan dibuka\nbazar ramadan di mana\nikut bazar ramadan" : "";
    row.keywords = row.language === "id" ? "bazar\nramadan\nbazar ramadan" : "";
  }
  const created = await admin("knowledge", "import", await csvFile("new.csv", rows));
  expect(created.code).toBe(0);
  expect(created.stdout).toContain("+ bazar-ramadan (v1): created");
  afterTtl();
  await tg.say("kapan bazar ramadan dibuka");
  expect(tg.last().text).toContain("Bazar Ramadan UMKM dibuka di Taman UMKM Bung Karno");
});

it("lists topics checked longer ago than the maximum age (KNOWLEDGE_MAX_AGE_DAYS, default 180)", async () => {
  const later = { now: () => new Date("2099-01-01T00:00:00Z") };
  const stale = await runAdminInProcess(["knowledge", "stale"], { table, clock: later });
  expect(stale.code).toBe(0);
  const rows = JSON.parse(stale.stdout) as { id: string; checkedAt: string; ageDays: number }[];
  expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(["nib", "kur", "bazar-ramadan"]));
  expect(rows.every((row) => row.ageDays > 180)).toBe(true);
  // Checked on the day itself: nothing is stale.
  const newest = rows
    .map((row) => row.checkedAt)
    .sort()
    .at(-1)!;
  const fresh = await runAdminInProcess(["knowledge", "stale", "--days", "1"], {
    table,
    clock: { now: () => new Date(`${newest}T12:00:00+07:00`) },
  });
  expect(JSON.parse(fresh.stdout)).toEqual(
    rows
      .filter((row) => row.checkedAt < newest && Date.parse(newest) - Date.parse(row.checkedAt) > 86_400_000)
      .map((row) => expect.objectContaining({ id: row.id })),
  );
});
