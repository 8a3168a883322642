// Phone numbers and e-mail addresses in kept free text are masked; prices, years and short numbers are not.
import { describe, expect, it } from "vitest";
import { maskContactDetails } from "../../functions/lib/core/contact-details.js";

describe("maskContactDetails", () => {
  it("masks Indonesian and foreign numbers in every usual spelling, and e-mail addresses", () => {
    for (const [input, expected] of [
      ["nomor 0812-3456-7890 atas nama Budi", "nomor *** atas nama Budi"],
      ["wa 081234567890.", "wa ***."],
      ["62 812 3456 7890", "***"],
      ["+62 812.3456.7890 ya", "*** ya"],
      ["hubungi 4915112345678", "hubungi ***"],
      ["+49 151 12345678", "***"],
      ["+1 (415) 555-0100", "***"],
      ["email budi.santoso@gmail.co.id ok", "email ***@*** ok"],
      ["Surel: ANI_99+umkm@sub.example.org!", "Surel: ***@***!"],
    ])
      expect(maskContactDetails(input!), input).toBe(expected);
  });

  it("keeps what is not contact data", () => {
    for (const text of [
      "tahun 2026 harga 15000 rp 1.500.000",
      "KUR 500 juta bunga 6%",
      "NIB 1234567",
      "jam 08.00-15.00",
      "x@y",
      "tiket #T4KX9PQ",
    ])
      expect(maskContactDetails(text)).toBe(text);
  });

  it("runs in linear time on 100 KB inputs", () => {
    for (const input of [
      "9".repeat(100_000),
      "a.".repeat(50_000),
      "+1".repeat(50_000),
      "0 8".repeat(33_000),
    ]) {
      const started = performance.now();
      maskContactDetails(input);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
