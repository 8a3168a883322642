// Staff management API (admins only): list with configured staff marked, add/role/remove through the same
// store writes as the admin CLI, sessions ended at once on removal or downgrade, audited, CSV export.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdminInProcess } from "../support/admin.js";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";

const adminTg = 7901;
const petugasTg = 7902;
const newcomerTg = 7903;
const otherAdminTg = 7904;
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({
    name: "konsolstaff",
    admins: [adminTg, otherAdminTg],
    petugas: [petugasTg],
  });
});
afterAll(async () => harness.close());

type Row = { id: string; role: string; source: string };
const list = async (session: Awaited<ReturnType<ConsoleHarness["signIn"]>>) =>
  ((await (await harness.get(session, "staff")).json()) as { staff: Row[] }).staff;

describe("staff API", () => {
  it("is for admins only", async () => {
    const petugas = await harness.signIn(petugasTg);
    expect((await harness.get(petugas, "staff")).status).toBe(403);
    expect((await harness.get(petugas, "staff.csv")).status).toBe(403);
    const add = { channel: "telegram", userId: "1234", role: "admin" };
    expect((await harness.post(petugas, "staff/add", add)).status).toBe(403);
    // Nobody was added by the refused call.
    const admin = await harness.signIn(adminTg);
    expect((await list(admin)).map((row) => row.id)).not.toContain("telegram:1234");
  });

  it("lists configured staff as such and granted ones with their role", async () => {
    const admin = await harness.signIn(adminTg);
    const rows = await list(admin);
    expect(rows).toContainEqual(
      expect.objectContaining({ id: `telegram:${adminTg}`, source: "config", role: "admin" }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ id: `telegram:${petugasTg}`, source: "granted", role: "petugas" }),
    );
  });

  it("refuses bad input, a missing CSRF token, configured staff and oneself", async () => {
    const admin = await harness.signIn(adminTg);
    for (const body of [
      { channel: "telegram", userId: "-100123", role: "admin" },
      { channel: "sms", userId: "123", role: "admin" },
      { channel: "telegram", userId: "123", role: "boss" },
      { channel: "telegram", userId: "123", role: "admin", extra: 1 },
      "telegram:123",
    ])
      expect((await harness.post(admin, "staff/add", body)).status).toBe(400);
    expect((await harness.post(admin, "staff/remove", { id: "telegram:x" })).status).toBe(400);
    const add = { channel: "telegram", userId: String(newcomerTg), role: "petugas" };
    expect((await harness.post(admin, "staff/add", add, null)).status).toBe(403);
    expect((await harness.post(admin, "staff/add", add, "forged")).status).toBe(403);
    expect((await list(admin)).map((row) => row.id)).not.toContain(`telegram:${newcomerTg}`);
    const self = await harness.post(admin, "staff/remove", { id: `telegram:${adminTg}` });
    expect(self.status).toBe(409);
    expect(await self.json()).toEqual({ error: "self" });
    const configuredOther = await harness.post(admin, "staff/role", {
      id: `telegram:${otherAdminTg}`,
      role: "petugas",
    });
    expect(await configuredOther.json()).toEqual({ error: "configured" });
    expect(configuredOther.status).toBe(409);
    expect((await harness.post(admin, "staff/remove", { id: `telegram:${otherAdminTg}` })).status).toBe(409);
    expect((await harness.post(admin, "staff/add", { ...add, userId: String(otherAdminTg) })).status).toBe(
      409,
    );
    expect((await harness.post(admin, "staff/remove", { id: "telegram:424242" })).status).toBe(404);
  });

  it("adds, downgrades and removes a staff member; their sessions end at once; audited", async () => {
    const admin = await harness.signIn(adminTg);
    const add = { channel: "telegram", userId: String(newcomerTg), role: "admin" };
    const added = await harness.post(admin, "staff/add", add);
    expect(added.status).toBe(200);
    expect((await harness.post(admin, "staff/add", add)).status).toBe(409);
    // The chat and the CLI see the same grant.
    const cli = await runAdminInProcess(["staff", "list", "--format", "json"], { table: harness.table });
    expect(cli.stdout).toContain(`telegram:${newcomerTg}`);
    const newcomer = await harness.signIn(newcomerTg);
    expect(newcomer.role).toBe("admin");

    const downgraded = await harness.post(admin, "staff/role", {
      id: `telegram:${newcomerTg}`,
      role: "petugas",
    });
    expect(downgraded.status).toBe(200);
    expect(((await downgraded.json()) as { sessionsEnded: number }).sessionsEnded).toBe(1);
    expect((await harness.get(newcomer, "me")).status).toBe(401);
    const again = await harness.signIn(newcomerTg);
    expect(again.role).toBe("petugas");
    const other = await harness.signIn(newcomerTg);

    const removed = await harness.post(admin, "staff/remove", { id: `telegram:${newcomerTg}` });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { sessionsEnded: number }).sessionsEnded).toBe(2);
    expect((await harness.get(again, "me")).status).toBe(401);
    expect((await harness.get(other, "registrations")).status).toBe(401);
    expect((await list(admin)).map((row) => row.id)).not.toContain(`telegram:${newcomerTg}`);
    // No link for them any more: "/konsol" is an unknown word to non-staff.
    await expect(harness.linkToken(newcomerTg)).rejects.toThrow(/no link/);

    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; target: string; before?: unknown; after?: unknown }[];
    };
    const mine = audit.entries.filter((entry) => entry.target === `telegram:${newcomerTg}`);
    expect(mine.find((entry) => entry.action === "staff.add")).toMatchObject({
      actor: `telegram:${adminTg}`,
      before: { staff: false },
      after: { staff: true, role: "admin" },
    });
    expect(mine.find((entry) => entry.action === "staff.role")).toMatchObject({
      before: { role: "admin" },
      after: { role: "petugas", sessionsEnded: 1 },
    });
    expect(mine.find((entry) => entry.action === "staff.remove")).toMatchObject({
      before: { staff: true, role: "petugas" },
      after: { staff: false, sessionsEnded: 2 },
    });
  });

  it("exports the list as CSV and audits the export", async () => {
    const admin = await harness.signIn(adminTg);
    const response = await harness.get(admin, "staff.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="petugas.csv"');
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe('"id","channel","name","role","source"');
    expect(lines).toContainEqual(expect.stringContaining(`"telegram:${petugasTg}","telegram","`));
    const audit = (await (await harness.get(admin, "audit")).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((entry) => entry.action)).toContain("staff.export");
  });
});
