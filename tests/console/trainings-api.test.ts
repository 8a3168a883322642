// The console's trainings API: petugas add, edit and cancel sessions through the chat's own rules (a past
// date, a short title or a bad quota is a 400), participants on both channels hear of a new date, time or
// place and of a cancellation (WhatsApp outside the 24-hour window through the training_change template),
// every change is audited, CSRF is required, and both lists export as CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, type ConsoleSession, startConsoleHarness } from "../support/console.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const adminTg = 7801;
const petugasTg = 7802;
const tgPerson = 7811;
const waLate = "6281277800311";
const waRecent = "6281277800312";
const day = 24 * 60 * 60 * 1000;
const templates = {
  training_change: { name: "umkm_perubahan_pelatihan", languages: { id: "id", en: "en" } },
};

let harness: ConsoleHarness;
let petugas: ConsoleSession;

beforeAll(async () => {
  harness = await startConsoleHarness({
    name: "konsoltrain",
    admins: [adminTg],
    petugas: [petugasTg],
    env: { WHATSAPP_TEMPLATES: JSON.stringify(templates) },
  });
  petugas = await harness.signIn(petugasTg);
}, 60_000);
afterAll(async () => harness.close());

/** The WIB calendar date `days` from the app's clock. */
const wibDay = (days: number) =>
  new Date(harness.clock.now().getTime() + days * day + 7 * 3600_000).toISOString().slice(0, 10);
let request = 0;
const newSession = (fields: Record<string, unknown> = {}) => ({
  requestId: `req-${Date.now()}-${++request}`,
  title: "Pelatihan Kemasan Produk",
  topic: "kemasan",
  date: wibDay(10),
  time: "09:00",
  place: "Aula Dinas Koperasi dan UKM",
  quota: 30,
  deadline: wibDay(8),
  openToAll: true,
  ...fields,
});
type Json = Record<string, unknown> & { session?: { id: string } };
const body = async (response: Response) => (await response.json()) as Json;
const toTelegram = (userId: number) =>
  harness.telegram.calls
    .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(userId))
    .map((call) => String(call.payload.text));
const toWhatsApp = (waId: string) => harness.whatsapp.calls.filter((call) => call.payload.to === waId);
const auditOf = async (action: string) => {
  const admin = await harness.signIn(adminTg);
  const log = (await (await harness.get(admin, "audit")).json()) as {
    entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
  };
  return log.entries.filter((entry) => entry.action === action);
};

