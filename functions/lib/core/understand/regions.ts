// Places outside Bandar Lampung: their programmes (loans, trainings, bazaars) are not the city's.
import { OTHER_REGIONS, OUR_CITY } from "../places.js";
import { type ChatMessage, hasPhrase } from "./chat-words.js";

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

/** The first place outside Bandar Lampung the message names, or null. */
export function otherRegionOf(message: ChatMessage): string | null {
  if (hasPhrase(message, OUR_CITY) || !hasPhrase(message, PROGRAMME)) return null;
  return OTHER_REGIONS.find((region) => message.text.includes(` ${region} `)) ?? null;
}

const FIRST_PERSON = ["sy", "saya", "aku", "aq", "gw", "gue", "kami", "nyak", "kito", "usahaku"];
const AT = ["di", "dari", "dr", "asal", "domisili", "tinggal"];

/** "usaha sy di pringsewu", "saya dari kota metro": the person places themselves there (not a name, not a question). */
export function placesSelfIn(message: ChatMessage, region: string): boolean {
  if (!hasPhrase(message, FIRST_PERSON)) return false;
  const words = message.words;
  const first = region.split(" ")[0];
  return words.some((word, i) => {
    if (word !== first) return false;
    const before =
      words[i - 1] === "kota" || words[i - 1] === "kab" || words[i - 1] === "kabupaten" ? i - 2 : i - 1;
    return AT.includes(words[before] ?? "");
  });
}
