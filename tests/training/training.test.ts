// Training sessions through the real Telegram webhook, DynamoDB Local and the fake Bot API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHourlyJobs } from "../../functions/lib/app/scheduled-jobs.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import type { TrainingSession } from "../../functions/lib/core/training/training.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgCallback } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

const staffId = 8100;
let nowMs = Date.now();
const clock = { now: () => new Date(nowMs) };

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;
let trainings: ReturnType<typeof createTrainingRepository>;

beforeAll(async () => {
  table = await createTestTable("training");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: String(staffId) }), { clock });
  trainings = createTrainingRepository({ client: table.documentClient, tableName: table.tableName });
});
afterAll(async () => {
  await fake.close();
});

const day = 24 * 60 * 60 * 1000;
let nextSession = 0;
async function session(fields: Partial<TrainingSession> = {}): Promise<TrainingSession> {
  const startsAt = fields.startsAt ?? nowMs + 10 * day;
  return trainings.create({
    id: `PTEST${String(++nextSession).padStart(2, "0")}`,
    title: fields.title ?? `Pelatihan Tapis ${nextSession}`,
    topic: fields.topic ?? "tapis",
    startsAt,
    place: "Sentra Tapis Kemiling",
    quota: fields.quota ?? 20,
    deadline: fields.deadline ?? startsAt - day,
    openToAll: fields.openToAll ?? true,
    createdAt: nowMs,
    createdBy: "test",
  });
}

const sentTo = (userId: number) =>
  fake.calls
    .filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(userId))
    .map((call) =>
      String(call.payload.text)
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&"),
    );

let nextUser = 60_000;

describe("sign-up", () => {
  it("never overbooks: 50 people sign up at once through the webhook for 20 seats", async () => {
    const target = await session({ quota: 20, title: "Digital Marketing UMKM" });
    const users = Array.from({ length: 50 }, () => ++nextUser);
    const responses = await Promise.all(
      users.map((userId) => postTelegram(test.app, tgCallback(userId, `tr:in:${target.id}`))),
    );
    expect(responses.map((response) => response.status)).toEqual(users.map(() => 200));

    const stored = await trainings.get(target.id);
    expect(stored?.seats).toHaveLength(20);
    const registered = users.filter((userId) =>
      sentTo(userId).at(-1)?.includes("Anda terdaftar di pelatihan"),
    );
    const full = users.filter((userId) => sentTo(userId).at(-1)?.includes("sudah penuh"));
    expect(registered).toHaveLength(20);
    expect(full).toHaveLength(30);
    expect([...(stored?.seats ?? [])].sort()).toEqual(
      registered.map((userId) => `telegram#${userId}`).sort(),
    );
    expect(await trainings.participants(target.id)).toHaveLength(20);

    // Withdrawing frees a seat that the next person gets; a double sign-up takes no second seat.
    const first = telegramChat(test.app, fake, registered[0]!);
    await first.press(`tr:out:${target.id}`);
    expect(first.last().text).toContain("Pendaftaran Anda dibatalkan");
    const late = telegramChat(test.app, fake, full[0]!);
    await late.press(`tr:in:${target.id}`);
    expect(late.last().text).toContain("Anda terdaftar");
    await late.press(`tr:in:${target.id}`);
    expect(late.last().text).toContain("sudah terdaftar");
    expect((await trainings.get(target.id))?.seats).toHaveLength(20);
  });

  it("the repository alone also holds the quota under 50 concurrent sign-ups", async () => {
    const target = await session({ quota: 7 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        trainings.signUp(
          target.id,
          {
            channel: "whatsapp",
            userId: String(6281200000000 + index),
            name: `Peserta ${index}`,
            role: "seller",
            language: "id",
            registeredAt: nowMs,
          },
          clock.now(),
        ),
      ),
    );
    expect(results.filter((result) => result.status === "registered")).toHaveLength(7);
    expect(results.filter((result) => result.status === "full")).toHaveLength(43);
    expect((await trainings.get(target.id))?.seats).toHaveLength(7);
  });

  it("sellers-only sessions refuse buyers; closed sign-up is explained", async () => {
    const sellersOnly = await session({ openToAll: false, title: "Sertifikasi Halal" });
    const buyer = telegramChat(test.app, fake, ++nextUser);
    await buyer.press(`tr:in:${sellersOnly.id}`);
    expect(buyer.last().text).toContain("khusus untuk penjual");
    expect((await trainings.get(sellersOnly.id))?.seats).toHaveLength(0);

    const closed = await session({ deadline: nowMs - 1000, startsAt: nowMs + day * 3 });
    await buyer.press(`tr:in:${closed.id}`);
    expect(buyer.last().text).toContain("sudah ditutup");
  });

  it("anyone sees upcoming sessions from the menu, the FAQ's Pelatihan menu and the schedule keyword", async () => {
    const upcoming = await session({ title: "Kemasan Produk Modern", topic: "kemasan" });
    const person = telegramChat(test.app, fake, ++nextUser);
    await person.say("menu");
    expect(person.last().choices.map((choice) => choice.id)).toContain("tr:list");
    await person.press("faq:g:pelatihan");
    expect(person.last().choices[0]?.id).toBe("tr:list");
    await person.say("jadwal pelatihan");
    expect(person.last().text).toContain("Kemasan Produk Modern");
    await person.press(`tr:s:${upcoming.id}`);
    expect(person.last().text).toContain("Sentra Tapis Kemiling");
    expect(person.last().text).toContain("Sisa kursi: 20 dari 20");
    expect(person.last().choices.map((choice) => choice.id)).toEqual([`tr:in:${upcoming.id}`, "tr:list"]);
  });
});

