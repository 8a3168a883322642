// Promo moderation API: both roles, the chat's decision (exactly once, the seller told on their own channel,
// the late-approval wording), CSRF and bad input refused, audited, CSV export.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";
import { pendingPromo } from "../support/console-promos.js";
import { telegramChat } from "../support/telegram-chat.js";

const adminTg = 8001;
const petugasTg = 8002;
const sellerTg = "8101";
const sellerWa = "6281299990001";
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsolpromo", admins: [adminTg], petugas: [petugasTg] });
});
afterAll(async () => harness.close());

type Listed = {
  promos: { ref: string; status: string; product: string; category: string }[];
  weekends: unknown[];
};

describe("promos API", () => {
  it("lists pending promos to a petugas; approving tells the seller once; the chat finds it decided", async () => {
    const ref = await pendingPromo(harness, "telegram", sellerTg, "Keripik Pedas");
    const petugas = await harness.signIn(petugasTg);
    const list = (await (await harness.get(petugas, "promos?status=pending")).json()) as Listed;
    expect(list.promos).toEqual([
      expect.objectContaining({ ref, status: "pending", product: "Keripik Pedas", category: "Kuliner" }),
    ]);
    expect(list.weekends.length).toBeGreaterThanOrEqual(2);
    const toSeller = () =>
      harness.telegram.calls.filter(
        (call) => call.method === "sendMessage" && String(call.payload.chat_id) === sellerTg,
      );
    const before = toSeller().length;
    const response = await harness.post(petugas, "promos/decide", { ref, decision: "approved" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, product: "Keripik Pedas", status: "approved" });
    const sent = toSeller().slice(before);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.payload.text)).toContain('Promo "Keripik Pedas" untuk Sabtu-Minggu');
    expect(String(sent[0]!.payload.text)).toContain("disetujui dan akan dikirim ke pelanggan");
    // Exactly once, whichever path comes second.
    expect((await harness.post(petugas, "promos/decide", { ref, decision: "approved" })).status).toBe(409);
    const staffChat = telegramChat(harness.test.app, harness.telegram, adminTg, "Admin");
    await staffChat.press(`pr:ok:${ref}`);
    expect(staffChat.last().text).toContain("sudah diputuskan");
    expect(toSeller().slice(before)).toHaveLength(1);
    const admin = await harness.signIn(adminTg);
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
    };
    expect(audit.entries.find((entry) => entry.action === "promo.approve")).toMatchObject({
      actor: `telegram:${petugasTg}`,
      target: ref,
      before: { status: "pending" },
      after: { status: "approved" },
    });
  });

  it("rejects a WhatsApp seller's promo with a reason, which reaches them on WhatsApp", async () => {
    const ref = await pendingPromo(harness, "whatsapp", sellerWa, "Kopi Robusta");
    const admin = await harness.signIn(adminTg);
    const before = harness.whatsapp.calls.length;
    const response = await harness.post(admin, "promos/decide", {
      ref,
      decision: "rejected",
      reason: "Harga promo tidak jelas",
    });
    expect(response.status).toBe(200);
    const sent = harness.whatsapp.calls.slice(before).filter((call) => call.payload.to === sellerWa);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.payload)).toContain("Alasan: Harga promo tidak jelas");
    const list = (await (await harness.get(admin, "promos?status=rejected")).json()) as Listed;
    expect(list.promos.map((promo) => promo.ref)).toEqual([ref]);
  });

  it("refuses bad input, a missing or forged CSRF token, and an unknown promo", async () => {
    const ref = await pendingPromo(harness, "telegram", "8102", "Sambal Lado");
    const petugas = await harness.signIn(petugasTg);
    for (const body of [
      { ref, decision: "rejected", reason: "x" },
      { ref, decision: "rejected" },
      { ref: "telegram:8102", decision: "approved" },
      { ref, decision: "maybe" },
      { ref, decision: "approved", extra: true },
      // The registrations page's field name: each page's decision reads its own.
      { id: ref, decision: "approved" },
    ])
      expect((await harness.post(petugas, "promos/decide", body)).status).toBe(400);
    expect((await harness.get(petugas, "promos?status=nope")).status).toBe(400);
    expect((await harness.get(petugas, "promos?weekend=2020-01-04")).status).toBe(400);
    expect((await harness.post(petugas, "promos/decide", { ref, decision: "approved" }, null)).status).toBe(
      403,
    );
    expect(
      (await harness.post(petugas, "promos/decide", { ref, decision: "approved" }, "forged")).status,
    ).toBe(403);
    const still = (await (await harness.get(petugas, "promos?status=pending")).json()) as Listed;
    expect(still.promos.map((promo) => promo.ref)).toContain(ref);
    expect(
      (await harness.post(petugas, "promos/decide", { ref: "telegram:1:pzzz", decision: "approved" })).status,
    ).toBe(404);
    expect((await harness.get(undefined, "promos")).status).toBe(401);
  });

  it("exports the promos on screen as CSV and audits the export", async () => {
    const petugas = await harness.signIn(petugasTg);
    const response = await harness.get(petugas, "promos.csv?status=all");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="promo.csv"');
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toContain('"ref","weekend","status","businessName"');
    expect(lines.some((line) => line.includes('"Kopi Robusta"') && line.includes('"rejected"'))).toBe(true);
    expect(lines).toHaveLength(4);
    const admin = await harness.signIn(adminTg);
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string }[];
    };
    expect(audit.entries.find((entry) => entry.action === "promo.export")?.actor).toBe(
      `telegram:${petugasTg}`,
    );
  });
});
