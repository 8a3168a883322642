import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;
const staffA = 9001;
const staffB = 9002;

beforeAll(async () => {
  table = await createTestTable("registration");
  fake = await startFakeTelegramApi();
  test = buildTestApp(table, telegramEnv(fake.url, { STAFF_TELEGRAM_IDS: `${staffA},${staffB}` }));
});
afterAll(async () => {
  await fake.close();
});

let nextUser = 20_000;
const newChat = (name = "Siti") => telegramChat(test.app, fake, ++nextUser, name);

type Chat = ReturnType<typeof newChat>;

/** Registers through the whole flow with valid answers, stopping at the summary. */
async function fillUntilSummary(
  chat: Chat,
  business = "Keripik Siger Jaya",
  owner = "Siti Rahayu",
  phone = "6281234567890",
) {
  await chat.say("/daftar");
  expect(chat.last().text).toContain("Apakah Anda setuju?");
  await chat.choose("Setuju");
  expect(chat.last().text).toContain("nama lengkap pemilik");
  await chat.say(owner);
  expect(chat.last().text).toContain("nama usaha");
  await chat.say(business);
  await chat.choose("Kuliner");
  expect(chat.last().choices).toHaveLength(20);
  await chat.say("tanjungkarang pusat");
  expect(chat.last().requestContact).toBe(true);
  await chat.shareContact(phone);
  expect(chat.last().text).toContain("produk");
  await chat.say("keripik pisang coklat dan kopi robusta");
  await chat.choose("NIB");
  await chat.choose("Halal");
  expect(chat.last().text).toContain("Dipilih: NIB, Sertifikat Halal");
  await chat.choose("Selesai");
  await chat.choose("Ya");
  await chat.choose("Jangan tampilkan");
  expect(chat.last().text).toContain("Mohon periksa data pendaftaran");
}

async function seller(userId: number) {
  const items = await table.scanAll();
  return items.find((item) => item.pk === `USER#telegram#${userId}` && item.sk === "SELLER");
}

const staffReplies = (staffId: number) =>
  fake.calls.filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(staffId));

