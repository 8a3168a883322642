// Natural answers at a flow step: yes/no families, "belum ada", numbers and times typed in words.
import { readChat } from "./chat-words.js";

const yesPhrases = [
  "ya",
  "iya",
  "iyah",
  "iyaa",
  "iy",
  "y",
  "yes",
  "yup",
  "yap",
  "yoi",
  "ok",
  "oke",
  "okey",
  "okay",
  "sip",
  "siap",
  "boleh",
  "bole",
  "mau",
  "ingin",
  "setuju",
  "benar",
  "betul",
  "bener",
  "sudah benar",
  "sudah betul",
  "lanjut",
  "lanjutkan",
  "gas",
  "simpan",
  "simpan saja",
  "kirim",
  "kirim saja",
  "tentu",
  "pasti",
  "nggih",
  "inggih",
  "injih",
  "sure",
  "agree",
];
const noPhrases = [
  "tidak",
  "no",
  "n",
  "nope",
  "jangan",
  "tidak mau",
  "tidak usah",
  "tidak jadi",
  "tidak perlu",
  "belum",
  "salah",
  "bukan",
  "ndak",
  "mboten",
  "dak",
];
/** Words around a yes or no that change nothing: "iya kak", "boleh deh", "ga usah min". */
const softeners = new Set([
  "saja",
  "dulu",
  "deh",
  "lah",
  "banget",
  "please",
  "terima",
  "kasih",
  "makasih",
  "sudah",
]);

const stripSofteners = (words: readonly string[]) => {
  const rest = [...words];
  while (rest.length > 1 && softeners.has(rest[rest.length - 1]!)) rest.pop();
  return rest.join(" ");
};

/** true / false for a yes-or-no answer ("iya kak", "boleh", "ga usah"), undefined when it is neither. */
export function readYesNo(text: string): boolean | undefined {
  // As typed ("ya" is a filler once spelt out) and spelt out ("ga usah" -> "tidak usah").
  const forms = [readChat(text, { spellOut: false }).words, readChat(text).words].map(stripSofteners);
  if (forms.some((typed) => noPhrases.includes(typed))) return false;
  // "oke lanjut", "iya boleh", "udah bener kak simpan": every word says yes or softens it.
  const saysYes = (typed: string) => {
    const words = typed.split(" ").filter(Boolean);
    return (
      words.some((w) => yesPhrases.includes(w)) &&
      words.every((w) => yesPhrases.includes(w) || softeners.has(w))
    );
  };
  if (forms.some((typed) => yesPhrases.includes(typed) || saysYes(typed))) return true;
  // Escaped: esbuild copies regex literals as written, and one non-ASCII character makes the bundle two-byte.
  if (forms.every((typed) => !typed))
    return /\u{1F44D}|\u{1F44C}|\u2705/u.test(text)
      ? true
      : /\u{1F44E}|\u274C/u.test(text)
        ? false
        : undefined;
  return undefined;
}

const nonePhrases = [
  "tidak ada",
  "belum ada",
  "belum",
  "tidak punya",
  "belum punya",
  "tidak ada sama sekali",
  "belum ada sama sekali",
  "kosong",
  "none",
  "no",
  "nothing",
  "not yet",
  "tidak",
  "nihil",
  "durung",
  "dak ado",
  "tidak ado",
  "belum ado",
  "lewat",
  "lewati",
  "skip",
  "tidak ada izin",
  "belum ada izin",
  "belum ngurus",
  "belum urus",
  "belum ada apa apa",
  "tidak usah",
  "tidak perlu",
];

/** "blm ada", "ga ada kak", "belum punya": the person has none of what was asked. */
export function readNone(text: string): boolean {
  const typed = stripSofteners(readChat(text).words.filter((word) => word !== "apa" && word !== "apapun"));
  return nonePhrases.includes(typed);
}

/** Words of "use this number" ("pakai nomor ini aja", "no wa yg ini", "sama"): nothing else may be said. */
const ownNumberWords = new Set([
  "pakai",
  "gunakan",
  "nomor",
  "nmr",
  "whatsapp",
  "telepon",
  "hp",
  "yang",
  "ini",
  "sama",
  "saja",
  "iya",
  "ya",
  "boleh",
  "betul",
  "benar",
]);

/** "pakai nomor ini aja", "no wa yg ini", "sama": the person means the number they are writing from. */
export function readOwnNumber(text: string): boolean {
  if (/\d/.test(text)) return false;
  const words = readChat(text).words;
  return (
    words.length > 0 &&
    (words.includes("ini") || (words.length === 1 && words[0] === "sama")) &&
    words.every((word) => ownNumberWords.has(word))
  );
}

const numberWords: Record<string, number> = {
  nol: 0,
  satu: 1,
  se: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
  tujuh: 7,
  delapan: 8,
  sembilan: 9,
  sepuluh: 10,
  sebelas: 11,
  seratus: 100,
  seribu: 1000,
};

/** A whole number typed as digits or Indonesian words ("20", "dua puluh", "25 orang"); undefined otherwise. */
export function readCount(text: string): number | undefined {
  const typed = text.toLowerCase().replace(/[.,](?=\d{3}\b)/g, "");
  const digits = typed.match(/\d+/g);
  if (digits?.length === 1) return Number(digits[0]);
  if (digits) return undefined;
  // "dua ratus dua puluh lima": units build up, "puluh"/"ratus"/"ribu" scale what came before them.
  let total = 0;
  let hundreds = 0;
  let small = 0;
  let seen = false;
  for (const word of typed.split(/[^a-z]+/).filter(Boolean)) {
    const value = numberWords[word];
    if (value === 100) hundreds += 100;
    else if (value === 1000) total += 1000;
    else if (value !== undefined) small += value;
    else if (word === "belas") small += 10;
    else if (word === "puluh") small *= 10;
    else if (word === "ratus") {
      hundreds += small * 100;
      small = 0;
    } else if (word === "ribu") {
      total += (hundreds + small) * 1000;
      hundreds = 0;
      small = 0;
    } else continue;
    seen = true;
  }
  return seen ? total + hundreds + small : undefined;
}

/** "jam 9 pagi", "09.30", "setengah sepuluh", "3 sore": hours and minutes on a 24-hour clock. */
export function readTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const typed = text.toLowerCase().replace(/\s+/g, " ").trim();
  const part = /\b(pagi|siang|sore|petang|malam|am|pm)\b/.exec(typed)?.[1];
  const half = /\bsetengah\s+(\w+)/.exec(typed);
  let hour: number | undefined;
  let minute = 0;
  if (half) {
    const next = readCount(half[1]!);
    if (next === undefined) return undefined;
    hour = next - 1;
    minute = 30;
  } else {
    const clock = /(?:^|\D)(\d{1,2})(?:\s*[.:]\s*(\d{2}))?(?!\d)/.exec(typed);
    if (clock) {
      hour = Number(clock[1]);
      minute = clock[2] ? Number(clock[2]) : 0;
    } else {
      const words = typed.replace(/\b(jam|pukul|pagi|siang|sore|petang|malam)\b/g, " ");
      hour = readCount(words);
    }
  }
  if (hour === undefined || hour > 24 || minute > 59) return undefined;
  if ((part === "sore" || part === "petang" || part === "pm") && hour < 12) hour += 12;
  if (part === "siang" && hour < 6) hour += 12;
  if (part === "malam" && hour >= 6 && hour < 12) hour += 12;
  if (part === "pagi" && hour === 12) hour = 0;
  if (hour === 24) hour = 0;
  return { hour, minute };
}
