import { describe, expect, it } from "vitest";
import { formatRupiah, parseDiscountText, parsePrice } from "../../functions/lib/core/promo/price.js";
import {
  cutoffFor,
  openWeekend,
  parseWeeklyTime,
  weekendLabel,
  wibDate,
  wibInstant,
} from "../../functions/lib/core/promo/weekend.js";

const friNoon = parseWeeklyTime("FRI 12:00")!;

describe("Indonesian prices", () => {
  it.each([
    ["15rb", 15_000],
    ["15 ribu", 15_000],
    ["Rp 15.000", 15_000],
    ["Rp15.000,-", 15_000],
    ["rp. 15.000", 15_000],
    ["15000", 15_000],
    ["15k", 15_000],
    ["1,5jt", 1_500_000],
    ["1.5 juta", 1_500_000],
    ["2.500", 2_500],
    ["1.250.000", 1_250_000],
  ])("%s = %d", (text, amount) => {
    expect(parsePrice(text)).toBe(amount);
  });

  it.each(["murah", "", "0", "15.00.0", "-5000", "lima ribu"])("%s is not a price", (text) => {
    expect(parsePrice(text)).toBeUndefined();
  });

  it("formats and reads discount text", () => {
    expect(formatRupiah(15000)).toBe("Rp15.000");
    expect(parseDiscountText("diskon 20%")).toBe("diskon 20%");
    expect(parseDiscountText("beli 2 gratis 1")).toBe("beli 2 gratis 1");
    expect(parseDiscountText("enak")).toBeUndefined();
  });
});

describe("weekends in WIB", () => {
  it("takes the WIB date around midnight", () => {
    expect(wibDate(new Date("2026-11-27T16:59:59Z"))).toBe("2026-11-27");
    expect(wibDate(new Date("2026-11-27T17:00:00Z"))).toBe("2026-11-28");
  });

  it("closes a weekend at Friday 12:00 WIB", () => {
    expect(cutoffFor("2026-11-28", friNoon).toISOString()).toBe("2026-11-27T05:00:00.000Z");
    expect(openWeekend(new Date("2026-11-27T04:59:59Z"), friNoon)).toBe("2026-11-28");
    expect(openWeekend(new Date("2026-11-27T05:00:00Z"), friNoon)).toBe("2026-12-05");
    // Saturday morning: this weekend is closed, the next one is open.
    expect(openWeekend(wibInstant("2026-11-28", 7), friNoon)).toBe("2026-12-05");
    expect(openWeekend(wibInstant("2026-11-23", 9), friNoon)).toBe("2026-11-28");
  });

  it("crosses month and year ends", () => {
    expect(openWeekend(wibInstant("2026-12-30", 10), friNoon)).toBe("2027-01-02");
    expect(cutoffFor("2027-01-02", friNoon).toISOString()).toBe("2027-01-01T05:00:00.000Z");
    expect(weekendLabel("2026-10-31", "id")).toBe("Sabtu-Minggu, 31 Oktober - 1 November 2026");
    expect(weekendLabel("2027-01-02", "en")).toBe("Saturday-Sunday, 2-3 January 2027");
    expect(weekendLabel("2022-12-31", "id")).toBe("Sabtu-Minggu, 31 Desember - 1 Januari 2022/2023");
  });

  it("parses the cut-off setting", () => {
    expect(parseWeeklyTime("fri 12:00")).toEqual({ weekday: "FRI", hour: 12, minute: 0 });
    expect(parseWeeklyTime("Friday noon")).toBeUndefined();
  });
});
