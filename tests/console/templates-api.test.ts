// The WhatsApp templates page's API (admins only, read-only): per purpose and language the template the bot
// uses outside the 24-hour window (its own, the fallback WHATSAPP_TEMPLATE_NAME, or none), the suggested
// text for Meta, and the CSV export (audited); petugas are refused, as is a call without a session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagePurposes } from "../../functions/lib/core/purpose.js";
import enStrings from "../../locales/en/console-templates.json" with { type: "json" };
import idStrings from "../../locales/id/console-templates.json" with { type: "json" };
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";

const adminTg = 7801;
const petugasTg = 7802;

interface PurposeView {
  purpose: string;
  category: string;
  defaultParams: string[];
  header: { type: string; fallbackImage: string | null } | null;
  languages: { language: string; status: string; template: string; code: string; params: string[] }[];
  suggested: { name: string; id: string; en: string };
}
interface TemplatesView {
  whatsappEnabled: boolean;
  fallback: { name: string; code: string; params: string[] } | null;
  purposes: PurposeView[];
}

const configured = {
  ticket_reply: { name: "umkm_balasan_tiket", category: "UTILITY", languages: { id: "id", en: "en_US" } },
  weekend_digest: {
    name: "umkm_promo_foto",
    header: "image",
    headerImage: "https://example.org/umkm.jpg",
    languages: { id: "id" },
  },
};

describe("templates page API with templates and a fallback configured", () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness({
      name: "konsoltpl",
      admins: [adminTg],
      petugas: [petugasTg],
      env: {
        WHATSAPP_TEMPLATES: JSON.stringify(configured),
        WHATSAPP_TEMPLATE_NAME: "pemberitahuan_umkm",
        WHATSAPP_TEMPLATE_PARAMS: "name,text",
      },
    });
  });
  afterAll(async () => harness.close());

  it("shows an admin every purpose: its own template, the other language's, or the fallback", async () => {
    const admin = await harness.signIn(adminTg);
    const response = await harness.get(admin, "templates");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    const view = (await response.json()) as TemplatesView;
    expect(view.whatsappEnabled).toBe(true);
    expect(view.fallback).toEqual({ name: "pemberitahuan_umkm", code: "id", params: ["name", "text"] });
    // The list comes from the code's purposes, in their order.
    expect(view.purposes.map((entry) => entry.purpose)).toEqual([...messagePurposes]);

    const ticket = view.purposes.find((entry) => entry.purpose === "ticket_reply")!;
    expect(ticket.category).toBe("UTILITY");
    expect(ticket.languages).toEqual([
      {
        language: "id",
        status: "own",
        template: "umkm_balasan_tiket",
        code: "id",
        params: ["ticket", "reply"],
      },
      {
        language: "en",
        status: "own",
        template: "umkm_balasan_tiket",
        code: "en_US",
        params: ["ticket", "reply"],
      },
    ]);
    expect(ticket.suggested.name).toBe("umkm_balasan_tiket");
    expect(ticket.suggested.id).toBe(
      "Balasan petugas Layanan UMKM Kota Bandar Lampung untuk tiket #{{1}}:\n\n{{2}}\n\nBalas pesan ini bila masih ada pertanyaan.",
    );
    expect(ticket.suggested.en).toContain(
      "Reply from the Bandar Lampung UMKM service staff on ticket #{{1}}:",
    );

    const digest = view.purposes.find((entry) => entry.purpose === "weekend_digest")!;
    expect(digest.category).toBe("MARKETING");
    expect(digest.header).toEqual({ type: "image", fallbackImage: "https://example.org/umkm.jpg" });
    expect(digest.languages.map((row) => [row.language, row.status, row.template])).toEqual([
      ["id", "own", "umkm_promo_foto"],
      ["en", "other-language", "umkm_promo_foto"],
    ]);

    const decision = view.purposes.find((entry) => entry.purpose === "registration_decision")!;
    expect(decision.header).toBeNull();
    expect(decision.defaultParams).toEqual(["business", "decision"]);
    for (const row of decision.languages)
      expect(row).toMatchObject({
        status: "fallback",
        template: "pemberitahuan_umkm",
        params: ["name", "text"],
      });
  });

  it("refuses a petugas and a caller without a session", async () => {
    const petugas = await harness.signIn(petugasTg);
    const refused = await harness.get(petugas, "templates");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "admin-only" });
    expect((await harness.get(petugas, "templates.csv")).status).toBe(403);
    expect((await harness.get(undefined, "templates")).status).toBe(401);
    expect((await harness.get(undefined, "templates.csv")).status).toBe(401);
  });

  it("exports the table as CSV, one row per purpose and language, and audits the export", async () => {
    const admin = await harness.signIn(adminTg);
    const response = await harness.get(admin, "templates.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="template-whatsapp.csv"');
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      '"purpose","category","language","status","template","code","params","header","suggestedName","suggestedText"',
    );
    expect(lines).toHaveLength(1 + messagePurposes.length * 2);
    expect(lines).toContain(
      '"ticket_reply","UTILITY","en","own","umkm_balasan_tiket","en_US","ticket,reply","","umkm_balasan_tiket","Reply from the Bandar Lampung UMKM service staff on ticket #{{1}}:\n\n{{2}}\n\nReply to this message if you have more questions."',
    );
    expect(lines.find((line) => line.startsWith('"weekend_digest","MARKETING","en"'))).toContain(
      '"other-language","umkm_promo_foto","id","weekend,text","image"',
    );
    expect(lines.find((line) => line.startsWith('"broadcast","MARKETING","id"'))).toContain(
      '"fallback","pemberitahuan_umkm","id","name,text",""',
    );
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; after?: { rows: number } }[];
    };
    const entry = audit.entries.find((item) => item.action === "templates.export");
    expect(entry).toMatchObject({
      actor: `telegram:${adminTg}`,
      after: { rows: messagePurposes.length * 2 },
    });
  });
});

describe("templates page API without any template", () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness({ name: "konsoltpl0", admins: [adminTg] });
  });
  afterAll(async () => harness.close());

  it("says every purpose is missing, so nothing goes out after 24 hours", async () => {
    const admin = await harness.signIn(adminTg);
    const view = (await (await harness.get(admin, "templates")).json()) as TemplatesView;
    expect(view.fallback).toBeNull();
    expect(view.purposes).toHaveLength(messagePurposes.length);
    for (const entry of view.purposes)
      for (const row of entry.languages)
        expect(row).toEqual({
          language: row.language,
          status: "missing",
          template: "",
          code: "",
          params: [],
        });
  });
});

describe("templates page strings", () => {
  it("has a label, a moment and a suggested text for every purpose in both languages", () => {
    expect(Object.keys(enStrings).sort()).toEqual(Object.keys(idStrings).sort());
    for (const strings of [idStrings, enStrings])
      for (const purpose of messagePurposes) {
        expect(strings.purposes[purpose].label).toBeTruthy();
        expect(strings.purposes[purpose].when).toBeTruthy();
        expect(strings.suggested[purpose]).toContain("{{1}}");
      }
  });
});
