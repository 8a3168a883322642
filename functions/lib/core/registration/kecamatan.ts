// The 20 kecamatan of Bandar Lampung, and tolerant matching of what people type ("TKP", "way halim", typos).
import { normaliseKeyword } from "../text.js";

export interface Kecamatan {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export const kecamatanList: readonly Kecamatan[] = [
  { id: "bumi-waras", name: "Bumi Waras", aliases: ["bumiwaras"] },
  { id: "enggal", name: "Enggal", aliases: [] },
  { id: "kedamaian", name: "Kedamaian", aliases: [] },
  { id: "kedaton", name: "Kedaton", aliases: [] },
  { id: "kemiling", name: "Kemiling", aliases: [] },
  { id: "labuhan-ratu", name: "Labuhan Ratu", aliases: ["labuhanratu", "lab ratu"] },
  { id: "langkapura", name: "Langkapura", aliases: ["langka pura"] },
  { id: "panjang", name: "Panjang", aliases: [] },
  { id: "rajabasa", name: "Rajabasa", aliases: ["raja basa"] },
  { id: "sukabumi", name: "Sukabumi", aliases: ["suka bumi"] },
  { id: "sukarame", name: "Sukarame", aliases: ["suka rame"] },
  {
    id: "tanjung-karang-barat",
    name: "Tanjung Karang Barat",
    aliases: ["tkb", "tanjungkarang barat", "tj karang barat"],
  },
  {
    id: "tanjung-karang-pusat",
    name: "Tanjung Karang Pusat",
    aliases: ["tkp", "tanjungkarang pusat", "tj karang pusat"],
  },
  {
    id: "tanjung-karang-timur",
    name: "Tanjung Karang Timur",
    aliases: ["tkt", "tanjungkarang timur", "tj karang timur"],
  },
  { id: "tanjung-senang", name: "Tanjung Senang", aliases: ["tanjungsenang", "tj senang"] },
  {
    id: "teluk-betung-barat",
    name: "Teluk Betung Barat",
    aliases: ["tbb", "telukbetung barat", "tl betung barat"],
  },
  {
    id: "teluk-betung-selatan",
    name: "Teluk Betung Selatan",
    aliases: ["tbs", "telukbetung selatan", "tl betung selatan"],
  },
  {
    id: "teluk-betung-timur",
    name: "Teluk Betung Timur",
    aliases: ["tbt", "telukbetung timur", "tl betung timur"],
  },
  {
    id: "teluk-betung-utara",
    name: "Teluk Betung Utara",
    aliases: ["tbu", "telukbetung utara", "tl betung utara"],
  },
  { id: "way-halim", name: "Way Halim", aliases: ["wayhalim"] },
];

export function kecamatanById(id: string): Kecamatan | undefined {
  return kecamatanList.find((kecamatan) => kecamatan.id === id);
}

const compact = (text: string) =>
  normaliseKeyword(text)
    .replace(/^kec(?:amatan)?\.?\s+/, "")
    .replace(/\s+/g, "");

/** Damerau-Levenshtein (optimal string alignment) distance, for small typos. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Returns the kecamatan meant by free text, or undefined when unsure (then the list is shown again). */
export function matchKecamatan(text: string): Kecamatan | undefined {
  const typed = compact(text);
  if (typed.length < 3) return undefined;
  const forms = kecamatanList.map((kecamatan) => ({
    kecamatan,
    forms: [kecamatan.name, kecamatan.id, ...kecamatan.aliases].map(compact),
  }));
  const exact = forms.find((entry) => entry.forms.includes(typed));
  if (exact) return exact.kecamatan;
  // "Teluk Betung" alone is ambiguous (four kecamatan): ask again instead of guessing.
  let best: { kecamatan: Kecamatan; distance: number } | undefined;
  let tie = false;
  for (const entry of forms) {
    const distance = Math.min(
      ...entry.forms.filter((form) => form.length > 4).map((form) => editDistance(typed, form)),
    );
    if (!best || distance < best.distance) {
      best = { kecamatan: entry.kecamatan, distance };
      tie = false;
    } else if (distance === best.distance) tie = true;
  }
  if (!best || tie) return undefined;
  const allowed = typed.length <= 6 ? 1 : typed.length <= 12 ? 2 : 3;
  return best.distance <= allowed ? best.kecamatan : undefined;
}
