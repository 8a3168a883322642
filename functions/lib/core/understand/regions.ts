// Places outside Bandar Lampung: their programmes (loans, trainings, bazaars) are not the city's.
import { OTHER_REGIONS, OUR_CITY } from "../places.js";
import { type ChatMessage, hasPhrase } from "./chat-words.js";

/** The first place outside Bandar Lampung the message names, or null. */
/** Only a question about a programme or service is "theirs, not ours" ("rendang padang" is a dish). */
const PROGRAMME = [
  "umkm",
  "usaha",
  "pinjaman",
  "pinjam",
  "pelatihan",
  "latih",
  "bazar",
  "bazaar",
  "pameran",
  "bantuan",
  "modal",
  "kur",
  "dinas",
  "pasar",
  "daftar",
  "program",
  "jualan",
  "lapak",
  "izin",
  "halal",
  "nib",
  "promo",
  "koperasi",
];

export function otherRegionOf(message: ChatMessage): string | null {
  if (hasPhrase(message, OUR_CITY) || !hasPhrase(message, PROGRAMME)) return null;
  return OTHER_REGIONS.find((region) => message.text.includes(` ${region} `)) ?? null;
}
