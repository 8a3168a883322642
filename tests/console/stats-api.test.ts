// Statistics API (both roles): sellers by kecamatan and category (Indonesian names), subscribers per week,
// promos per weekend, broadcast outcomes, ticket response times; CSV of each chart, audited; bad input 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";
import { pendingPromo } from "../support/console-promos.js";

const adminTg = 8201;
const petugasTg = 8202;
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsolstats", admins: [adminTg], petugas: [petugasTg] });
});
afterAll(async () => harness.close());

type Stats = {
  generatedAt: number;
  sellers: {
    total: number;
    byKecamatan: { label: string; count: number }[];
    byCategory: { key: string; label: string; count: number }[];
  };
  subscribers: { active: number; weekly: { at: number; active: number }[] };
  promos: { weekend: string; label: string; pending: number; approved: number }[];
  broadcasts: unknown[];
  tickets: { medianFirstResponseMinutes: number | null; windowDays: number };
};

describe("stats API", () => {
  it("gives a petugas the charts' data with Indonesian category names and series over time", async () => {
    await harness.pendingSeller("telegram", "8301", "Tapis Indah", {
      category: "kerajinan-tapis",
      kecamatan: "Kedaton",
    });
    await harness.pendingSeller("telegram", "8302", "Kopi Pagi", { kecamatan: "Kedaton" });
    await pendingPromo(harness, "telegram", "8303", "Keripik Balado");
    const subscriptions = createSubscriptionRepository({
      client: harness.table.documentClient,
      tableName: harness.table.tableName,
    });
    const threeWeeksAgo = new Date(harness.clock.now().getTime() - 21 * 24 * 60 * 60 * 1000);
    await subscriptions.subscribe({ channel: "telegram", userId: "8304" }, [], "promo-v1", threeWeeksAgo);
    await subscriptions.subscribe(
      { channel: "whatsapp", userId: "6281200008305" },
      [],
      "promo-v1",
      harness.clock.now(),
    );

    const petugas = await harness.signIn(petugasTg);
    const response = await harness.get(petugas, "stats");
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Stats;
    expect(stats.sellers.byKecamatan).toContainEqual(expect.objectContaining({ label: "Kedaton", count: 2 }));
    expect(stats.sellers.byCategory).toContainEqual(
      expect.objectContaining({ key: "kerajinan-tapis", label: "Kerajinan & Tapis", count: 1 }),
    );
    expect(stats.subscribers.weekly).toHaveLength(12);
    const weekly = stats.subscribers.weekly.map((week) => week.active);
    expect(weekly.at(-1)).toBe(2);
    expect(weekly.at(-3)).toBe(1);
    expect(weekly[0]).toBe(0);
    expect(stats.promos).toHaveLength(8);
    expect(stats.promos.at(-1)).toMatchObject({ pending: 1, approved: 0 });
    expect(stats.promos.at(-1)!.label).toMatch(/^Sabtu-Minggu, /);
    expect(stats.broadcasts).toEqual([]);
    expect(stats.tickets).toMatchObject({ medianFirstResponseMinutes: null, windowDays: 30 });
    const english = (await (await harness.get(petugas, "stats?lang=en")).json()) as Stats;
    expect(english.promos.at(-1)!.label).toMatch(/^Saturday-Sunday, /);
  });

  it("exports each chart's data as CSV, audited; an unknown chart is a 400", async () => {
    const petugas = await harness.signIn(petugasTg);
    const csv = async (chart: string) => {
      const response = await harness.get(petugas, `stats.csv?chart=${chart}`);
      expect(response.status).toBe(200);
      return (await response.text())
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
    };
    expect(await csv("category")).toContain('"kerajinan-tapis","Kerajinan & Tapis","1"');
    expect((await csv("kecamatan"))[0]).toBe('"kecamatan","sellers"');
    expect(await csv("subscribers")).toHaveLength(13);
    expect((await csv("promos"))[0]).toBe('"weekend","pending","approved","rejected","withdrawn"');
    expect((await csv("broadcasts"))[0]).toContain('"sent","delivered","read","failed","blocked"');
    expect((await csv("tickets"))[0]).toContain('"medianFirstResponseMinutes"');
    expect((await harness.get(petugas, "stats.csv?chart=secrets")).status).toBe(400);
    expect((await harness.get(petugas, "stats.csv")).status).toBe(400);
    expect((await harness.get(undefined, "stats")).status).toBe(401);
    const admin = await harness.signIn(adminTg);
    const audit = (await (await harness.get(admin, "audit")).json()) as {
      entries: { action: string; target: string; actor: string }[];
    };
    expect(
      audit.entries.filter((entry) => entry.action === "stats.export").map((entry) => entry.target),
    ).toEqual(
      expect.arrayContaining(["category", "kecamatan", "subscribers", "promos", "broadcasts", "tickets"]),
    );
  });
});
