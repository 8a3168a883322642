// Registration fields: the fixed lists and the validation of what people type.
import { normaliseKeyword } from "../text.js";
import { readNone } from "../understand/flow-answers.js";

export const categories = [
  "kuliner",
  "kerajinan-tapis",
  "fashion",
  "pertanian-olahan",
  "jasa",
  "lainnya",
] as const;
export type Category = (typeof categories)[number];

export const licences = ["nib", "halal", "pirt", "bpom", "haki"] as const;
export type Licence = (typeof licences)[number];

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: string };

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Owner name: 2-60 characters, letters (any script), spaces, apostrophes (and the dots of titles). */
export function validateOwnerName(text: string): ValidationResult<string> {
  const name = collapse(text);
  if (name.length < 2) return { ok: false, error: "ownerName.tooShort" };
  if (name.length > 60) return { ok: false, error: "ownerName.tooLong" };
  // Escaped: esbuild copies regex literals as written, and one non-ASCII character makes the bundle two-byte.
  if (!/^[\p{L}\p{M}' \u2019.]+$/u.test(name) || !/\p{L}.*\p{L}/u.test(name))
    return { ok: false, error: "ownerName.chars" };
  return { ok: true, value: name };
}

export function validateBusinessName(text: string): ValidationResult<string> {
  const name = collapse(text);
  if (name.length < 2) return { ok: false, error: "businessName.tooShort" };
  if (name.length > 80) return { ok: false, error: "businessName.tooLong" };
  if (!/[\p{L}\p{N}]/u.test(name)) return { ok: false, error: "businessName.chars" };
  return { ok: true, value: name };
}

export function validateProducts(text: string): ValidationResult<string> {
  const products = collapse(text);
  if (products.length < 3) return { ok: false, error: "products.tooShort" };
  if (products.length > 200) return { ok: false, error: "products.tooLong" };
  return { ok: true, value: products };
}

/** Indonesian mobile numbers only, normalised to +628...: "0812-3456-789", "62812...", "+62 812 ...". */
export function normaliseIndonesianMobile(text: string): ValidationResult<string> {
  const digits = text.replace(/[\s().-]/g, "");
  if (!/^\+?\d+$/.test(digits)) return { ok: false, error: "phone.format" };
  let national: string;
  if (digits.startsWith("+62")) national = digits.slice(3);
  else if (digits.startsWith("62")) national = digits.slice(2);
  else if (digits.startsWith("0")) national = digits.slice(1);
  else if (digits.startsWith("+")) return { ok: false, error: "phone.notIndonesian" };
  else national = digits;
  if (!national.startsWith("8")) return { ok: false, error: "phone.notMobile" };
  // Indonesian mobile numbers have 9-12 digits after the country code (8xx...).
  if (national.length < 9 || national.length > 12) return { ok: false, error: "phone.length" };
  return { ok: true, value: `+62${national}` };
}

const categoryWords: Record<Category, string[]> = {
  kuliner: ["kuliner", "makanan", "minuman", "makanan minuman", "food", "culinary"],
  "kerajinan-tapis": ["kerajinan", "tapis", "kerajinan tapis", "kriya", "craft", "crafts"],
  fashion: ["fashion", "busana", "pakaian", "konveksi", "clothing"],
  "pertanian-olahan": ["pertanian", "olahan", "pertanian olahan", "hasil tani", "agriculture"],
  jasa: ["jasa", "layanan", "service", "services"],
  lainnya: ["lainnya", "lain", "lain lain", "other", "others"],
};

export function matchCategory(text: string): Category | undefined {
  const typed = normaliseKeyword(text);
  return categories.find((category) => categoryWords[category].includes(typed));
}

const licenceWords: Record<Licence, string[]> = {
  nib: ["nib", "nomor induk berusaha", "oss"],
  halal: ["halal", "sertifikat halal", "sertifikasi halal"],
  pirt: ["pirt", "p irt", "spp irt", "sppirt"],
  bpom: ["bpom", "pom", "md", "bpom md"],
  haki: ["haki", "merek", "merk", "hki", "merek haki", "trademark"],
};

/** Parses "nib, halal dan pirt" into licences; [] for "belum ada"; undefined when nothing is recognised. */
export function parseLicences(text: string): Licence[] | undefined {
  if (readNone(text)) return [];
  const typed = normaliseKeyword(text);
  const parts = typed.split(/\s*(?:,|\bdan\b|\bsama\b|\band\b|&|\+|\/)\s*|\s+/).filter(Boolean);
  const found = new Set<Licence>();
  for (const licence of licences) {
    const words = licenceWords[licence];
    if (words.some((word) => (word.includes(" ") ? typed.includes(word) : parts.includes(word))))
      found.add(licence);
  }
  return found.size ? licences.filter((licence) => found.has(licence)) : undefined;
}