describe("seller registration on Telegram", () => {
  it("registers, notifies every staff member, and the approval reaches the seller", async () => {
    const chat = newChat();
    await fillUntilSummary(chat);
    const summary = chat.last().text;
    for (const expected of [
      "Siti Rahayu",
      "Keripik Siger Jaya",
      "Kuliner",
      "Tanjung Karang Pusat",
      "+6281234567890",
      "NIB, Sertifikat Halal",
    ]) {
      expect(summary).toContain(expected);
    }
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("sedang ditinjau");
    expect(await seller(chat.userId)).toMatchObject({
      status: "pending",
      kecamatan: "tanjung-karang-pusat",
      wantsStall: true,
    });

    const review = staffReplies(staffA).at(-1)!;
    expect(String(review.payload.text)).toContain("Keripik Siger Jaya");
    expect(staffReplies(staffB).at(-1)?.payload.text).toBe(review.payload.text);
    const approve = JSON.stringify(review.payload.reply_markup).match(/"(rv:ok:[^"]+)"/)![1]!;

    const staff = telegramChat(test.app, fake, staffA, "Petugas");
    await staff.press(approve);
    expect(staff.last().text).toContain("disetujui");
    expect(chat.last().text).toContain("DISETUJUI");
    expect(await seller(chat.userId)).toMatchObject({ status: "approved", decidedBy: `telegram:${staffA}` });
    const contact = (await table.scanAll()).find(
      (i) => i.pk === `USER#telegram#${chat.userId}` && i.sk === "CONTACT",
    );
    expect(contact?.role).toBe("seller");
    expect(contact?.consents).toEqual([expect.objectContaining({ purpose: "registration", given: true })]);

    await chat.say("status");
    expect(chat.last().text).toContain("DISETUJUI");
  });

  it("answers an edit by what happens next: a pending one is reviewed, an approved one stays unless renamed", async () => {
    const chat = newChat();
    await fillUntilSummary(chat, "Kopi Siger Edit");
    await chat.choose("Simpan");
    const editProducts = async (products: string) => {
      await chat.say("status");
      await chat.choose("Ubah profil");
      await chat.choose("Ubah");
      await chat.choose("Produk utama");
      await chat.say(products);
      await chat.choose("Simpan");
    };
    // Still pending: reviewed as before, and not told that a name changed.
    await editProducts("kopi robusta bubuk");
    expect(chat.last().text).toContain(
      "Perubahan pendaftaran Kopi Siger Edit sudah disimpan dan akan ditinjau",
    );
    expect(chat.last().text).not.toContain("nama berubah");
    expect(await seller(chat.userId)).toMatchObject({ status: "pending", products: "kopi robusta bubuk" });

    const review = staffReplies(staffA).at(-1)!;
    const approve = JSON.stringify(review.payload.reply_markup).match(/"(rv:ok:[^"]+)"/)![1]!;
    await telegramChat(test.app, fake, staffA, "Petugas").press(approve);
    // Approved, a minor edit: saved, still approved.
    await editProducts("kopi robusta dan arabika");
    expect(chat.last().text).toBe("Perubahan profil Kopi Siger Edit sudah disimpan.");
    expect(await seller(chat.userId)).toMatchObject({ status: "approved" });
    // Approved, renamed: back to review, and told why.
    await chat.say("status");
    await chat.choose("Ubah profil");
    await chat.choose("Ubah");
    await chat.choose("Nama usaha");
    await chat.say("Kopi Siger Baru");
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("akan ditinjau ulang oleh petugas karena nama berubah");
    expect(await seller(chat.userId)).toMatchObject({ status: "pending", businessName: "Kopi Siger Baru" });
  });

  it("explains every invalid answer and asks the same question again without losing the draft", async () => {
    const chat = newChat();
    await chat.say("daftar");
    await chat.choose("Setuju");
    await chat.say("S1t1 123");
    expect(chat.last().text).toContain("hanya boleh berisi huruf");
    expect(chat.last().text).toContain("nama lengkap pemilik");
    await chat.say("A");
    expect(chat.last().text).toContain("terlalu pendek");
    await chat.say("Ni Made O'Neil");
    await chat.say("x".repeat(81));
    expect(chat.last().text).toContain("maksimal 80");
    await chat.say("Tapis Bu Made");
    await chat.say("otomotif");
    expect(chat.last().text).toContain("Kategori tidak dikenali");
    await chat.say("tapis");
    await chat.say("Kota Metro");
    expect(chat.last().text).toContain("tidak saya kenali");
    await chat.say("kemilng");
    expect(chat.last().requestContact).toBe(true);
    await chat.say("0721 123456");
    expect(chat.last().text).toContain("bukan nomor HP");
    await chat.say("+1 555 123 4567");
    expect(chat.last().text).toContain("nomor HP Indonesia");
    await chat.say("0812 34");
    expect(chat.last().text).toContain("Panjang nomor HP");
    await chat.say("0812-3456-7890");
    await chat.say("ab");
    expect(chat.last().text).toContain("minimal 3 karakter");
    await chat.say("kain tapis");
    await chat.say("sertifikat tanah");
    expect(chat.last().text).toContain("Izin tidak dikenali");
    await chat.say("nib dan merek");
    await chat.say("mungkin");
    expect(chat.last().text).toContain('"Ya" atau "Tidak"');
    await chat.say("tidak");
    await chat.say("mungkin");
    expect(chat.last().text).toContain('"Boleh tampilkan" atau "Jangan tampilkan"');
    await chat.say("tidak");
    const summary = chat.last().text;
    expect(summary).toContain("Ni Made O'Neil");
    expect(summary).toContain("Kerajinan & Tapis");
    expect(summary).toContain("Kemiling");
    expect(summary).toContain("+6281234567890");
    expect(summary).toContain("NIB, Merek/HaKI");
  });

  it("edits one field from the summary and comes back to the summary", async () => {
    const chat = newChat();
    await fillUntilSummary(chat);
    await chat.choose("Ubah");
    await chat.choose("Kecamatan");
    await chat.say("way halim");
    expect(chat.last().text).toContain("Mohon periksa");
    expect(chat.last().text).toContain("Way Halim");
    await chat.choose("Ubah");
    await chat.choose("Izin");
    await chat.choose("Belum ada");
    expect(chat.last().text).toContain("Izin: Belum ada");
  });

  it("cancels with 'batal' anywhere, and resumes an interrupted registration", async () => {
    const chat = newChat();
    await chat.say("/daftar");
    await chat.choose("Setuju");
    await chat.say("Budi Santoso");
    await chat.say("menu");
    expect(chat.last().text).toContain("Menu utama");
    await chat.say("daftar");
    expect(chat.last().text).toContain("belum selesai");
    await chat.choose("Lanjutkan");
    expect(chat.last().text).toContain("nama usaha");
    await chat.say("Batal");
    expect(chat.last().text).toContain("dibatalkan");
    await chat.say("daftar");
    expect(chat.last().text).toContain("Apakah Anda setuju?");
    await chat.choose("Setuju");
    await chat.say("Budi");
    await chat.say("/daftar");
    await chat.choose("Mulai ulang");
    expect(chat.last().text).toContain("Apakah Anda setuju?");
    expect(await seller(chat.userId)).toBeUndefined();
  });

  it("lets staff reject with a typed reason, and the seller reads it", async () => {
    const chat = newChat();
    await fillUntilSummary(chat, "Warung Tolak");
    await chat.choose("Simpan");
    const reject = JSON.stringify(staffReplies(staffA).at(-1)!.payload.reply_markup).match(
      /"(rv:no:[^"]+)"/,
    )![1]!;
    const staff = telegramChat(test.app, fake, staffA, "Petugas");
    await staff.press(reject);
    expect(staff.last().text).toContain("alasan penolakan");
    await staff.say("Foto KTP tidak terbaca");
    expect(staff.last().text).toContain("ditolak");
    expect(chat.last().text).toContain("Foto KTP tidak terbaca");
    expect(await seller(chat.userId)).toMatchObject({
      status: "rejected",
      rejectionReason: "Foto KTP tidak terbaca",
    });
  });

  it("refuses a forged approve from a non-staff user", async () => {
    const chat = newChat();
    await fillUntilSummary(chat, "Usaha Palsu");
    await chat.choose("Simpan");
    const intruder = newChat("Intruder");
    await intruder.press(`rv:ok:telegram:${chat.userId}`);
    expect(intruder.last().text).toContain("hanya untuk petugas");
    await intruder.press(`rv:r:duplicate`);
    expect(intruder.last().text).toContain("hanya untuk petugas");
    expect(await seller(chat.userId)).toMatchObject({ status: "pending" });
  });

  it("lets exactly one of two concurrent staff decisions win, and a double tap is harmless", async () => {
    const chat = newChat();
    await fillUntilSummary(chat, "Rebutan Jaya");
    await chat.choose("Simpan");
    const id = `telegram:${chat.userId}`;
    const a = telegramChat(test.app, fake, staffA, "A");
    const b = telegramChat(test.app, fake, staffB, "B");
    await Promise.all([a.press(`rv:ok:${id}`), b.press(`rv:ok:${id}`)]);
    const answers = [a.last().text, b.last().text];
    expect(answers.filter((text) => text.includes("disetujui. Pendaftar"))).toHaveLength(1);
    expect(answers.filter((text) => text.includes("sudah diputuskan petugas lain"))).toHaveLength(1);
    expect(chat.replies().filter((reply) => reply.text.includes("DISETUJUI"))).toHaveLength(1);
    const winner = answers[0]!.includes("disetujui. Pendaftar") ? a : b;
    await winner.press(`rv:ok:${id}`);
    expect(winner.last().text).toContain("sudah Anda putuskan");
    expect(chat.replies().filter((reply) => reply.text.includes("DISETUJUI"))).toHaveLength(1);
  });

  it("deletes everything personal on request and keeps only anonymous counts", async () => {
    const chat = newChat("Rahasia");
    await fillUntilSummary(chat, "Toko Rahasia Sekali", "Rahasia Pribadi", "6281377778888");
    await chat.choose("Simpan");
    await chat.say("privasi");
    expect(chat.last().text).toContain("Pelindungan Data Pribadi");
    expect(chat.last().text).toContain("Toko Rahasia Sekali");
    await chat.say("hapus data");
    await chat.choose("Ya, hapus");
    expect(chat.last().text).toContain("sudah dihapus");
    const dump = JSON.stringify(await table.scanAll());
    for (const secret of [
      `#${chat.userId}`,
      `:${chat.userId}`,
      "Toko Rahasia",
      "Rahasia Pribadi",
      "81377778888",
    ]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain("ANON#SELLER#");
  });

  it("lists sellers with the admin CLI as JSON and as spreadsheet CSV", async () => {
    const chat = newChat();
    await fillUntilSummary(chat, 'Kopi, "Siger" & Co');
    await chat.choose("Simpan");
    const json = await runAdminInProcess(["sellers", "--status", "pending", "--format", "json"], { table });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    const row = rows.find((r) => r.id === `telegram:${chat.userId}`);
    expect(row).toMatchObject({
      channel: "telegram",
      ownerName: "Siti Rahayu",
      businessName: 'Kopi, "Siger" & Co',
      category: "kuliner",
      kecamatan: "tanjung-karang-pusat",
      phone: "+6281234567890",
      licences: ["nib", "halal"],
      wantsStall: true,
      status: "pending",
    });
    expect(typeof row?.createdAt).toBe("string");
    const csv = await runAdminInProcess(["sellers", "--format", "csv"], { table });
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('\uFEFF"id","channel"');
    expect(csv.stdout).toContain('"Kopi, ""Siger"" & Co"');
    const bad = await runAdminInProcess(["sellers", "--status", "maybe"], { table });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--status must be pending, approved or rejected");

    // The real process once: it finds the table from its environment and prints the CSV on stdout.
    const spawned = await runAdminProcess(["sellers", "--format", "csv"], table);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toContain('\uFEFF"id","channel"');
    expect(spawned.stdout).toContain('"Kopi, ""Siger"" & Co"');
  });

  it("adds, lists and removes staff with the admin CLI", async () => {
    const add = await runAdminInProcess(["staff", "add", "whatsapp:6281299990000"], { table });
    expect(add.code).toBe(0);
    expect(add.stderr).toBe(`whatsapp:6281299990000 is now staff (${table.endpoint}).\n`);
    const list = await runAdminInProcess(["staff", "list", "--format", "json"], { table });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("whatsapp:6281299990000");
    const remove = await runAdminInProcess(["staff", "remove", "whatsapp:6281299990000"], { table });
    expect(remove.code).toBe(0);
    const after = await runAdminInProcess(["staff", "list"], { table });
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain("whatsapp:6281299990000");

    // The real process once: its change lands in the table named by its environment, its note on stderr.
    const spawned = await runAdminProcess(["staff", "add", "whatsapp:6281299990001"], table);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toBe("");
    expect(spawned.stderr).toContain(`whatsapp:6281299990001 is now staff (${table.endpoint}).`);
    const listed = await runAdminInProcess(["staff", "list", "--format", "json"], { table });
    expect(listed.stdout).toContain("whatsapp:6281299990001");
  });
});
