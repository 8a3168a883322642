// The tickets inbox's API: tickets opened through the real WhatsApp/Telegram webhooks, replies that reach the
// person on the fake platform APIs once per submission, claim/assign, internal notes, close (the person's
// handover ends like the chat's /tutup), the 24-hour window and template, CSV, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { type ConsoleHarness, type ConsoleSession, startConsoleHarness } from "../support/console.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const adminTg = 7701;
const petugasTg = 7702;
let harness: ConsoleHarness;
let nextWa = 0;

beforeAll(async () => {
  harness = await startConsoleHarness({
    name: "konsoltiket",
    admins: [adminTg],
    petugas: [petugasTg],
    env: { WHATSAPP_TEMPLATE_NAME: "pemberitahuan_umkm" },
  });
});
afterAll(async () => harness.close());

interface TicketView {
  id: string;
  state: string;
  channel: string;
  name: string;
  staffReplies: number;
  questions: string[];
  assignee?: { actor: string; name: string };
  window: { open: boolean; until?: number };
}
interface HistoryEntry {
  kind: string;
  by: string;
  text?: string;
  assignee?: { actor: string };
}

/** A WhatsApp person asks for staff through the real webhook: the ticket's id from the bot's answer. */
async function whatsappTicket(name = "Bu Rina", question = "Bagaimana cara mengurus izin PIRT?") {
  const waId = String(628119000100 + ++nextWa);
  const person = whatsappChat(harness.test.app, harness.whatsapp, waId, name, harness.clock);
  await person.say(question);
  await person.say("hubungi petugas");
  const id = ticketIdIn(person.last().text);
  expect(id, person.last().text).toBeDefined();
  return { person, waId, id: id! };
}

const sentTo = (waId: string) => harness.whatsapp.calls.filter((call) => call.payload.to === waId);
const textsTo = (waId: string) =>
  sentTo(waId).map((call) => String((call.payload.text as { body?: string } | undefined)?.body ?? ""));

