// Maintained ticket and promo figures (open tickets, per-day ticket items, per-weekend promo counts): after
// opens, retried opens, first and later staff replies, retried replies, closes, refused closes, promo
// submissions (one retried), decisions, a withdrawal and a "hapus data", the stored items equal a recount, and
// /statistik reads them with one BatchGetItem however many tickets and promos there are.

import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/lib/config/config.js";
import { openWeekend } from "../../functions/lib/core/promo/weekend.js";
import { PutCommand } from "../../functions/lib/store/dynamo-commands.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createStatCounters } from "../../functions/lib/store/stat-counters.js";
import {
  computeCounters,
  computeStatItems,
  readStatItems,
  recountCounters,
} from "../../functions/lib/store/stat-recount.js";
import { createTicketRepository } from "../../functions/lib/store/ticket-repository.js";
import { openTestTicket, statsSourceOf, statsStoreOf, testPromo } from "../support/stats.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
const minute = 60_000;
// Fixed instants: the tickets open at 17:30-17:50 UTC on 2 December, already 3 December in WIB (day items are
// WIB days).
const now = new Date("2026-12-02T18:30:00Z");

beforeAll(async () => {
  table = await createTestTable("statitems");
});

const nonZero = (counters: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));

describe("maintained ticket and promo figures", () => {
  it("equal a recount after a mixed scenario, retries included, and /statistik reads them", async () => {
    const store = statsStoreOf(table);
    const tickets = createTicketRepository(store);
    const at = (minutes: number) => new Date(now.getTime() + minutes * minute);
    const open = (id: string, userId: string, when: Date) =>
      openTestTicket(table, { id, userId, at: when, sourceKey: `src-${id}` });

    // Three tickets; the first open is retried (same id and source): counted once.
    expect(await open("TK1", "51", at(-60))).not.toBeNull();
    expect(await open("TK1", "51", at(-60))).not.toBeNull();
    await open("TK2", "52", at(-50));
    await open("TK3", "53", at(-40));
    // 10 minutes to the first reply of TK1 (the reply retried, then a later one), 30 to TK2's; TK3 unanswered.
    await tickets.recordStaffReply("TK1", at(-50));
    await tickets.recordStaffReply("TK1", at(-50));
    await tickets.recordStaffReply("TK1", at(-45));
    await tickets.recordStaffReply("TK2", at(-20));
    // TK1 closed (the close retried); an idle close of TK2 refused (active since); TK3 stays open.
    expect(await tickets.close("TK1", "staff", at(-10))).not.toBeNull();
    expect(await tickets.close("TK1", "staff", at(-10))).toBeNull();
    expect(await tickets.close("TK2", "idle", at(-5), { idleBefore: at(-30).getTime() })).toBeNull();
    // A reply after closing does not count as a first response.
    await tickets.recordStaffReply("TK1", at(-5));

    const promos = createPromoRepository(store);
    const weekend = openWeekend(now, parseConfig({}).promo.cutoff);
    const promo = (id: string, userId: string) => testPromo(id, userId, weekend, now);
    const staff = { channel: "telegram" as const, userId: "900" };
    for (const [id, userId] of [
      ["PR1", "61"],
      ["PR1", "61"],
      ["PR2", "62"],
      ["PR3", "63"],
      ["PR4", "64"],
    ] as const)
      expect((await promos.create(promo(id, userId), 3)).status).toBe("saved");
    const seller = (userId: string) => ({ channel: "telegram" as const, userId });
    await promos.decide({ user: seller("61"), id: "PR1", decision: "approved", staff, now });
    await promos.decide({ user: seller("61"), id: "PR1", decision: "rejected", staff, now });
    await promos.decide({
      user: seller("62"),
      id: "PR2",
      decision: "rejected",
      reason: "Foto buram",
      staff,
      now,
    });
    expect(await promos.withdraw(seller("63"), "PR3", now)).toBe("withdrawn");
    expect(await promos.withdraw(seller("63"), "PR3", now)).toBe("missing");
    await promos.forgetUser(seller("64"), now);

    // The stored figures are what a recount finds.
    const storedCounters = nonZero(await createStatCounters(store).read());
    expect(storedCounters).toEqual(await computeCounters(store));
    expect(storedCounters).toEqual({ "tickets.open": 2 });
    const storedItems = await readStatItems(store);
    expect(storedItems).toEqual(await computeStatItems(store, now));
    expect(storedItems).toEqual({
      "TICKETS#2026-12-03": { opened: 3, answered: 2, responses: [10 * minute, 30 * minute] },
      [`PROMOS#${weekend}`]: { "status.approved": 1, "status.rejected": 1, "status.withdrawn": 1 },
    });

    // /statistik's figures come from those items.
    const stats = await statsSourceOf(table).collect(now);
    expect(stats.tickets).toEqual({
      open: 2,
      medianFirstResponseMinutes: 20,
      openedInWindow: 3,
      answeredInWindow: 2,
      windowDays: 30,
    });
    expect(stats.promos).toEqual({ weekend, total: 3, byStatus: { approved: 1, rejected: 1, withdrawn: 1 } });
    // 31 days later the day has left the 30-day window; the open count stays.
    const later = await statsSourceOf(table).collect(new Date(now.getTime() + 31 * 24 * 60 * minute));
    expect(later.tickets).toMatchObject({ open: 2, openedInWindow: 0, answeredInWindow: 0 });

    // A drifted item is repaired by the recount, and a stray one removed.
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: "STATS", sk: "TICKETS#2026-12-03", opened: 9, answered: 0 },
      }),
    );
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: "STATS", sk: "PROMOS#2020-01-04", "status.pending": 2 },
      }),
    );
    const { before, after } = await recountCounters(store, now);
    expect(before["TICKETS#2026-12-03.opened"]).toBe(9);
    expect(after["TICKETS#2026-12-03.opened"]).toBe(3);
    expect(await readStatItems(store)).toEqual(storedItems);
  });
});
