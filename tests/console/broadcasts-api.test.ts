// The console's broadcasts API on the real app (DynamoDB Local, fake platform APIs, staff signed in through
// the bot's /konsol link): audiences per role with exact counts, petugas refused a non-seller audience,
// scheduling at a WIB time and cancelling, exactly one job per draft, CSRF, bad input, audit and CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { type ConsoleHarness, type ConsoleSession, startConsoleHarness } from "../support/console.js";

const adminTg = 7701;
const petugasTg = 7702;
let harness: ConsoleHarness;
let admin: ConsoleSession;
let petugas: ConsoleSession;

interface BroadcastView {
  id: string;
  state: string;
  audience: string;
  sendAt: number;
  cancellable: boolean;
  counters: Record<string, number>;
}

beforeAll(async () => {
  harness = await startConsoleHarness({
    name: "konsolbc",
    admins: [adminTg],
    petugas: [petugasTg],
    env: fastOutboxEnv,
  });
  await seedContacts(harness.table.documentClient, harness.table.tableName, [
    { channel: "telegram", userId: "7711", seller: { category: "kuliner", kecamatan: "kemiling" } },
    { channel: "telegram", userId: "7712", seller: { category: "kuliner", kecamatan: "way-halim" } },
    { channel: "whatsapp", userId: "6281377000713", seller: { category: "fashion", kecamatan: "kemiling" } },
    {
      channel: "telegram",
      userId: "7714",
      seller: { category: "kuliner", kecamatan: "kemiling", status: "pending" },
    },
    { channel: "whatsapp", userId: "6281377000715" },
  ]);
  admin = await harness.signIn(adminTg);
  petugas = await harness.signIn(petugasTg);
}, 120_000);
afterAll(async () => harness.close());

const json = async <T>(response: Response) => ({
  status: response.status,
  body: (await response.json()) as T,
});
const auditOf = async (action: string) => {
  const { body } = await json<{
    entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
  }>(await harness.get(admin, "audit"));
  return body.entries.filter((entry) => entry.action === action);
};
/** Tomorrow's date in WIB (YYYY-MM-DD), from the injected clock. */
const tomorrowWib = () =>
  new Date(harness.clock.now().getTime() + 7 * 3_600_000 + 24 * 3_600_000).toISOString().slice(0, 10);

describe("audiences and counts", () => {
  it("offers petugas the sellers audiences only, admins all of them", async () => {
    const kinds = async (session: ConsoleSession) =>
      (
        await json<{ options: { kinds: { kind: string }[] } }>(await harness.get(session, "broadcasts"))
      ).body.options.kinds.map((kind) => kind.kind);
    expect(await kinds(petugas)).toEqual(["penjual", "kategori", "kecamatan"]);
    expect(await kinds(admin)).toEqual(["semua", "penjual", "pelanggan", "kategori", "kecamatan"]);
  });

  it.each([
    [{ kind: "penjual" }, 3, "penjual terdaftar (disetujui)"],
    [{ kind: "kategori", value: "kuliner" }, 2, "penjual kategori Kuliner"],
    [{ kind: "kecamatan", value: "kemiling" }, 2, "penjual di Kecamatan Kemiling"],
  ])("previews %j with the exact count (%i)", async (audience, count, label) => {
    const { status, body } = await json<{ count: number; audienceLabel: string; text: string }>(
      await harness.post(petugas, "broadcasts/preview", { text: "Pelatihan kemasan\nSabtu 09.00", audience }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ count, audienceLabel: label, text: "Pelatihan kemasan\nSabtu 09.00" });
  });

  it("counts everyone for an admin's 'semua' (sellers, the buyer, the pending seller, both staff)", async () => {
    const { status, body } = await json<{ count: number }>(
      await harness.post(admin, "broadcasts/preview", {
        text: "Info untuk semua",
        audience: { kind: "semua" },
      }),
    );
    expect(status).toBe(200);
    expect(body.count).toBe(7);
  });

  it("shows WhatsApp's template rendering: one line, at most 600 characters", async () => {
    const text = `Baris satu\n\nbaris   dua ${"x".repeat(700)}`;
    const { body } = await json<{ whatsappTemplateText: string; length: number }>(
      await harness.post(petugas, "broadcasts/preview", { text, audience: { kind: "penjual" } }),
    );
    expect(body.length).toBe(text.length);
    expect(body.whatsappTemplateText.startsWith("Baris satu baris dua xxx")).toBe(true);
    expect([...body.whatsappTemplateText]).toHaveLength(600);
  });
});