describe("staff", () => {
  it("adds a session in chat step by step, with every answer validated", async () => {
    const staff = telegramChat(test.app, fake, staffId, "Petugas");
    await staff.say("/pelatihan");
    await staff.choose("Tambah pelatihan");
    await staff.say("Pelatihan Kemasan dan Label Halal");
    await staff.choose("Kemasan");
    await staff.say("31-02-2027");
    expect(staff.last().text).toContain("Tanggal tidak dikenali");
    const date = new Date(nowMs + 20 * day);
    const dmy = `${String(date.getUTCDate()).padStart(2, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${date.getUTCFullYear()}`;
    await staff.say(dmy);
    await staff.say("9.30");
    await staff.say("Aula Dinas Koperasi dan UKM");
    await staff.say("nol");
    expect(staff.last().text).toContain("Kuota harus angka");
    await staff.say("25");
    await staff.say(dmy);
    await staff.choose("Hanya penjual");
    expect(staff.last().text).toContain("Pelatihan Kemasan dan Label Halal");
    expect(staff.last().text).toContain("09.30 WIB");
    await staff.choose("Simpan");
    expect(staff.last().text).toContain("Pelatihan disimpan");
    const stored = (await trainings.listScheduled()).find(
      (s) => s.title === "Pelatihan Kemasan dan Label Halal",
    );
    expect(stored).toMatchObject({
      topic: "kemasan",
      quota: 25,
      openToAll: false,
      place: "Aula Dinas Koperasi dan UKM",
    });

    // Edit the quota: never below the seats taken.
    await staff.press(`tr:e:${stored!.id}`);
    await staff.choose("Kuota");
    await staff.say("40");
    expect(staff.last().text).toContain("Sisa kursi: 40 dari 40");
  });

  it("cancels a session; participants are told; later sign-ups are refused", async () => {
    const target = await session({ title: "Pelatihan HaKI dan Merek", topic: "haki" });
    const people = [++nextUser, ++nextUser, ++nextUser];
    for (const userId of people) await postTelegram(test.app, tgCallback(userId, `tr:in:${target.id}`));
    const staff = telegramChat(test.app, fake, staffId, "Petugas");
    await staff.press(`tr:p:${target.id}`);
    expect(staff.last().text).toContain("3 dari 20");
    await staff.press(`tr:x:${target.id}`);
    await staff.choose("Ya, batalkan");
    expect(staff.last().text).toContain("3 peserta diberi tahu");
    for (const userId of people) expect(sentTo(userId).at(-1)).toContain("DIBATALKAN");
    const another = telegramChat(test.app, fake, ++nextUser);
    await another.press(`tr:in:${target.id}`);
    expect(another.last().text).toContain("tidak ditemukan atau sudah dibatalkan");
  });

  it("edits a session's date and place in chat; participants are told each time, never for a title", async () => {
    const target = await session({ title: "Pelatihan Kemasan Produk", topic: "kemasan" });
    const people = [++nextUser, ++nextUser];
    for (const userId of people) await postTelegram(test.app, tgCallback(userId, `tr:in:${target.id}`));
    const staff = telegramChat(test.app, fake, staffId, "Petugas");
    const told = () => people.map((userId) => sentTo(userId).length);
    const before = told();

    const newDate = new Date(nowMs + 12 * day + 7 * 3600_000).toISOString().slice(0, 10);
    await staff.press(`tr:ef:${target.id}:date`);
    await staff.say(newDate.split("-").reverse().join("-"));
    const moved = (await trainings.get(target.id))!;
    expect(moved.startsAt - target.startsAt).toBeGreaterThan(day);
    expect(moved.deadline).toBe(target.deadline);
    for (const userId of people) {
      expect(sentTo(userId).at(-1)).toContain("Waktu baru");
      expect(sentTo(userId).at(-1)).toContain("Pelatihan Kemasan Produk");
    }
    await staff.press(`tr:ef:${target.id}:place`);
    await staff.say("Gedung Dekranasda Lampung");
    for (const userId of people)
      expect(sentTo(userId).at(-1)).toContain("Tempat baru: Gedung Dekranasda Lampung");
    await staff.press(`tr:ef:${target.id}:title`);
    await staff.say("Pelatihan Kemasan Produk Pangan");
    expect(told()).toEqual(before.map((count) => count + 2));
    // A date already past is refused with the reason; nothing changes.
    const past = new Date(nowMs - 2 * day + 7 * 3600_000).toISOString().slice(0, 10);
    await staff.press(`tr:ef:${target.id}:date`);
    await staff.say(past);
    expect(staff.last().text).toContain("sudah lewat");
    expect((await trainings.get(target.id))?.place).toBe("Gedung Dekranasda Lampung");
  });

  it("refuses every staff action from someone who is not staff (forged buttons)", async () => {
    const target = await session();
    const intruder = telegramChat(test.app, fake, ++nextUser);
    for (const data of [
      `tr:add`,
      `tr:p:${target.id}`,
      `tr:x:${target.id}`,
      `tr:xy:${target.id}`,
      `tr:e:${target.id}`,
      `tr:ef:${target.id}:quota`,
    ]) {
      await intruder.press(data);
      expect(intruder.last().text).toContain("hanya untuk petugas");
    }
    // A forged flow step (someone who is not staff in the add flow) is refused too.
    await intruder.press("tr:save");
    expect((await trainings.get(target.id))?.status).toBe("scheduled");
    expect((await trainings.get(target.id))?.quota).toBe(20);
  });
});

