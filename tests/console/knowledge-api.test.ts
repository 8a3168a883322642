// The console's knowledge page API (admins only) through the real server, DynamoDB Local and both bot webhooks:
// role and CSRF checks, bad input, an answer edit the bot uses on the next message on both channels, the
// optimistic concurrency of edits, history, stale topics, the unanswered queue assigned to a topic, CSV exports
// and the audit log's before/after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import { type ConsoleHarness, type ConsoleSession, startConsoleHarness } from "../support/console.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const adminTg = 7701;
const petugasTg = 7702;
const loanQuestion = "gmn cara dapet pinjaman tanpa bunga?";
const loan = getFaqTopic("pinjaman-tanpa-bunga");
const newAnswer =
  "Pinjaman tanpa bunga Pemkot Bandar Lampung dibuka lagi Januari 2027 lewat bank mitra; tanya syaratnya ke Dinas Koperasi dan UKM.";

let harness: ConsoleHarness;
let admin: ConsoleSession;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsolkb", admins: [adminTg], petugas: [petugasTg] });
  admin = await harness.signIn(adminTg);
}, 120_000);
afterAll(async () => harness.close());

interface TopicView {
  id: string;
  version: number;
  edited: boolean;
  checkedAt: string;
  staleDays: number | null;
  answer: { id: string; en: string };
  examples: { id: string[]; en: string[] };
}
const topicsOf = async (session: ConsoleSession, query = "") =>
  ((await (await harness.get(session, `knowledge${query}`)).json()) as { topics: TopicView[] }).topics;
const saveBody = (topic: TopicView, changes: Partial<{ answer: TopicView["answer"]; checked: boolean }>) => ({
  id: topic.id,
  version: topic.version,
  answer: topic.answer,
  examples: topic.examples,
  ...changes,
});
const auditOf = async () =>
  (
    (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
    }
  ).entries;

