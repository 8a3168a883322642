// Editing a registration in the console: the chat's field rules on the server, the decision kept, the same
// edit saved once, audited with only what changed; a petugas may edit, bad input is a 400 with the chat's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";

const adminTg = 7701;
const petugasTg = 7702;
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsoledit", admins: [adminTg], petugas: [petugasTg] });
});
afterAll(async () => harness.close());

const sellers = () =>
  createSellerRepository({ client: harness.table.documentClient, tableName: harness.table.tableName });

const details = {
  businessName: "Keripik Bu Sari",
  ownerName: "Sari Wulandari",
  category: "kuliner",
  kecamatan: "way-halim",
  phone: "0812 3456 7890",
  products: "keripik pisang, kopi robusta",
};

describe("editing a registration", () => {
  it("corrects an approved seller's details with the chat's rules and keeps the decision", async () => {
    await harness.pendingSeller("whatsapp", "628111770301", "Keripik Bu Sri", { kecamatan: "kedaton" });
    const admin = await harness.signIn(adminTg);
    const decided = await harness.post(admin, "registrations/decide", {
      id: "whatsapp:628111770301",
      decision: "approved",
    });
    expect(decided.status).toBe(200);

    const petugas = await harness.signIn(petugasTg);
    const id = "whatsapp:628111770301";
    const response = await harness.post(petugas, "registrations/edit", { id, ...details });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { changed: string[] };
    expect(body.changed.sort()).toEqual(["businessName", "kecamatan", "ownerName", "phone", "products"]);
    const stored = await sellers().get({ channel: "whatsapp", userId: "628111770301" });
    expect(stored).toMatchObject({
      status: "approved",
      businessName: "Keripik Bu Sari",
      kecamatan: "way-halim",
      phone: "+6281234567890",
    });

    // The same edit again changes nothing and writes no second audit entry.
    const again = (await (await harness.post(petugas, "registrations/edit", { id, ...details })).json()) as {
      changed: string[];
    };
    expect(again.changed).toEqual([]);
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: {
        action: string;
        target: string;
        before?: Record<string, unknown>;
        after?: Record<string, unknown>;
      }[];
    };
    const edits = audit.entries.filter(
      (entry) => entry.action === "registration.edit" && entry.target === id,
    );
    expect(edits).toHaveLength(1);
    expect(edits[0]!.before).toMatchObject({ businessName: "Keripik Bu Sri", kecamatan: "kedaton" });
    expect(edits[0]!.after).toMatchObject({ businessName: "Keripik Bu Sari", kecamatan: "way-halim" });

    // The list shows the kecamatan by its name.
    const list = (await (await harness.get(petugas, "registrations?status=approved")).json()) as {
      registrations: { id: string; kecamatan: string }[];
      options: { kecamatan: { id: string; label: string }[] };
    };
    expect(list.registrations.find((row) => row.id === id)?.kecamatan).toBe("Way Halim");
    expect(list.options.kecamatan).toHaveLength(20);
  });

  it("refuses what the chat would refuse, with its words, and bad shapes", async () => {
    await harness.pendingSeller("telegram", "7703", "Tapis Jaya");
    const petugas = await harness.signIn(petugasTg);
    const id = "telegram:7703";
    const phone = await harness.post(petugas, "registrations/edit", { id, ...details, phone: "12345" });
    expect(phone.status).toBe(400);
    expect(await phone.json()).toMatchObject({ error: "invalid", field: "phone" });
    const kecamatan = await harness.post(petugas, "registrations/edit", {
      id,
      ...details,
      kecamatan: "Jakarta",
    });
    expect(await kecamatan.json()).toMatchObject({ field: "kecamatan" });
    const owner = await harness.post(petugas, "registrations/edit", { id, ...details, ownerName: "R2D2" });
    expect(((await owner.json()) as { message: string }).message).toContain("huruf");
    for (const bad of [{ id, ...details, category: "senjata" }, { id: "x", ...details }, { id }, [1]])
      expect((await harness.post(petugas, "registrations/edit", bad)).status).toBe(400);
    expect((await harness.post(petugas, "registrations/edit", { id, ...details }, "forged")).status).toBe(
      403,
    );
    expect(
      (await harness.post(petugas, "registrations/edit", { ...details, id: "telegram:7799" })).status,
    ).toBe(404);
    expect((await sellers().get({ channel: "telegram", userId: "7703" }))?.businessName).toBe("Tapis Jaya");
  });
});
