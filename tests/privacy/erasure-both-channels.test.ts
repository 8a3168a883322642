// "Hapus data" on both channels after a person used everything that keeps data outside their partition
// (unanswered questions, a handover ticket, a training seat, broadcast deliveries and sent-message
// pointers): a scan of the WHOLE table and the captured logs find no name, number, user id, wamid or
// question of theirs. Numbers and e-mail addresses in kept questions are masked before they are stored.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { createSendNowJob } from "../outbox/drain.js";
import { fastOutboxEnv } from "../outbox/seed.js";
import type { TestApp } from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { postWhatsApp, waNotification, waStatus, waTextMessage } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
const staffId = 9310;

const tgId = 730_101;
const tgName = "Sulastri Wibisono";
const tgPhone = "6281299991111";
const waNumber = "6281388887777";
const waName = "Hendrik Pardede";
// What a real wamid looks like: base64 of the number it came from.
const waNumberBase64 = Buffer.from(waNumber).toString("base64");
let wamidSequence = 0;
const wamids: string[] = [];
const nextWamid = () => {
  const id = `wamid.HBgN${waNumberBase64}FQIAEhgU${(++wamidSequence).toString(16).padStart(8, "0")}`;
  wamids.push(id);
  return id;
};

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "erasure2",
    env: { STAFF_TELEGRAM_IDS: String(staffId), ...fastOutboxEnv, LOG_LEVEL: "debug" },
  }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

/** The WhatsApp twin of telegramChat's say/choose, with wamids that encode the sender's number. */
function waPerson() {
  const post = async (message: Record<string, unknown>) => {
    const response = await postWhatsApp(
      test.app,
      waNotification([message], { names: { [waNumber]: waName } }),
    );
    expect(response.status).toBe(200);
  };
  const last = () => {
    const call = whatsapp.calls.filter((c) => c.payload.to === waNumber).at(-1);
    return JSON.stringify(call?.payload ?? {});
  };
  return {
    say: (text: string) => post(waTextMessage(waNumber, text, { id: nextWamid() })),
    press: (id: string) =>
      post({
        from: waNumber,
        id: nextWamid(),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id, title: id } },
      }),
    last,
  };
}

async function runBroadcast(id: string) {
  await createSendNowJob(test.app, id, { now: new Date() });
  await test.app.outbox.planner.runDue();
  for (let round = 0; round < 3; round++) {
    for (const message of await test.app.outbox.localQueue!.receive(10, 30_000)) {
      if ((await test.app.outbox.worker.handle(message.message)) === "done")
        await test.app.outbox.localQueue!.ack(message.handle);
      round = 0;
    }
  }
  return test.app.outbox.jobs.get(id);
}

