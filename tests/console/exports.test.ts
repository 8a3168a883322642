// CSV exports of the console's lists: a download with the CLI's formula defusing, audited, admin-only where
// the list is; the test harness shared by the console's page tests (tests/support/console.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";

const adminTg = 7501;
const petugasTg = 7502;
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsolcsv", admins: [adminTg], petugas: [petugasTg] });
});
afterAll(async () => harness.close());

describe("CSV exports", () => {
  it("exports the registrations on screen, defusing a formula, and audits the export", async () => {
    await harness.pendingSeller("telegram", "7601", '=HYPERLINK("x")');
    const session = await harness.signIn(petugasTg);
    const response = await harness.get(session, "registrations.csv?status=pending&q=hyperlink");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="pendaftaran.csv"');
    const text = await response.text();
    const lines = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toContain('"businessName"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).toContain('"Kuliner');
    const admin = await harness.signIn(adminTg);
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string }[];
    };
    expect(audit.entries.find((entry) => entry.action === "registration.export")?.actor).toBe(
      `telegram:${petugasTg}`,
    );
  });

  it("exports the audit log to admins only", async () => {
    const petugas = await harness.signIn(petugasTg);
    expect((await harness.get(petugas, "audit.csv")).status).toBe(403);
    const admin = await harness.signIn(adminTg);
    const response = await harness.get(admin, "audit.csv");
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    // The BOM makes Excel read UTF-8 (fetch's text() would hide it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text).toContain('"session.login"');
    expect(text.split("\r\n")[0]).toBe('"at","actor","action","target","before","after"');
  });

  it("refuses an export without a session", async () => {
    expect((await harness.get(undefined, "registrations.csv")).status).toBe(401);
  });
});
