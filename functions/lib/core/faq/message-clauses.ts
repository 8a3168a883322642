import { OTHER_REGIONS } from "../places.js";
/**
 * Chat messages tell a story before they ask ("sy jualan bakso di kedaton udh 3 thn, mau nambah
 * modal. kalo ngajuin kur syaratnya apa?"). These helpers cut a message into clauses, tell which
 * carry the question, and spot words that point outside the FAQ (other city services, other regions).
 */

export interface Clause {
  text: string;
  /** Ends with "?" or contains a question word: the part the person wants answered. */
  question: boolean;
  /** Starts after "sekalian", "trus", "abis itu"...: something asked in addition. */
  also: boolean;
}

const ALSO = /^(?:trus|terus|trs|abis\s+itu|habis\s+itu|setelah\s+itu|sekalian|lalu|also|and\s+then)$/;

/** Sentence and clause breaks, plus chat connectors that start a new thought. */
const BREAK =
  /[.!?;:\n\r]+|,|\s-\s|\b(?:tp|tpi|tapi|tetapi|soalnya|soale|trus|terus|trs|abis\s+itu|habis\s+itu|setelah\s+itu|sekalian|lalu|but|also|and\s+then|mau\s+(?:nanya|tanya)|mo\s+nanya|sy\s+mau\s+nanya|btw)\b/g;

/** Words that make a clause a question even without a question mark. */
const QUESTION_WORD =
  /\b(?:apa|apakah|apo|opo|gimana|gmn|gmna|gmana|bgmn|bagaimana|piye|pripun|cakmano|cakmana|carane|caronyo|caranya|cara|brp|berapa|brapa|brpa|piro|kapan|kpn|dmn|dimana|dimano|mana|kemana|kmn|kmana|siapa|sapa|kenapa|knp|bisa|bs|boleh|blh|kah|ga|gak|gk|nggak|ngga|enggak|dak|ora|perlu|wajib|how|what|where|when|who|which|why|can|could|do|does|is|are|should|tolong|mohon|please)\b/;

export function splitClauses(text: string): Clause[] {
  const lower = text.toLowerCase();
  const clauses: Clause[] = [];
  let start = 0;
  let also = false;
  const push = (end: number, delimiter: string) => {
    const piece = lower.slice(start, end).trim();
    if (/[a-z0-9]/.test(piece)) {
      clauses.push({ text: piece, question: delimiter.includes("?") || QUESTION_WORD.test(piece), also });
      also = false;
    }
  };
  for (const m of lower.matchAll(BREAK)) {
    push(m.index, m[0]);
    start = m.index + m[0].length;
    if (ALSO.test(m[0].trim())) also = true;
  }
  push(lower.length, "");
  return clauses;
}

/** Public services that are not about small businesses: the FAQ has nothing to say about them. */
const OTHER_SERVICES = new Set([
  "sim",
  "stnk",
  "bpkb",
  "samsat",
  "polresta",
  "polsek",
  "satpas",
  "tilang",
  "dukcapil",
  "disdukcapil",
  "akta",
  "skck",
  "bpjs",
  "pdam",
  "pln",
  "listrik",
  "pbb",
  "pajak",
  "cpns",
  "pns",
  "ppdb",
  "zonasi",
  "sekolah",
  "smp",
  "smk",
  "cuaca",
  "hujan",
  "banjir",
  "resep",
  "bola",
  "skor",
  "liga",
  "persib",
  "lowongan",
  "loker",
  "nganggur",
  "tiket",
  "pesawat",
  "kereta",
  "ferry",
  "damri",
  "angkot",
  "hotel",
  "film",
  "bioskop",
  "imsak",
  "sholat",
  "apotek",
  "rsud",
  "rs",
  "bpn",
  "paspor",
  "passport",
  "imigrasi",
  "umroh",
  "umrah",
  "haji",
  "tanah",
  "ojol",
  "gojek",
  "driver",
  "bengkel",
  "puskesmas",
  "damkar",
  "wifi",
  "indihome",
  "kurs",
  "dollar",
  "bensin",
  "wisata",
  "pantai",
  "weather",
  "rain",
  "recipe",
  "football",
  "match",
  "job",
  "jobs",
  "vacancy",
  "flight",
  "seafood",
  "rent",
  "hospital",
]);

const alternatives = (names: readonly string[]) => names.map((r) => r.replace(" ", "\\s+")).join("|");
const REGION = new RegExp(`\\b(?:${alternatives(OTHER_REGIONS)})\\b`);

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/);

/**
 * Civil-registry errands named by a phrase: "KTP" alone is a document UMKM programmes ask for
 * ("syarat KUR: KTP, KK"), but making or replacing one is Dukcapil's business.
 */
const OTHER_SERVICE_PHRASES =
  /\b(?:(?:bikin|buat|membuat|bkin|urus|ngurus|mengurus|cetak|perpanjang|ganti|rekam)\s+(?:e-?)?(?:ktp|kk)\b|(?:e-?)?ktp\s+(?:(?:sy|saya|aku|gw|ku)\s+)?(?:baru|ilang|hilang|rusak|elektronik|ketinggalan)\b|(?:kk|kartu\s+keluarga)\s+(?:sy\s+|saya\s+)?(?:baru|ilang|hilang|rusak)\b|pindah\s+(?:domisili|alamat\s+ktp)|surat\s+(?:pindah|nikah|kematian)\b)/g;

/**
 * How much the message is about a non-UMKM public service (SIM, BPJS, PDAM, a new KTP, weather...):
 * one per word naming one, two per phrase, half for a word in the story around the question ("anak sy
 * lulusan smk mau belajar tapis, ada pelatihannya?" asks about training, not school). 1 or more: another office's errand.
 */
export function otherServiceCount(text: string): number {
  const lower = text.toLowerCase();
  const clauses = splitClauses(lower);
  const anyQuestion = clauses.some((c) => c.question);
  // A phrase names the errand outright ("ktp sy ilang"): it weighs as two words.
  let count = 2 * (lower.match(OTHER_SERVICE_PHRASES)?.length ?? 0);
  for (const clause of clauses) {
    const named = words(clause.text).filter((w) => OTHER_SERVICES.has(w)).length;
    count += !anyQuestion || clause.question ? named : named / 2;
  }
  return count;
}

/** The message names a place outside Bandar Lampung. */
export function mentionsOtherRegion(text: string): boolean {
  return REGION.test(text.toLowerCase());
}