describe("reminders", () => {
  it("the day before from 08:00 WIB, exactly once per participant", async () => {
    const tomorrowWib = new Date(nowMs + 7 * 3600_000 + 30 * day).toISOString().slice(0, 10);
    const startsAt = wibInstant(tomorrowWib, 9, 0).getTime();
    const target = await session({
      startsAt,
      deadline: startsAt - 2 * 3600_000,
      title: "Olahan Keripik Pisang",
    });
    const people = [++nextUser, ++nextUser];
    for (const userId of people) await postTelegram(test.app, tgCallback(userId, `tr:in:${target.id}`));
    const reminders = (userId: number) => sentTo(userId).filter((text) => text.includes("Pengingat: besok"));

    // The day before, 07:00 WIB: too early.
    nowMs = startsAt - day - 2 * 3600_000;
    await runHourlyJobs(test.app, clock.now());
    for (const userId of people) expect(reminders(userId)).toHaveLength(0);
    // 08:00 and every later hourly run (and a retried run) send nothing more.
    nowMs = startsAt - day - 3600_000;
    await runHourlyJobs(test.app, clock.now());
    await runHourlyJobs(test.app, clock.now());
    nowMs += 3600_000;
    await Promise.all([runHourlyJobs(test.app, clock.now()), runHourlyJobs(test.app, clock.now())]);
    for (const userId of people) {
      expect(reminders(userId)).toHaveLength(1);
      expect(reminders(userId)[0]).toContain("Olahan Keripik Pisang");
    }
  });
});

describe("admin CLI", () => {
  it("adds, lists, exports participants as CSV and cancels (participants told by the hourly job)", async () => {
    const date = new Date(Date.now() + 40 * day).toISOString().slice(0, 10);
    const add = await runAdminInProcess(
      [
        "training",
        "add",
        "--title",
        'Pelatihan Digital, "Jualan Online"',
        "--topic",
        "digital",
        "--date",
        date,
        "--time",
        "13:00",
        "--place",
        "Aula Kecamatan Rajabasa",
        "--quota",
        "15",
        "--deadline",
        date,
        "--open",
      ],
      { table },
    );
    expect(add.code).toBe(0);
    const id = (JSON.parse(add.stdout) as { id: string }[])[0]!.id;
    const person = ++nextUser;
    nowMs = Date.now();
    await postTelegram(test.app, tgCallback(person, `tr:in:${id}`));
    expect(sentTo(person).at(-1)).toContain("Anda terdaftar");

    const list = await runAdminInProcess(["training", "list", "--format", "json"], { table });
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows.find((row) => row.id === id)).toMatchObject({
      quota: 15,
      taken: 1,
      seatsLeft: 14,
      openToAll: true,
    });

    const csv = await runAdminInProcess(["training", "participants", id, "--format", "csv"], { table });
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('\uFEFF"training","title","name"');
    expect(csv.stdout).toContain(`"${person}"`);
    expect(csv.stdout).toContain('"Pelatihan Digital, ""Jualan Online"""');

    // The real process once, before the cancel: the same list on stdout, from the table named by its environment.
    const spawned = await runAdminProcess(["training", "list", "--format", "json"], table);
    expect(spawned.code).toBe(0);
    expect(
      (JSON.parse(spawned.stdout) as Record<string, unknown>[]).find((row) => row.id === id),
    ).toMatchObject({ quota: 15, taken: 1, seatsLeft: 14, openToAll: true });

    const cancel = await runAdminInProcess(["training", "cancel", id], { table });
    expect(cancel.code).toBe(0);
    await runHourlyJobs(test.app, clock.now());
    await runHourlyJobs(test.app, clock.now());
    expect(sentTo(person).filter((text) => text.includes("DIBATALKAN"))).toHaveLength(1);
    const bad = await runAdminInProcess(["training", "add", "--title", "x"], { table });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--topic is required");
  });
});