async function one(session: ConsoleSession, id: string) {
  const response = await harness.get(session, `tickets/one?id=${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { ticket: TicketView; history: HistoryEntry[] };
}

async function auditEntries() {
  const admin = await harness.signIn(adminTg);
  const body = (await (await harness.get(admin, "audit")).json()) as {
    entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
  };
  return body.entries;
}

describe("tickets inbox API", () => {
  it("a petugas replies on the person's WhatsApp; a double submit of the same reply is sent once", async () => {
    const { waId, id } = await whatsappTicket();
    const petugas = await harness.signIn(petugasTg);
    const list = (await (await harness.get(petugas, "tickets")).json()) as {
      tickets: TicketView[];
      template: { configured: boolean; name?: string };
    };
    const listed = list.tickets.find((ticket) => ticket.id === id);
    expect(listed).toMatchObject({ state: "open", channel: "whatsapp", name: "Bu Rina" });
    expect(listed?.window.open).toBe(true);
    expect(listed?.window.until).toBeGreaterThan(harness.clock.now().getTime());
    expect(list.template).toEqual({ configured: true, name: "pemberitahuan_umkm" });

    const before = sentTo(waId).length;
    const body = { id, text: "Silakan datang ke kantor Dinas hari Senin, Bu.", key: "form-0001-abcd" };
    const first = await harness.post(petugas, "tickets/reply", body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, asTemplate: false });
    const again = await harness.post(petugas, "tickets/reply", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const delivered = textsTo(waId).slice(before);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain(`Balasan petugas (tiket #${id})`);
    expect(delivered[0]).toContain("Silakan datang ke kantor Dinas hari Senin, Bu.");

    const { ticket, history } = await one(petugas, id);
    expect(ticket.staffReplies).toBe(1);
    expect(ticket.questions.join(" ")).toContain("izin PIRT");
    expect(history).toEqual([
      expect.objectContaining({ kind: "reply", by: `telegram:${petugasTg}`, text: body.text }),
    ]);
    // A new submission (a new key) is a new reply.
    expect((await harness.post(petugas, "tickets/reply", { ...body, key: "form-0002-abcd" })).status).toBe(
      200,
    );
    expect(textsTo(waId).slice(before)).toHaveLength(2);
    const replies = (await auditEntries()).filter(
      (entry) => entry.action === "ticket.reply" && entry.target === id,
    );
    expect(replies).toHaveLength(2);
    expect(replies[0]?.actor).toBe(`telegram:${petugasTg}`);
  });

  it("outside WhatsApp's 24-hour window the reply goes as the configured template", async () => {
    const { waId, id } = await whatsappTicket("Pak Joko");
    harness.advance(25 * 60 * 60 * 1000);
    // (Signed in after the wait: a console session lasts less than a day.)
    const petugas = await harness.signIn(petugasTg);
    expect((await one(petugas, id)).ticket.window.open).toBe(false);
    const before = sentTo(waId).length;
    const response = await harness.post(petugas, "tickets/reply", {
      id,
      text: "Maaf terlambat, Pak.",
      key: "late-reply-0001",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, asTemplate: true });
    const sent = sentTo(waId).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload.type).toBe("template");
    expect(JSON.stringify(sent[0]?.payload)).toContain("pemberitahuan_umkm");
  });

  it("claim, assign, internal notes and close; the close ends the person's handover like the chat's", async () => {
    const { person, waId, id } = await whatsappTicket("Bu Sari");
    const petugas = await harness.signIn(petugasTg);
    const admin = await harness.signIn(adminTg);

    const claim = await harness.post(petugas, "tickets/assign", { id, to: "me" });
    expect(claim.status).toBe(200);
    expect((await one(petugas, id)).ticket).toMatchObject({
      state: "claimed",
      assignee: { actor: `telegram:${petugasTg}` },
    });
    const claimed = (await (await harness.get(petugas, "tickets?status=mine")).json()) as {
      tickets: TicketView[];
    };
    expect(claimed.tickets.map((ticket) => ticket.id)).toContain(id);
    const unclaimed = (await (await harness.get(admin, "tickets?status=open")).json()) as {
      tickets: TicketView[];
    };
    expect(unclaimed.tickets.map((ticket) => ticket.id)).not.toContain(id);

    // Only staff can be assigned.
    expect((await harness.post(admin, "tickets/assign", { id, to: "telegram:999999" })).status).toBe(400);
    expect((await harness.post(admin, "tickets/assign", { id, to: `telegram:${petugasTg}` })).status).toBe(
      200,
    );
    expect((await harness.post(admin, "tickets/assign", { id, to: null })).status).toBe(200);
    expect((await one(admin, id)).ticket.state).toBe("open");

    const before = sentTo(waId).length;
    const note = { id, text: "Sudah ditelepon, menunggu berkas.", key: "note-0001-abcd" };
    expect((await harness.post(petugas, "tickets/note", note)).status).toBe(200);
    expect(await (await harness.post(petugas, "tickets/note", note)).json()).toEqual({
      ok: true,
      duplicate: true,
    });
    // A note is internal: nothing reaches the person.
    expect(sentTo(waId).length).toBe(before);

    const close = await harness.post(petugas, "tickets/close", { id });
    expect(close.status).toBe(200);
    expect(textsTo(waId).at(-1)).toContain(`Tiket #${id} sudah ditutup oleh petugas`);
    expect((await harness.post(petugas, "tickets/close", { id })).status).toBe(409);
    expect(
      (await harness.post(petugas, "tickets/reply", { id, text: "halo", key: "after-close-01" })).status,
    ).toBe(409);
    expect((await harness.post(petugas, "tickets/assign", { id, to: "me" })).status).toBe(409);

    // The person's next message is routed normally again (not relayed to a closed ticket).
    await person.say("halo");
    expect(person.last().text).not.toContain("diteruskan ke petugas");
    const closed = await one(petugas, id);
    expect(closed.ticket.state).toBe("closed");
    expect(closed.history.map((entry) => entry.kind)).toEqual([
      "assign",
      "assign",
      "assign",
      "note",
      "close",
    ]);
    expect(closed.history.find((entry) => entry.kind === "note")?.text).toBe(note.text);
    const listedClosed = (await (await harness.get(petugas, "tickets?status=closed")).json()) as {
      tickets: TicketView[];
    };
    expect(listedClosed.tickets.map((ticket) => ticket.id)).toContain(id);

    const entries = (await auditEntries()).filter((entry) => entry.target === id);
    expect(entries.map((entry) => entry.action).sort()).toEqual(
      ["ticket.assign", "ticket.assign", "ticket.claim", "ticket.close", "ticket.note"].sort(),
    );
    expect(entries.find((entry) => entry.action === "ticket.close")).toMatchObject({
      actor: `telegram:${petugasTg}`,
      before: { status: "open" },
      after: { status: "closed" },
    });
    expect(entries.find((entry) => entry.action === "ticket.claim")).toMatchObject({
      before: { assignee: null },
      after: { assignee: `telegram:${petugasTg}` },
    });
  });

  it("a Telegram person's ticket gets the console's reply on Telegram", async () => {
    const userId = 7790;
    const person = telegramChat(harness.test.app, harness.telegram, userId, "Mas Adi");
    await person.say("hubungi petugas");
    const id = ticketIdIn(person.last().text)!;
    expect(id).toBeDefined();
    const petugas = await harness.signIn(petugasTg);
    const response = await harness.post(petugas, "tickets/reply", {
      id,
      text: "Bisa, Mas.",
      key: "tg-reply-0001",
    });
    expect(response.status).toBe(200);
    expect(person.last().text).toContain(`Balasan petugas (tiket #${id})`);
    expect(person.last().text).toContain("Bisa, Mas.");
  });

  it("exports the list as CSV with the CLI's formula defusing, audited", async () => {
    const { id } = await whatsappTicket('=HYPERLINK("x")');
    const petugas = await harness.signIn(petugasTg);
    const response = await harness.get(petugas, `tickets.csv?status=all&q=${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tiket.csv"');
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toContain('"id","state","channel","name"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"${id}"`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect((await auditEntries()).some((entry) => entry.action === "ticket.export")).toBe(true);
  });

  it('"hapus data" deletes the ticket\'s history (replies and notes written from the console)', async () => {
    const { person, id } = await whatsappTicket("Bu Unikwati");
    const petugas = await harness.signIn(petugasTg);
    const reply = { id, text: "Bu Unikwati, berkas Anda lengkap.", key: "erase-reply-01" };
    expect((await harness.post(petugas, "tickets/reply", reply)).status).toBe(200);
    const note = { id, text: "Unikwati: NIB 1234", key: "erase-note-001" };
    expect((await harness.post(petugas, "tickets/note", note)).status).toBe(200);
    const logs = async () =>
      (await harness.table.scanAll()).filter(
        (item) => item.pk === `TICKET#${id}` && String(item.sk).startsWith("LOG#"),
      );
    expect(await logs()).toHaveLength(2);
    await person.say("selesai");
    await person.say("hapus data");
    await person.choose("Ya, hapus");
    expect(person.last().text).toContain("sudah dihapus");
    expect(await logs()).toHaveLength(0);
    const left = (await harness.table.scanAll()).filter((item) => JSON.stringify(item).includes("Unikwati"));
    expect(left).toEqual([]);
  });

  it("refuses: no session 401, a forged or missing CSRF token 403, bad input 400, an unknown ticket 404", async () => {
    const { waId, id } = await whatsappTicket("Bu Ani");
    expect((await harness.get(undefined, "tickets")).status).toBe(401);
    expect((await harness.get(undefined, "tickets.csv")).status).toBe(401);
    const noSession = await fetch(`${harness.base}/konsol/api/tickets/reply`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id, text: "x", key: "nosession-0001" }),
    });
    expect(noSession.status).toBe(401);

    const petugas = await harness.signIn(petugasTg);
    const before = sentTo(waId).length;
    const reply = { id, text: "Halo, Bu.", key: "csrf-test-0001" };
    expect((await harness.post(petugas, "tickets/reply", reply, "forged-token")).status).toBe(403);
    expect((await harness.post(petugas, "tickets/reply", reply, null)).status).toBe(403);
    expect((await harness.post(petugas, "tickets/close", { id }, "forged-token")).status).toBe(403);
    expect((await harness.post(petugas, "tickets/assign", { id, to: "me" }, null)).status).toBe(403);
    expect(sentTo(waId).length).toBe(before);

    const bad: [string, unknown][] = [
      ["tickets/reply", { id, text: "  ", key: "bad-input-0001" }],
      ["tickets/reply", { id, text: "x".repeat(1501), key: "bad-input-0001" }],
      ["tickets/reply", { id, text: "ok" }],
      ["tickets/reply", { id, text: "ok", key: "short" }],
      ["tickets/reply", { id: "not-a-ticket", text: "ok", key: "bad-input-0001" }],
      ["tickets/reply", { id, text: "ok", key: "bad-input-0001", extra: true }],
      ["tickets/note", { id, text: 42, key: "bad-input-0001" }],
      ["tickets/assign", { id, to: "someone" }],
      ["tickets/close", { id: ["T234567"] }],
      ["tickets/close", "T234567"],
    ];
    for (const [path, body] of bad) expect((await harness.post(petugas, path, body)).status, path).toBe(400);
    expect((await harness.get(petugas, "tickets?status=everything")).status).toBe(400);
    expect((await harness.get(petugas, "tickets/one?id=../x")).status).toBe(400);
    expect((await harness.get(petugas, "tickets/one?id=T222222")).status).toBe(404);
    expect((await harness.post(petugas, "tickets/close", { id: "T222222" })).status).toBe(404);
    expect(
      (await harness.post(petugas, "tickets/reply", { id: "T222222", text: "x", key: "missing-0001" }))
        .status,
    ).toBe(404);
    expect(sentTo(waId).length).toBe(before);
    expect((await one(petugas, id)).ticket.state).toBe("open");
  });
});