describe("personal-data deletion on both channels", () => {
  it("leaves no name, number, id, wamid or question of the person in the table or the logs", async () => {
    const now = new Date();
    await createTrainingRepository({ client: table.documentClient, tableName: table.tableName }).create({
      id: "tr2",
      title: "Pelatihan foto produk",
      topic: "digital",
      startsAt: now.getTime() + 7 * 86_400_000,
      place: "Balai Kota",
      quota: 10,
      deadline: now.getTime() + 6 * 86_400_000,
      openToAll: true,
      createdAt: now.getTime(),
      createdBy: `telegram:${staffId}`,
    });

    // Telegram: a registration, a subscription, two unanswered questions (the second with a number and an
    // e-mail address), a ticket with them as context and a message in it, a training seat.
    const tg = telegramChat(test.app, telegram, tgId, tgName);
    await tg.say("/daftar");
    await tg.choose("Setuju");
    await tg.say(tgName);
    await tg.say("Keripik Sulastri");
    await tg.choose("Kuliner");
    await tg.say("kedaton");
    await tg.shareContact(tgPhone);
    await tg.say("keripik pisang");
    await tg.choose("Belum ada");
    await tg.choose("Tidak");
    await tg.choose("Jangan tampilkan");
    await tg.choose("Simpan");
    await tg.say("langganan promo");
    await tg.choose("Semua");
    await tg.say("gimana cara ekspor produk umkm ke luar negeri");
    await tg.say("resep rendang padang dong, telp saya 0812-9999-1111 atau sulastri.w@gmail.com");
    await tg.say("hubungi petugas");
    expect(tg.last().text).toMatch(/#T[0-9A-Z]{6}/);
    await tg.say(`saya ${tgName}, nomor +62 812 9999 1111`);
    await tg.say("selesai");
    await tg.press("tr:in:tr2");

    // WhatsApp: the same, in short.
    const wa = waPerson();
    await wa.say("halo");
    await wa.say("langganan promo");
    await wa.press("sub:c:all");
    await wa.say("cara jual produk ke eropa lewat kapal laut");
    await wa.say(`resep gudeg jogja dong, telp saya ${waNumber} atau hendrik.p@example.com`);
    await wa.say("hubungi petugas");
    expect(wa.last()).toMatch(/#T[0-9A-Z]{6}/);
    await wa.say(`saya ${waName}`);
    await wa.say("selesai");
    await wa.press("tr:in:tr2");

    // Kept questions are masked before they are stored, not only at deletion.
    const unanswered = (await table.scanAll()).filter((item) => item.pk === "UNANSWERED");
    expect(unanswered.length).toBeGreaterThanOrEqual(4);
    const questions = JSON.stringify(unanswered);
    for (const trace of ["9999", "1111", waNumber, "8888", "gmail", "sulastri.w", "hendrik.p", "example.com"])
      expect(questions).not.toContain(trace);
    expect(questions).toContain("resep rendang padang");
    expect(questions).toContain("***@***");

    // A broadcast reaches both (delivery records, and a sent-message pointer for the WhatsApp wamid);
    // a failed status for one of the person's messages is recorded on their contact.
    const job = await runBroadcast("erase01");
    expect(job?.counters.sent).toBeGreaterThanOrEqual(2);
    const pointer = (await table.scanAll()).find(
      (item) => String(item.pk).startsWith("MSG#whatsapp#") && item.userId === waNumber,
    );
    expect(pointer).toBeDefined();
    await postWhatsApp(
      test.app,
      waNotification([], {
        statuses: [waStatus(waNumber, "failed", { id: nextWamid(), errorCode: 131000 })],
      }),
    );

    const before = JSON.stringify(await table.scanAll());
    for (const trace of [
      String(tgId),
      tgName,
      waNumber,
      waName,
      "REF#UNANSWERED#",
      `DLV#whatsapp#${waNumber}`,
    ])
      expect(before).toContain(trace);

    // Both delete their data.
    await tg.say("hapus data");
    await tg.choose("Ya, hapus");
    expect(tg.last().text).toContain("sudah dihapus");
    await wa.say("hapus data");
    // The confirmation is single-use: press the id the bot offered (with its token).
    const offered = /"id":"(priv:del:yes~[^"]+)"/.exec(wa.last())?.[1];
    expect(offered).toBeDefined();
    await wa.press(offered ?? "");
    expect(wa.last()).toContain("sudah dihapus");

    const items = await table.scanAll();
    const dump = JSON.stringify(items);
    const traces = [
      String(tgId),
      tgPhone,
      "81299991111",
      "Sulastri",
      "Wibisono",
      "Keripik Sulastri",
      waNumber,
      "81388887777",
      waNumberBase64,
      "Hendrik",
      "Pardede",
      "wamid.HBgN",
      "ekspor produk umkm",
      "resep rendang",
      "resep gudeg",
      "jual produk ke eropa",
    ];
    for (const trace of traces) expect(dump, trace).not.toContain(trace);
    for (const wamid of wamids) expect(dump).not.toContain(wamid);
    // Statistics keep their counts without the person: anonymous tickets, seller, deliveries, the session.
    const tickets = items.filter((item) => String(item.pk).startsWith("TICKET#") && item.sk === "TICKET");
    expect(tickets).toHaveLength(2);
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ anonymised: true, questions: [], name: "-", userId: "-" });
      expect(ticket.sourceKey).toBeUndefined();
    }
    expect(items.some((item) => String(item.pk).startsWith("ANON#SELLER#"))).toBe(true);
    const deliveries = items.filter(
      (item) => item.pk === "JOB#erase01" && String(item.sk).startsWith("DLV#"),
    );
    expect(deliveries.filter((item) => item.anonymised === true).length).toBeGreaterThanOrEqual(2);
    expect((await test.app.outbox.jobs.get("erase01"))?.counters).toEqual(job?.counters);
    expect(items.find((item) => item.pk === "TRAINING#tr2" && item.sk === "SESSION")).toBeDefined();
    expect(items.filter((item) => String(item.sk).startsWith("REF#"))).toEqual([]);

    // The logs of the whole scenario: no number, id or wamid of either person.
    const logs = test.logs.join("\n");
    expect(logs).toContain("inbound.processed");
    for (const trace of [
      String(tgId),
      tgPhone,
      "81299991111",
      waNumber,
      "81388887777",
      waNumberBase64,
      "wamid.",
    ])
      expect(logs, trace).not.toContain(trace);
  });
});