describe("authorisation, CSRF and bad input", () => {
  it.each([{ kind: "semua" }, { kind: "pelanggan" }])(
    "refuses petugas a broadcast to %j (403), creating nothing",
    async (audience) => {
      const draft = { text: "Untuk semua orang", audience };
      for (const [route, body] of [
        ["broadcasts/preview", draft],
        ["broadcasts/send", { ...draft, draft: "petugas-draft-1" }],
      ] as const) {
        const response = await harness.post(petugas, route, body);
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ error: "audience-not-allowed" });
      }
      expect(await harness.test.app.outbox.jobs.listRecent(50)).toEqual([]);
    },
  );

  it("refuses a send without or with a forged CSRF token", async () => {
    const body = { text: "Tanpa token", audience: { kind: "penjual" }, draft: "csrf-draft-01" };
    for (const csrf of [null, "forged-token"]) {
      const response = await harness.post(admin, "broadcasts/send", body, csrf);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: "csrf" });
    }
    expect(await harness.test.app.outbox.jobs.listRecent(50)).toEqual([]);
  });

  it.each([
    [{ audience: { kind: "penjual" } }, "bad-request"],
    [{ text: "Halo", audience: { kind: "teman" } }, "bad-request"],
    [{ text: "Halo", audience: { kind: "kategori", value: "senjata" } }, "bad-request"],
    [{ text: "Halo", audience: { kind: "kecamatan", value: "jakarta" } }, "bad-request"],
    [{ text: "Halo", audience: { kind: "penjual" }, extra: 1 }, "bad-request"],
    [{ text: "Halo", audience: { kind: "penjual" }, sendAt: "besok pagi" }, "bad-request"],
    [{ text: "H", audience: { kind: "penjual" } }, "text-tooShort"],
    ["3501 characters", "text-tooLong"],
    [{ text: "Halo", audience: { kind: "penjual" }, sendAt: "2026-02-31 08:00" }, "time-format"],
    [{ text: "Halo", audience: { kind: "penjual" }, sendAt: "2020-01-01 08:00" }, "time-past"],
  ])("refuses %j with 400 %s", async (given, error) => {
    // A too long text is named in the test's title, not printed in full.
    const body =
      given === "3501 characters" ? { text: "x".repeat(3501), audience: { kind: "penjual" } } : given;
    const response = await harness.post(petugas, "broadcasts/preview", body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(error);
  });

  it("refuses a send without a draft id, and anyone without a session", async () => {
    expect(
      (await harness.post(admin, "broadcasts/send", { text: "Halo", audience: { kind: "penjual" } })).status,
    ).toBe(400);
    expect((await harness.get(undefined, "broadcasts")).status).toBe(401);
    expect((await harness.get(undefined, "broadcasts.csv")).status).toBe(401);
  });
});

