// Button labels a person can read: the weekend buttons keep their dates within WhatsApp's 20 characters and
// differ from each other; a shortened label ends at a word, never inside one.
import { describe, expect, it } from "vitest";
import { nextWeekend, weekendButtonLabel } from "../../functions/lib/core/promo/weekend.js";
import { shorten } from "../../functions/lib/core/text.js";

describe("labels", () => {
  it("weekend buttons fit 20 characters, carry both dates and differ week to week (five years, both languages)", () => {
    for (const language of ["id", "en"] as const) {
      let saturday = "2026-01-03";
      while (saturday < "2031-01-01") {
        const label = weekendButtonLabel(saturday, language);
        const next = weekendButtonLabel(nextWeekend(saturday), language);
        expect(label.length, label).toBeLessThanOrEqual(20);
        expect(label).toContain(String(Number(saturday.slice(8, 10))));
        const sunday = new Date(Date.parse(`${saturday}T00:00:00Z`) + 86_400_000).getUTCDate();
        expect(label).toContain(String(sunday));
        expect(next).not.toBe(label);
        saturday = nextWeekend(saturday);
      }
    }
    expect(weekendButtonLabel("2026-12-05", "id")).toBe("Sab 5 – Min 6 Des");
    expect(weekendButtonLabel("2028-09-30", "en")).toBe("Sat 30 Sep–Sun 1 Oct");
  });

  it("shortens at a word boundary with an ellipsis", () => {
    expect(shorten("Keripik pisang coklat lumer", 11)).toBe("Keripik…");
    expect(shorten("KUR (Kredit Usaha Rakyat)", 20)).toBe("KUR");
    expect(shorten("Pasar Berjaya (aplikasi pasar digital)", 24)).toBe("Pasar Berjaya");
    expect(shorten("Bakso", 11)).toBe("Bakso");
  });
});
