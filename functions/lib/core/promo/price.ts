// Indonesian price forms: "15rb", "15 ribu", "Rp 15.000", "Rp15.000,-", "15000", "15k", "1,5jt", "1.5 juta".

const units: Record<string, number> = {
  rb: 1_000,
  ribu: 1_000,
  k: 1_000,
  rbu: 1_000,
  jt: 1_000_000,
  juta: 1_000_000,
};

/** Rupiah amount, or undefined when the text is not a price. */
export function parsePrice(text: string): number | undefined {
  let t = text.toLowerCase().replace(/\s+/g, " ").trim();
  t = t
    .replace(/^rp\.?\s*/, "")
    .replace(/,-$|\.-$/, "")
    .replace(/^idr\s*/, "")
    .trim();
  const withUnit = /^(\d+(?:[.,]\d+)?)\s*(rb|ribu|rbu|k|jt|juta)$/.exec(t);
  if (withUnit) {
    const value = Number(withUnit[1]!.replace(",", "."));
    const amount = Math.round(value * units[withUnit[2]!]!);
    return amount > 0 ? amount : undefined;
  }
  // Thousands separators: "15.000", "1.250.000" (and "15,000" written the English way).
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) return Number(t.replace(/[.,]/g, ""));
  if (/^\d+$/.test(t)) {
    const amount = Number(t);
    return amount > 0 ? amount : undefined;
  }
  return undefined;
}

export function formatRupiah(amount: number): string {
  return `Rp${amount.toLocaleString("id-ID")}`;
}

/** A discount written as text ("diskon 20%", "20%", "beli 2 gratis 1"), kept as the seller wrote it. */
export function parseDiscountText(text: string): string | undefined {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length < 2 || t.length > 60) return undefined;
  if (/\d+\s*%/.test(t) || /\b(diskon|potongan|gratis|beli|bonus|free|cashback)\b/i.test(t)) return t;
  return undefined;
}