describe("schedule, cancel, audit, CSV", () => {
  let scheduled: BroadcastView;

  it("schedules an admin broadcast at a WIB time once per draft, and audits it", async () => {
    const body = {
      text: "=SUM(A1) Pasar murah besok",
      audience: { kind: "semua" },
      sendAt: `${tomorrowWib()} 08:00`,
      draft: "admin-draft-0001",
    };
    const first = await json<{ broadcast: BroadcastView; created: boolean }>(
      await harness.post(admin, "broadcasts/send", body),
    );
    expect(first.status).toBe(200);
    scheduled = first.body.broadcast;
    expect(first.body.created).toBe(true);
    expect(scheduled).toMatchObject({ state: "scheduled", audience: "semua", cancellable: true });
    expect(new Date(scheduled.sendAt).toISOString()).toBe(`${tomorrowWib()}T01:00:00.000Z`);
    // The same draft sent again (a double click, a retried request): the same job, not a second one.
    const again = await json<{ broadcast: BroadcastView; created: boolean }>(
      await harness.post(admin, "broadcasts/send", body),
    );
    expect(again.body).toMatchObject({ created: false, broadcast: { id: scheduled.id } });
    expect(await harness.test.app.outbox.jobs.listRecent(50)).toHaveLength(1);
    // Not due yet: the planner (every minute on AWS, polled locally) leaves it.
    expect(await harness.test.app.outbox.planner.runDue()).toBe(0);
    const created = await auditOf("broadcast.create");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      actor: `telegram:${adminTg}`,
      target: scheduled.id,
      after: { audience: "semua", count: 7, text: body.text },
    });
  });

  it("lets petugas neither see a Stop on nor cancel an admin's 'semua' broadcast", async () => {
    const { body } = await json<{ broadcasts: BroadcastView[] }>(await harness.get(petugas, "broadcasts"));
    expect(body.broadcasts.find((job) => job.id === scheduled.id)?.cancellable).toBe(false);
    const response = await harness.post(petugas, "broadcasts/cancel", { id: scheduled.id });
    expect(response.status).toBe(403);
    expect((await harness.test.app.outbox.jobs.get(scheduled.id))?.state).toBe("scheduled");
  });

  it("cancels a scheduled broadcast once, audited with before and after", async () => {
    expect((await harness.post(admin, "broadcasts/cancel", { id: "bad id!" })).status).toBe(400);
    expect((await harness.post(admin, "broadcasts/cancel", { id: "zzzzzz0000" })).status).toBe(404);
    const done = await json<{ broadcast: BroadcastView }>(
      await harness.post(admin, "broadcasts/cancel", { id: scheduled.id }),
    );
    expect(done.status).toBe(200);
    expect(done.body.broadcast).toMatchObject({ state: "cancelled", cancellable: false });
    expect((await harness.post(admin, "broadcasts/cancel", { id: scheduled.id })).status).toBe(409);
    const cancels = await auditOf("broadcast.cancel");
    expect(cancels).toHaveLength(1);
    expect(cancels[0]).toMatchObject({
      target: scheduled.id,
      before: { state: "scheduled" },
      after: { state: "cancelled", sent: 0 },
    });
  });

  it("lets petugas send to sellers now and stop it while it runs", async () => {
    const sent = await json<{ broadcast: BroadcastView }>(
      await harness.post(petugas, "broadcasts/send", {
        text: "Pelatihan kuliner",
        audience: { kind: "kategori", value: "kuliner" },
        draft: "petugas-draft-2",
      }),
    );
    expect(sent.status).toBe(200);
    expect(sent.body.broadcast).toMatchObject({
      state: "scheduled",
      audience: "kategori:kuliner",
      cancellable: true,
    });
    expect(await harness.test.app.outbox.planner.runDue()).toBe(1);
    const running = await json<{ broadcast: BroadcastView }>(
      await harness.get(petugas, `broadcasts/job?id=${sent.body.broadcast.id}`),
    );
    expect(running.body.broadcast).toMatchObject({ state: "running", counters: { total: 2, queued: 2 } });
    const stopped = await harness.post(petugas, "broadcasts/cancel", { id: sent.body.broadcast.id });
    expect(stopped.status).toBe(200);
    expect((await harness.test.app.outbox.jobs.get(sent.body.broadcast.id))?.state).toBe("cancelled");
  });

  it("refuses an empty audience", async () => {
    const response = await harness.post(admin, "broadcasts/send", {
      text: "Untuk penjual fashion di Panjang",
      audience: { kind: "kecamatan", value: "panjang" },
      draft: "admin-draft-empty",
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: "empty-audience" });
  });

  it("exports the list (formulas defused) and one broadcast's outcome counts, audited", async () => {
    const list = await harness.get(petugas, "broadcasts.csv");
    expect(list.status).toBe(200);
    expect(list.headers.get("content-disposition")).toBe('attachment; filename="siaran.csv"');
    const lines = (await list.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toContain('"id","state","audience"');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.includes(scheduled.id))).toContain(`"'=SUM(A1) Pasar murah besok"`);
    const one = await harness.get(admin, `broadcasts/job.csv?id=${scheduled.id}`);
    expect(one.status).toBe(200);
    const rows = (await one.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(rows[0]).toBe('"id","counter","value"');
    expect(rows).toContain(`"${scheduled.id}","total","0"`);
    expect(rows.some((row) => row.includes('"delivered"'))).toBe(true);
    expect((await harness.get(admin, "broadcasts/job.csv?id=zzzzzz0000")).status).toBe(404);
    const exports = await auditOf("broadcast.export");
    expect(exports.map((entry) => entry.target).sort()).toEqual(["broadcasts", scheduled.id].sort());
  });
});