describe("knowledge page API", () => {
  it("is refused to petugas (403) and without a session (401)", async () => {
    const petugas = await harness.signIn(petugasTg);
    for (const path of ["knowledge", "knowledge.csv", "knowledge/unanswered", "knowledge/history?id=kur"])
      expect((await harness.get(petugas, path)).status, path).toBe(403);
    const save = await harness.post(petugas, "knowledge/save", {});
    expect(save.status).toBe(403);
    expect(await save.json()).toEqual({ error: "admin-only" });
    expect((await harness.post(petugas, "knowledge/assign", { group: "x", topic: "kur" })).status).toBe(403);
    expect((await harness.get(undefined, "knowledge")).status).toBe(401);
  });

  it("refuses a save without or with a forged CSRF token, and bad input", async () => {
    const [topic] = await topicsOf(admin, "?q=pinjaman-tanpa-bunga");
    const body = saveBody(topic!, { answer: { id: "Diubah tanpa token yang sah.", en: "x" } });
    expect((await harness.post(admin, "knowledge/save", body, null)).status).toBe(403);
    expect((await harness.post(admin, "knowledge/save", body, "forged-token")).status).toBe(403);
    for (const bad of [{}, { ...body, version: "1" }, { ...body, extra: 1 }, { ...body, id: "../kur" }])
      expect((await harness.post(admin, "knowledge/save", bad)).status).toBe(400);
    expect((await harness.get(admin, "knowledge?stale=yes")).status).toBe(400);
    expect((await harness.get(admin, "knowledge/history?id=Not%20An%20Id")).status).toBe(400);
    // The topic schema's rules: no HTML in an answer, at least three examples.
    const html = await harness.post(
      admin,
      "knowledge/save",
      saveBody(topic!, { answer: { id: "<b>tebal</b>", en: topic!.answer.en } }),
    );
    expect(html.status).toBe(400);
    expect(((await html.json()) as { problems: { path: string }[] }).problems[0]!.path).toBe("answer.id");
    const few = await harness.post(admin, "knowledge/save", {
      ...saveBody(topic!, {}),
      examples: { id: ["a", "b"], en: [] },
    });
    expect(few.status).toBe(400);
    expect((await topicsOf(admin, "?q=pinjaman-tanpa-bunga"))[0]!.version).toBe(1);
  });

  it("saves an answer that the bot uses on the next message on both channels, audited with before/after", async () => {
    const [topic] = await topicsOf(admin, "?q=pinjaman-tanpa-bunga");
    expect(topic).toMatchObject({ id: loan.id, version: 1, edited: false, answer: loan.answer });
    // Both channels answer (and cache) the shipped text first.
    const wa = whatsappChat(harness.test.app, harness.whatsapp, "628111770301", "Rina", harness.clock);
    const tg = telegramChat(harness.test.app, harness.telegram, 7703, "Dewi", harness.clock);
    await wa.say(loanQuestion);
    expect(wa.last().text).toContain(loan.answer.id);
    await tg.say(loanQuestion);
    expect(tg.last().text).toContain(loan.answer.id);

    const saved = await harness.post(
      admin,
      "knowledge/save",
      saveBody(topic!, { answer: { id: newAnswer, en: topic!.answer.en } }),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ok: true, version: 2 });

    await wa.say(loanQuestion);
    expect(wa.last().text).toContain(newAnswer);
    await tg.say(loanQuestion);
    expect(tg.last().text).toContain(newAnswer);
    expect(tg.last().text).not.toContain(loan.answer.id);

    const entry = (await auditOf()).find((row) => row.action === "knowledge.edit");
    expect(entry).toMatchObject({
      actor: `telegram:${adminTg}`,
      target: loan.id,
      before: { version: 1, answer: { id: loan.answer.id } },
      after: { version: 2, answer: { id: newAnswer } },
    });
    const history = (await (await harness.get(admin, `knowledge/history?id=${loan.id}`)).json()) as {
      versions: { version: number; by: string; changed: string[] }[];
    };
    expect(history.versions).toEqual([
      expect.objectContaining({ version: 2, by: `telegram:${adminTg}`, changed: ["answer"] }),
      expect.objectContaining({ version: 1, by: "shipped" }),
    ]);
    expect((await topicsOf(admin, "?q=pinjaman-tanpa-bunga"))[0]).toMatchObject({ version: 2, edited: true });
  });

  it("refuses an edit made from an older version (someone saved meanwhile), with nothing applied", async () => {
    const [topic] = await topicsOf(admin, "?q=pinjaman-tanpa-bunga");
    const stale = { ...topic!, version: 1 };
    const response = await harness.post(
      admin,
      "knowledge/save",
      saveBody(stale, { answer: { id: "Teks lama yang menimpa.", en: topic!.answer.en } }),
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: "conflict", version: 2 });
    expect((await topicsOf(admin, "?q=pinjaman-tanpa-bunga"))[0]!.answer.id).toBe(newAnswer);
    // Saving the same text again changes nothing (no new version).
    const same = await harness.post(admin, "knowledge/save", saveBody(topic!, {}));
    expect(await same.json()).toEqual({ ok: true, unchanged: true });
  });

  it("assigns a group of unanswered questions to a topic; the bot answers them next", async () => {
    const wa = whatsappChat(harness.test.app, harness.whatsapp, "628111770302", "Sari", harness.clock);
    const question = "ada bazar sembako murah gak";
    await wa.say(question);
    const place = getFaqTopic("bantuan-modal");
    expect(wa.last().text).not.toContain(place.answer.id);

    const queue = (await (await harness.get(admin, "knowledge/unanswered")).json()) as {
      groups: { normalised: string; examples: string[]; count: number; taught: string | null }[];
      topics: { id: string }[];
    };
    const group = queue.groups.find((row) => row.examples.includes(question));
    expect(group).toMatchObject({ count: 1, taught: null });
    expect(queue.topics.map((topic) => topic.id)).toContain(place.id);
    expect((await harness.post(admin, "knowledge/assign", { group: group!.normalised })).status).toBe(400);
    expect(
      (await harness.post(admin, "knowledge/assign", { group: "tidak ada", topic: place.id })).status,
    ).toBe(404);
    expect(
      (await harness.post(admin, "knowledge/assign", { group: group!.normalised, topic: place.id }, null))
        .status,
    ).toBe(403);
    const assigned = await harness.post(admin, "knowledge/assign", {
      group: group!.normalised,
      topic: place.id,
    });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toEqual({ ok: true, version: 2 });
    await wa.say(question);
    expect(wa.last().text).toContain(place.answer.id);
    // Shown as taught; assigning again adds nothing.
    const after = (await (await harness.get(admin, "knowledge/unanswered")).json()) as {
      groups: { normalised: string; taught: string | null }[];
    };
    expect(after.groups.find((row) => row.normalised === group!.normalised)?.taught).toBe(place.id);
    const again = await harness.post(admin, "knowledge/assign", {
      group: group!.normalised,
      topic: place.id,
    });
    expect(await again.json()).toEqual({ ok: true, known: true });
    expect((await auditOf()).find((row) => row.action === "knowledge.assign")).toMatchObject({
      target: place.id,
      before: { version: 1 },
      after: { version: 2, questions: [question] },
    });
  });

  it("exports topics and the unanswered queue as CSV with the CLI's columns, audited", async () => {
    const topics = await harness.get(admin, "knowledge.csv?q=pinjaman-tanpa-bunga");
    expect(topics.status).toBe(200);
    expect(topics.headers.get("content-disposition")).toBe('attachment; filename="pengetahuan.csv"');
    const lines = (await topics.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(
      '"topic","language","group","action","office","checkedAt","related","title","answer","detail","examples","keywords","sources"',
    );
    expect(lines[1]).toContain(newAnswer);
    expect(lines[2]).toMatch(/^"pinjaman-tanpa-bunga","en"/);
    const queue = await harness.get(admin, "knowledge/unanswered.csv");
    expect(queue.status).toBe(200);
    const text = (await queue.text()).replace(/^\uFEFF/, "");
    expect(text.split("\r\n")[0]).toBe(
      '"count","normalised","examples","topicGuess","reasons","channels","lastAt"',
    );
    expect(text).toContain("ada bazar sembako murah gak");
    expect(text).toContain("whatsapp:1");
    const actions = (await auditOf()).map((row) => row.action);
    expect(actions).toContain("knowledge.export");
    expect(actions).toContain("knowledge.unanswered_export");
  });

  it("lists topics due for a check and marks one checked today (WIB)", async () => {
    harness.advance(3 * 365 * 24 * 60 * 60 * 1000);
    // Sessions last 12 hours: sign in again three years later.
    admin = await harness.signIn(adminTg);
    const stale = await topicsOf(admin, "?stale=1");
    expect(stale.length).toBe((await topicsOf(admin)).length);
    const kur = stale.find((topic) => topic.id === "kur")!;
    expect(kur.staleDays).toBeGreaterThan(1000);
    const response = await harness.post(admin, "knowledge/save", saveBody(kur, { checked: true }));
    expect(response.status).toBe(200);
    const today = new Date(harness.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const after = (await topicsOf(admin, "?q=kur")).find((topic) => topic.id === "kur")!;
    expect(after).toMatchObject({ checkedAt: today, staleDays: null, version: 2 });
    expect((await topicsOf(admin, "?stale=1")).map((topic) => topic.id)).not.toContain("kur");
  });
});
