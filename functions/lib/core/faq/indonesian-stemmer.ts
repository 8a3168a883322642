import { stemmer as oramaStemmer } from "@orama/stemmers/indonesian";
import { PROTECTED_WORDS } from "./protected-words.js";

/** Words the rule-based stemmer mangles (e.g. "pengemasan" -> "emas" would collide with gold prices). */
const STEM_EXCEPTIONS: Readonly<Record<string, string>> = {
  kemas: "kemas",
  kemasan: "kemas",
  kemasannya: "kemas",
  pengemasan: "kemas",
  dikemas: "kemas",
  mengemas: "kemas",
  menarik: "tarik",
  berjaya: "berjaya",
  pemasaran: "pasar",
  pasaran: "pasar",
  perajin: "rajin",
  pengrajin: "rajin",
  kerajinan: "rajin",
  pemerintah: "perintah",
  pelatihan: "latih",
  sertifikasi: "sertifikat",
  sertifikatnya: "sertifikat",
  verifikasi: "verifikasi",
  diverifikasi: "verifikasi",
  terverifikasi: "verifikasi",
  kuliner: "kuliner",
  kemiling: "kemiling",
  pahoman: "pahoman",
  sukaraja: "sukaraja",
  lungsir: "lungsir",
  siger: "siger",
  diponegoro: "diponegoro",
  bungkarno: "bungkarno",
  tanpabunga: "tanpabunga",
  alatproduksi: "alatproduksi",
  datapribadi: "datapribadi",
  medsos: "medsos",
  marketplace: "marketplace",
  pangan: "makan",
  makanan: "makan",
  minuman: "minum",
  tapis: "tapis",
  terminal: "terminal",
  promosi: "promo",
  promosikan: "promo",
  mempromosikan: "promo",
  dipromosikan: "promo",
  promoin: "promo",
  promosiin: "promo",
  langganan: "langgan",
  berlangganan: "langgan",
  pelanggan: "langgan",
  sentra: "sentra",
  berjualan: "jual",
  penjualan: "jual",
  penjual: "jual",
  pedagang: "jual",
  perdagangan: "jual",
  dagang: "jual",
  sehati: "sehati",
  sihalal: "sihalal",
  online: "online",
  // Passive "being sent (to me)" is about receiving promos; active "kirim" is about sending one.
  dikirim: "dikirim",
  dikirimkan: "dikirim",
  dikirimi: "dikirim",
  kirimi: "dikirim",
  terkirim: "dikirim",
  terima: "terima",
  menerima: "terima",
  diterima: "terima",
  penerima: "terima",
  keripik: "keripik",
  pakai: "pakai",
  memakai: "pakai",
  dipakai: "pakai",
  teruskan: "terus",
  meneruskan: "terus",
  diteruskan: "terus",
  ketersediaannya: "sedia",
  tersedia: "sedia",
  kesehatan: "sehat",
  keterangan: "terang",
  persen: "persen",
  pinjaman: "pinjam",
  peminjam: "pinjam",
};

/** Stems that mean the same thing to a user (pinjam/kredit/utang, modal/dana, kursus/pelatihan, ...). */
const CONCEPTS: Readonly<Record<string, string>> = {
  kredit: "pinjam",
  utang: "pinjam",
  hutang: "pinjam",
  dana: "modal",
  hibah: "modal",
  kursus: "latih",
  kelas: "latih",
  belajar: "latih",
  ajar: "latih",
  workshop: "latih",
  bimtek: "latih",
  iklan: "promo",
  iklankan: "promo",
  bungkus: "kemas",
  packaging: "kemas",
  admin: "petugas",
  operator: "petugas",
  cs: "petugas",
  pegawai: "petugas",
  manusia: "petugas",
  orang: "petugas",
  alamat: "lokasi",
  letak: "lokasi",
  tempat: "lokasi",
  kapan: "jadwal",
  stop: "henti",
  batal: "henti",
  berhenti: "henti",
  matikan: "henti",
  mati: "henti",
  merk: "merek",
  brand: "merek",
  daring: "online",
  internet: "online",
  camil: "camilan",
  cemil: "camilan",
  jaminan: "agun",
  jamin: "agun",
  agunan: "agun",
  regist: "daftar",
  registrasi: "daftar",
  ikut: "ikut",
};

/** Colloquial suffix "-in" (daftarin, promoin) is the informal "-kan"/"-i"; these words just end in "in". */
const NOT_IN_SUFFIX = new Set([
  "admin",
  "mesin",
  "ingin",
  "izin",
  "ijin",
  "kain",
  "main",
  "lain",
  "yakin",
  "bensin",
  "kemarin",
  "miskin",
  "angin",
  "dingin",
  "latin",
  "vitamin",
  "online",
  "cabin",
  "login",
  "margin",
  "rutin",
  "kuliner",
]);

// The index build stems the same knowledge-base words several times (vocabulary, documents, variants).
const stemCache = new Map<string, string>();

export function stemIndonesian(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = stemUncached(word);
    if (stemCache.size < 100_000) stemCache.set(word, stem);
  }
  return stem;
}

function stemUncached(word: string): string {
  const exception = STEM_EXCEPTIONS[word];
  if (exception !== undefined) return toConcept(exception);
  if (/\d/.test(word) || word.length <= 3 || PROTECTED_WORDS.has(word)) return toConcept(word);
  return toConcept(oramaStemmer(word));
}

export function toConcept(stem: string): string {
  return CONCEPTS[stem] ?? stem;
}

/** Standard forms a colloquial word may stand for, most likely first (ngurus -> urus, daftarin -> daftar). */
export function informalVariants(word: string): string[] {
  const variants: string[] = [];
  const stripIn = (w: string): string | undefined =>
    w.length > 5 && w.endsWith("in") && !NOT_IN_SUFFIX.has(w) ? w.slice(0, -2) : undefined;
  const base = stripIn(word);
  if (base) variants.push(base, `${base}kan`);
  for (const w of [word, base]) {
    if (!w) continue;
    if (w.startsWith("di") && w.length > 5) variants.push(w.slice(2));
    if (w.startsWith("nge") && w.length > 5) variants.push(w.slice(3));
    if (w.startsWith("ng") && w.length > 4) variants.push(`k${w.slice(2)}`, w.slice(2));
    if (w.startsWith("ny") && w.length > 4) variants.push(`s${w.slice(2)}`, `c${w.slice(2)}`);
    if (w.startsWith("m") && w.length > 4) variants.push(`p${w.slice(1)}`);
  }
  return variants;
}