describe("trainings API", () => {
  it("a petugas adds a session; a retried request saves no twin; the add is audited", async () => {
    const input = newSession({ title: "Pelatihan Tapis Dasar", topic: "tapis" });
    const first = await harness.post(petugas, "trainings/add", input);
    expect(first.status).toBe(200);
    const created = await body(first);
    const again = await body(await harness.post(petugas, "trainings/add", input));
    expect(again.session?.id).toBe(created.session?.id);
    const list = (await (await harness.get(petugas, "trainings?when=upcoming")).json()) as {
      sessions: { id: string; title: string; time: string; topicLabel: string; taken: number }[];
    };
    const listed = list.sessions.filter((s) => s.title === "Pelatihan Tapis Dasar");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ time: "09:00", topicLabel: "Tapis", taken: 0 });
    const added = await auditOf("training.add");
    expect(added.filter((entry) => entry.target === created.session?.id)).toHaveLength(1);
    expect(added[0]?.actor).toBe(`telegram:${petugasTg}`);
  });

  it("refuses bad input with 400 and the chat's reason: a past date, a short title, a bad quota, junk", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ date: wibDay(-2), deadline: wibDay(-3) }, "date", "past"],
      [{ title: "ab" }, "title", "title"],
      [{ quota: 0 }, "quota", "quota"],
      [{ quota: 5000 }, "quota", "quota"],
      [{ date: "2026-02-30" }, "date", "date"],
      [{ deadline: wibDay(12) }, "deadline", "deadlineAfterStart"],
    ];
    for (const [fields, field, problem] of cases) {
      const response = await harness.post(petugas, "trainings/add", newSession(fields));
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await body(response)).toMatchObject({ error: "invalid", field, problem });
    }
    const past = await body(await harness.post(petugas, "trainings/add", newSession({ date: wibDay(-2) })));
    expect(past.message).toBe("Waktu itu sudah lewat.");
    for (const junk of [
      { ...newSession(), topic: "sulap" },
      { ...newSession(), quota: "30" },
      { ...newSession(), extra: 1 },
      { ...newSession(), time: "<b>" },
      "not an object",
      null,
    ]) {
      expect((await harness.post(petugas, "trainings/add", junk)).status).toBe(400);
    }
    expect((await harness.post(petugas, "trainings/edit", { id: "../etc" })).status).toBe(400);
    expect((await harness.get(petugas, "trainings?when=soon")).status).toBe(400);
    expect((await harness.get(petugas, "trainings/participants?id=x")).status).toBe(400);
    expect((await harness.get(petugas, "trainings/participants?id=PNOPE23")).status).toBe(404);
  });

  it("refuses a missing or forged CSRF token and calls without a session", async () => {
    for (const csrf of [null, "forged-token"]) {
      const response = await harness.post(
        petugas,
        "trainings/add",
        newSession({ title: "Tanpa token" }),
        csrf,
      );
      expect(response.status).toBe(403);
    }
    expect((await harness.get(undefined, "trainings")).status).toBe(401);
    expect((await harness.get(undefined, "trainings.csv")).status).toBe(401);
    const list = (await (await harness.get(petugas, "trainings?when=all")).json()) as {
      sessions: { title: string }[];
    };
    expect(list.sessions.some((s) => s.title === "Tanpa token")).toBe(false);
  });

  it("edits date, time and place: participants on Telegram and WhatsApp are told (a template outside 24 h)", async () => {
    const created = await body(await harness.post(petugas, "trainings/add", newSession()));
    const id = created.session!.id;
    await telegramChat(harness.test.app, harness.telegram, tgPerson, "Bu Rina").press(`tr:in:${id}`);
    await whatsappChat(harness.test.app, harness.whatsapp, waLate, "Pak Joko", harness.clock).press(
      `tr:in:${id}`,
    );
    // A day later Pak Joko's window is closed; Bu Ani writes and signs up then (her window is open).
    harness.advance(day + 3600_000);
    petugas = await harness.signIn(petugasTg);
    await whatsappChat(harness.test.app, harness.whatsapp, waRecent, "Bu Ani", harness.clock).press(
      `tr:in:${id}`,
    );
    const got = await harness.get(petugas, `trainings/participants?id=${id}`);
    expect(got.status, id).toBe(200);
    const participants = (await got.json()) as {
      participants: { name: string; channel: string; registeredAt: number }[];
    };
    expect(participants.participants.map((p) => p.channel)).toEqual(["telegram", "whatsapp", "whatsapp"]);

    const tgBefore = toTelegram(tgPerson).length;
    const [lateBefore, recentBefore] = [toWhatsApp(waLate).length, toWhatsApp(waRecent).length];
    const moved = await harness.post(petugas, "trainings/edit", {
      id,
      date: wibDay(11),
      time: "13:30",
      place: "Gedung Dekranasda Lampung",
    });
    expect(moved.status).toBe(200);
    expect(await body(moved)).toMatchObject({ told: 3 });
    const tgNotice = toTelegram(tgPerson).slice(tgBefore);
    expect(tgNotice).toHaveLength(1);
    expect(tgNotice[0]).toContain("Waktu baru");
    expect(tgNotice[0]).toContain("13.30 WIB");
    expect(tgNotice[0]).toContain("Tempat baru: Gedung Dekranasda Lampung");
    const [late] = toWhatsApp(waLate).slice(lateBefore);
    expect(late?.payload.type).toBe("template");
    const template = late?.payload.template as {
      name: string;
      components: { parameters: { text: string }[] }[];
    };
    expect(template.name).toBe("umkm_perubahan_pelatihan");
    const params = template.components[0]!.parameters.map((p) => p.text);
    expect(params[0]).toBe("Pelatihan Kemasan Produk");
    expect(params[1]).toContain("DIUBAH");
    expect(params[1]).toContain("Gedung Dekranasda Lampung");
    const recent = toWhatsApp(waRecent).slice(recentBefore);
    expect(recent).toHaveLength(1);
    expect(JSON.stringify(recent[0]!.payload)).toContain("Tempat baru: Gedung Dekranasda Lampung");

    // The same edit again changes nothing and tells nobody; a title change tells nobody either.
    const calls = harness.telegram.calls.length + harness.whatsapp.calls.length;
    const same = await harness.post(petugas, "trainings/edit", { id, place: "Gedung Dekranasda Lampung" });
    expect(await body(same)).toMatchObject({ told: 0 });
    await harness.post(petugas, "trainings/edit", { id, title: "Pelatihan Kemasan Produk Pangan" });
    expect(harness.telegram.calls.length + harness.whatsapp.calls.length).toBe(calls);
    // Fewer seats than participants, or a past time, is refused.
    const small = await harness.post(petugas, "trainings/edit", { id, quota: 2 });
    expect(small.status).toBe(409);
    expect(await body(small)).toMatchObject({ error: "quota-below-seats" });
    const past = await harness.post(petugas, "trainings/edit", { id, date: wibDay(-1) });
    expect(await body(past)).toMatchObject({ error: "invalid", field: "date", problem: "past" });

    const edits = (await auditOf("training.edit")).filter((entry) => entry.target === id);
    expect(edits).toHaveLength(2);
    const placeEdit = edits.find((entry) => JSON.stringify(entry.after).includes("Dekranasda"));
    expect(placeEdit?.before).toMatchObject({ place: "Aula Dinas Koperasi dan UKM" });
    expect(placeEdit?.after).toMatchObject({ place: "Gedung Dekranasda Lampung", told: 3 });

    // Participants CSV (defused like the CLI's) and the sessions CSV, both audited.
    const csv = await harness.get(petugas, `trainings/participants.csv?id=${id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="peserta-${id}.csv"`);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe('"training","title","name","businessName","role","channel","phone","registeredAt"');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"telegram"');
    expect(lines[2]).toContain('"Pak Joko"');
    const sessions = await (await harness.get(petugas, "trainings.csv?when=upcoming")).text();
    expect(sessions).toContain('"Pelatihan Kemasan Produk Pangan"');
    expect(sessions).toContain('"Gedung Dekranasda Lampung"');
    expect(await auditOf("training.participants.export")).toHaveLength(1);

    // Cancel: everyone is told once; a second cancel is refused and tells nobody.
    const tgCount = toTelegram(tgPerson).length;
    const cancelled = await harness.post(petugas, "trainings/cancel", { id });
    expect(cancelled.status).toBe(200);
    expect(await body(cancelled)).toMatchObject({ told: 3 });
    expect(toTelegram(tgPerson).slice(tgCount).join()).toContain("DIBATALKAN");
    const cancelTemplate = toWhatsApp(waLate).at(-1)?.payload.template as {
      components: { parameters: { text: string }[] }[];
    };
    expect(cancelTemplate.components[0]!.parameters[1]!.text).toBe("DIBATALKAN");
    const callsAfter = harness.telegram.calls.length + harness.whatsapp.calls.length;
    expect((await harness.post(petugas, "trainings/cancel", { id })).status).toBe(409);
    expect(harness.telegram.calls.length + harness.whatsapp.calls.length).toBe(callsAfter);
    expect((await harness.post(petugas, "trainings/edit", { id, place: "Aula" })).status).toBe(409);
    const cancels = (await auditOf("training.cancel")).filter((entry) => entry.target === id);
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.after).toMatchObject({ status: "cancelled", told: 3 });
  });
});
