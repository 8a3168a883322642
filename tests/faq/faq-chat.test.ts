import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedDate } from "../../functions/lib/core/faq/faq-feature.js";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess, runAdminProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { type SeenReply, telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

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

/** One person talking to the bot, whatever the channel. */
interface Chat {
  say(text: string): Promise<void>;
  press(choiceId: string): Promise<void>;
  choose(label: string): Promise<void>;
  replies(): SeenReply[];
  last(): SeenReply;
}

const FOOTER =
  /\n\nDicek \d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} · Konfirmasi: ([^\n]+)\n\n/;

describe.each(["telegram", "whatsapp"] as const)("an FAQ answer on %s", (channel) => {
  let waFake: FakeWhatsAppApi;
  let newPerson: () => Chat;
  let nextWa = 6_289_400_400_000;
  beforeAll(async () => {
    if (channel === "telegram") {
      newPerson = newChat;
      return;
    }
    waFake = await startFakeWhatsAppApi();
    const wa = buildTestApp(table, whatsappEnv(waFake.url));
    newPerson = () => whatsappChat(wa.app, waFake, String(++nextWa), "Rina");
  });
  afterAll(async () => {
    await waFake?.close();
  });

  it("is one message: short answer, office and checked date, the helpful? question and three buttons", async () => {
    const chat = newPerson();
    await chat.say("gmn cara dapet pinjaman tanpa bunga?");
    const answer = chat.last();
    const topic = getFaqTopic("pinjaman-tanpa-bunga");
    expect(answer.text).toBe(
      `${topic.title.id}\n\n${topic.answer.id}\n\nDicek ${checkedDate(topic.checkedAt, "id")} · Konfirmasi: Dinas Koperasi dan UKM\n\nApakah jawaban ini membantu?`,
    );
    expect(answer.text).toMatch(FOOTER);
    expect(answer.choices).toEqual([
      { id: "faq:d:pinjaman-tanpa-bunga", label: "📖 Selengkapnya" },
      { id: "faq:fb:y:pinjaman-tanpa-bunga", label: "👍 Ya" },
      { id: "faq:fb:n:pinjaman-tanpa-bunga", label: "👎 Tidak" },
    ]);
    if (channel === "whatsapp") {
      // Three reply buttons (not a list): WhatsApp's limit, each title whole.
      const sent = waFake.calls.at(-1)?.payload as { type: string; interactive: { type: string } };
      expect(sent.type).toBe("interactive");
      expect(sent.interactive.type).toBe("button");
    }

    // "Selengkapnya": the detail and where it comes from, then related topics.
    await chat.press("faq:d:pinjaman-tanpa-bunga");
    const [more, related] = chat.replies().slice(-2);
    expect(more?.text.startsWith(`${topic.title.id}\n\n${topic.detail?.id}\n\nSumber:\n`)).toBe(true);
    expect(more?.text).toContain("\n• Mentari Sumatera: https://mentarisumatera.com/");
    for (const source of topic.sources) expect(more?.text).toContain(`• ${source.publisher}: ${source.url}`);
    expect(more?.choices).toEqual([]);
    expect(related?.text).toBe("Topik terkait");
    expect(related?.choices.map((c) => c.id)).toEqual([
      "faq:t:kur",
      "faq:t:bantuan-modal",
      "faq:t:hubungi-petugas",
      "menu",
    ]);

    // The feedback buttons of the answer still count after the details.
    await chat.press("faq:fb:n:pinjaman-tanpa-bunga");
    expect(chat.last().text).toContain("sudah dicatat");
  });

  it("offers the feature's button (no details) with a feature topic, still three buttons", async () => {
    const chat = newPerson();
    await chat.say("sy mau daftarin usaha sy gmn caranya");
    expect(chat.last().text).toContain("Apakah jawaban ini membantu?");
    expect(chat.last().choices.map((c) => c.id)).toEqual([
      "reg",
      "faq:fb:y:daftar-penjual",
      "faq:fb:n:daftar-penjual",
    ]);
  });

  it("answers two questions in one message with the feedback question after the last answer only", async () => {
    const chat = newPerson();
    const before = chat.replies().length;
    await chat.say("min cara bikin nib gmn? trus sy mau sekalian ngurus sertifikat halal gratis, bisa?");
    const turn = chat.replies().slice(before);
    expect(turn).toHaveLength(2);
    const [first, second] = turn;
    expect(first?.text.startsWith("NIB (Nomor Induk Berusaha)\n")).toBe(true);
    expect(first?.text).toMatch(/Konfirmasi: OSS \(Kementerian Investasi\/BKPM\)$/);
    expect(first?.text).not.toContain("membantu?");
    expect(first?.choices).toEqual([]);
    expect(second?.text.startsWith("Sertifikat halal\n")).toBe(true);
    expect(second?.text).toMatch(FOOTER);
    expect(second?.text).toContain("Konfirmasi: BPJPH (SIHALAL)");
    expect(second?.text.endsWith("Apakah jawaban ini membantu?")).toBe(true);
    expect(second?.choices.map((c) => c.id)).toEqual([
      "faq:d:sertifikat-halal",
      "faq:fb:y:sertifikat-halal",
      "faq:fb:n:sertifikat-halal",
    ]);
  });
});

describe("FAQ in chat", () => {
  it("writes the checked date the Indonesian way (WIB calendar date), and in English", () => {
    expect(checkedDate("2026-12-02", "id")).toBe("2 Des 2026");
    expect(checkedDate("2026-08-17", "id")).toBe("17 Agu 2026");
    expect(checkedDate("2026-12-02", "en")).toBe("2 Dec 2026");
    expect(checkedDate("2027-01-01", "id")).toBe("1 Jan 2027");
  });

  it("writes every checked date exactly as Intl.DateTimeFormat id-ID / en-GB in WIB did", () => {
    const intl = (language: "id" | "en") =>
      new Intl.DateTimeFormat(language === "id" ? "id-ID" : "en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "Asia/Jakarta",
      });
    const formats = { id: intl("id"), en: intl("en") };
    for (let day = Date.UTC(2024, 0, 1); day <= Date.UTC(2027, 11, 31); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const language of ["id", "en"] as const) {
        const expected = formats[language].format(new Date(`${date}T12:00:00+07:00`)).replace(".", "");
        expect(checkedDate(date, language)).toBe(expected);
      }
    }
  });

  it("answers a topic without details with no Selengkapnya, and an expired details button kindly", async () => {
    const chat = newChat();
    await chat.say("berhenti langganan promo gmn caranya");
    expect(chat.last().choices.map((c) => c.id)).not.toContain("faq:d:berhenti-langganan");
    await chat.press("faq:d:no-such-topic");
    expect(chat.last().text).toContain("sudah tidak berlaku");
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
    expect(chat.last().text.startsWith("KUR (Kredit Usaha Rakyat)\n")).toBe(true);
    expect(chat.last().text).toContain("Konfirmasi: bank penyalur KUR");
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
