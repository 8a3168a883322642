// Action intents recognised inside natural sentences ("sy mau daftar min", "stop kirim promo ke sy").
// Each rule scores one intent from 0 to 1; framing (a question, a refusal, a hypothetical) lowers it.
import { type ChatMessage, hasPhrase } from "./chat-words.js";

export const actionIntents = [
  "registration.start",
  "registration.status",
  "promo.subscribe",
  "promo.stop",
  "promo.browse",
  "promo.post",
  "training.list",
  "handover.request",
  "privacy.info",
  "privacy.delete",
  "language",
] as const;
export type ActionIntent = (typeof actionIntents)[number];

/** How the message is framed: the same words mean an action or a question depending on these. */
export interface Framing {
  /** Asks for information: "gimana caranya", "syaratnya apa", "?" (not "apa aja" lists). */
  readonly asksHow: boolean;
  /** Wants to do it now: "mau", "ingin", "tolong", "minta", "please", "I want". */
  readonly wants: boolean;
  /** Refuses or postpones it: "ga mau daftar dulu", "belum mau". */
  readonly refuses: boolean;
}

const WANT = [
  "hendak",
  "bermaksud",
  "berkenan",
  "mau",
  "ingin",
  "minta",
  "tolong",
  "mohon",
  "pengen",
  "want",
  "would like",
  "please",
  "help me",
  "haga",
  "arep",
  "pengin",
  "kepingin",
];
const HOW = [
  "bagaimana",
  "cara",
  "caranya",
  "syarat",
  "syaratnya",
  "persyaratan",
  "apa saja syarat",
  "berapa",
  "biaya",
  "biayanya",
  "bayar",
  "apakah",
  "kenapa",
  "mengapa",
  "boleh tidak",
  "bisa tidak",
  "how",
  "what",
  "why",
  "piye",
  "kepiye",
  "apa itu",
  "itu apa",
  "maksudnya",
  "tanya",
  "nanya",
  "bertanya",
  "biar",
  "supaya",
  "agar",
  "kalau",
  "misal",
  "nanti",
  "ditolak",
  "lama",
  "prosesnya",
  "proses",
];
const REFUSE = [
  "tidak mau",
  "belum mau",
  "tidak jadi",
  "tidak ingin",
  "belum ingin",
  "tidak usah",
  "jangan dulu",
  "tidak perlu",
  "nanti saja",
  "don't want",
  "dont want",
  "not now",
];

/** "mau tanya", "hendak menanyakan": the wish is to ask, which frames a question, not an act. */
const WANTS_TO_ASK = [
  "mau tanya",
  "mau nanya",
  "mau bertanya",
  "ingin bertanya",
  "ingin tanya",
  "hendak bertanya",
  "hendak menanyakan",
  "mau menanyakan",
];

export function framingOf(message: ChatMessage): Framing {
  const refuses = hasPhrase(message, REFUSE);
  const wantsToAsk = hasPhrase(message, WANTS_TO_ASK);
  return {
    asksHow:
      wantsToAsk ||
      hasPhrase(message, HOW) ||
      (message.hasQuestionMark && !hasPhrase(message, ["apa saja", "ada apa"])),
    wants: !refuses && !wantsToAsk && hasPhrase(message, WANT),
    refuses,
  };
}

type Rule = (m: ChatMessage, f: Framing) => number;

const REGISTER = [
  "mendaftarkan",
  "daftar",
  "mendaftar",
  "daftarkan",
  "daftarin",
  "register",
  "registrasi",
  "gabung",
  "bergabung",
  "join",
  "sign up",
  "signup",
  "ndaftar",
];
const SELLER_CONTEXT = [
  "umkm",
  "usaha",
  "penjual",
  "seller",
  "jualan",
  "dagang",
  "pedagang",
  "toko",
  "warung",
  "lapak",
  "mitra",
  "anggota",
  "binaan",
  "bisnis",
  "business",
];
/** What "daftar ..." is about when it is not the seller registration (its object). */
const NOT_SELLER_REGISTRATION = [
  "pelatihan",
  "training",
  "kelas",
  "workshop",
  "bimtek",
  "kursus",
  "nib",
  "halal",
  "merek",
  "haki",
  "pirt",
  "bpom",
  "kur",
  "pinjaman",
  "langganan",
  "promo",
  "oss",
  "sehati",
  "sihalal",
  "latih",
  "merk",
  "paten",
  "izin",
  "sertifikat",
];
/** Things people register for elsewhere: other services of the city or of other bodies. */
const ELSEWHERE = [
  "bpjs",
  "cpns",
  "pns",
  "asn",
  "pppk",
  "sekolah",
  "kuliah",
  "ojol",
  "driver",
  "gojek",
  "grab",
  "maxim",
  "kerja",
  "karyawan",
  "lowongan",
  "sim",
  "ktp",
  "kk",
  "akta",
  "pemilu",
  "vaksin",
  "haji",
  "umroh",
  "beasiswa",
  "tni",
  "polri",
  "facebook",
  "fb",
  "instagram",
  "ig",
  "tiktok",
  "shopee",
  "tokopedia",
  "email",
  "gmail",
  "les",
  "bimbel",
  "pilkada",
  "bansos",
  "pkh",
  "blt",
];
const STATUS = [
  "status",
  "diterima",
  "disetujui",
  "di acc",
  "acc",
  "diverifikasi",
  "verifikasi",
  "approve",
  "approved",
  "diproses",
  "sudah masuk",
  "ditolak",
  "keterima",
];
const PROMO = [
  "promo",
  "promosi",
  "diskon",
  "discount",
  "deal",
  "deals",
  "potongan",
  "sale",
  "info promo",
  "penawaran",
];
const RECEIVE = [
  "dapat",
  "terima",
  "menerima",
  "dikirim",
  "dikirimi",
  "dikirimin",
  "kirimi",
  "kirimin",
  "langganan",
  "berlangganan",
  "subscribe",
  "ikut",
  "gabung",
  "daftar",
  "info",
  "kabar",
  "notif",
  "notifikasi",
  "update",
  "get",
  "receive",
];
const STOP = [
  "stop",
  "berhenti",
  "berhentiin",
  "unsubscribe",
  "hentikan",
  "berhentikan",
  "udahan",
  "sudahan",
  "cukup",
  "keluar",
  "batalkan langganan",
  "batal langganan",
  "jangan kirim",
  "jangan kirimi",
  "jangan kirimin",
  "jangan dikirim",
  "jangan dikirimi",
  "jangan dikirimin",
  "tidak usah kirim",
  "tidak usah dikirim",
  "tidak usah dikirimi",
  "tidak mau terima",
  "tidak mau dapat",
  "tidak mau lagi",
  "tidak usah lagi",
  "tidak butuh",
  "mati",
  "matikan",
  "matiin",
  "off",
  "jangan lagi",
];
const STOP_OBJECT = [
  "promo",
  "langganan",
  "pesan",
  "info",
  "kirim",
  "kirimi",
  "kirimin",
  "dikirimi",
  "dikirim",
  "spam",
  "chat",
  "broadcast",
  "notif",
  "notifikasi",
  "wa",
  "diskon",
  "berlangganan",
  "lagi",
  "messages",
];
const BROWSE = [
  "show",
  "current",
  "latest",
  "terbaru",
  "apa saja",
  "ada apa",
  "minggu ini",
  "pekan ini",
  "weekend",
  "sabtu",
  "besok",
  "hari ini",
  "yang jual",
  "jual",
  "jualan",
  "cari",
  "mencari",
  "beli",
  "membeli",
  "penjual",
  "lapak",
  "katalog",
  "daftar promo",
  "lihat promo",
  "liat promo",
  "cek promo",
  "nomor",
  "kontak",
  "mana",
  "dimana",
  "this week",
  "this weekend",
  "what",
  "lihat",
];
const POST = [
  "mengiklankan",
  "menitipkan",
  "sebarin",
  "sebarkan",
  "share",
  "pasang",
  "masang",
  "pasangin",
  "kirim",
  "posting",
  "post",
  "upload",
  "unggah",
  "iklan",
  "iklankan",
  "iklanin",
  "ngiklanin",
  "promosikan",
  "promosiin",
  "promoin",
  "masukkan",
  "masukin",
  "dimasukin",
  "dimasukkan",
  "ajukan",
  "submit",
  "taruh",
  "titip",
  "nitip",
  "tawarkan",
];
const OWN = [
  "saya",
  "produk saya",
  "dagangan",
  "jualan saya",
  "usaha saya",
  "toko saya",
  "lapak saya",
  "produk",
  "my",
];
const TRAINING = [
  "pelatihan",
  "training",
  "latih",
  "kelas",
  "workshop",
  "bimtek",
  "kursus",
  "pembinaan",
  "sosialisasi",
];
const TRAINING_LIST = [
  "apa saja",
  "ada apa",
  "jadwal",
  "kapan",
  "ada tidak",
  "ada",
  "daftar",
  "ikut",
  "bulan ini",
  "minggu ini",
  "terdekat",
  "dekat",
  "list",
  "info",
  "terbaru",
  "buka",
  "dibuka",
  "lagi",
  "schedule",
  "upcoming",
  "mendatang",
  "available",
  "show",
  "depan",
  "tersedia",
  "apa",
];
const STAFF = [
  "petugas",
  "admin",
  "orang",
  "manusia",
  "cs",
  "customer service",
  "operator",
  "staf",
  "staff",
  "pegawai",
  "human",
  "real person",
  "pak dinas",
  "pihak dinas",
  "orang dinas",
  "ibu dinas",
  "wong dinas",
  "agent",
  "someone",
];
const TALK = [
  "bicara",
  "ngobrol",
  "hubungi",
  "menghubungi",
  "sambung",
  "sambungkan",
  "disambungkan",
  "disambungin",
  "chat",
  "telepon",
  "telpon",
  "nelpon",
  "talk",
  "speak",
  "contact",
  "komplain",
  "mengadu",
  "lapor",
  "minta",
  "butuh",
  "dibantu",
];
const DATA = [
  "data",
  "datapribadi",
  "nomor",
  "nomer",
  "no hp",
  "identitas",
  "informasi saya",
  "info saya",
  "phone number",
  "my number",
];
const DATA_USE = [
  "dikasih",
  "dibagikan",
  "dibagi",
  "do with",
  "used for",
  "use my",
  "dipakai",
  "dipake",
  "digunakan",
  "untuk apa",
  "buat apa",
  "aman",
  "disebar",
  "disebarkan",
  "dijual",
  "privasi",
  "kebijakan",
  "siapa",
  "dilihat",
  "lihat",
  "disimpan",
  "simpan",
  "used",
  "privacy",
  "safe",
  "who",
];
const DELETE = [
  "apus",
  "apusin",
  "dihapusin",
  "hapus",
  "hapuskan",
  "hapusin",
  "hapuske",
  "hapusken",
  "menghapus",
  "dihapus",
  "dihapusin",
  "delete",
  "remove",
  "lupakan",
  "buang",
  "erase",
  "hilangkan",
  "hilangin",
];
const LANGUAGE = ["bahasa", "language"];
const LANGUAGE_NAMES = [
  "inggris",
  "english",
  "indonesia",
  "indonesian",
  "bahasa indonesia",
  "ganti",
  "ubah",
  "change",
  "switch",
  "pakai",
  "pake",
];

const any = (m: ChatMessage, list: readonly string[]) => hasPhrase(m, list);

/** The two words after the first of `verbs` (skipping "ke", "untuk", "di"...): what the verb is about. */
function objectOf(m: ChatMessage, verbs: readonly string[]): string[] {
  const at = m.words.findIndex((word) => verbs.includes(word));
  if (at === -1) return [];
  return m.words
    .slice(at + 1)
    .filter(
      (word) =>
        ![
          "ke",
          "untuk",
          "buat",
          "di",
          "jadi",
          "sebagai",
          "dulu",
          "saya",
          "sekarang",
          "lewat",
          "ya",
          "usaha",
        ].includes(word),
    )
    .slice(0, 2);
}

/** One rule per intent: a score in 0..1 from what the message asks for and how it is framed. */
export const intentRules: Readonly<Record<ActionIntent, Rule>> = {
  "registration.start": (m, f) => {
    if (!any(m, REGISTER) || f.refuses) return 0;
    const object = objectOf(m, REGISTER);
    if (object.some((word) => NOT_SELLER_REGISTRATION.includes(word) || ELSEWHERE.includes(word))) return 0;
    if (any(m, ELSEWHERE) && !any(m, SELLER_CONTEXT)) return 0;
    if (any(m, STATUS) || any(m, ["sudah daftar", "pernah daftar", "kemarin daftar", "tadi daftar"]))
      return 0;
    // "masalah pendaftaran, tolong teruskan ke pegawai dinas": a person is asked for, not the form.
    if (any(m, STAFF) && any(m, TALK)) return 0.5;
    // "sy mau daftar tp gmn caranya": a sure FAQ answer (with its Register button) goes first.
    if (f.wants) return f.asksHow ? 0.6 : 0.95;
    if (f.asksHow) return 0.35;
    return any(m, SELLER_CONTEXT) || m.words.length <= 3 ? 0.85 : 0.6;
  },
  "registration.status": (m, f) => {
    const aboutRegistration = any(m, [
      "daftar",
      "pendaftaran",
      "registrasi",
      "register",
      "registration",
      "data saya",
      "usaha saya",
      "akun",
      "signed up",
      "sign up",
    ]);
    if (any(m, ELSEWHERE)) return 0;
    if (any(m, ["biasanya", "berapa hari", "berapa lama", "lama"]) && !any(m, ["saya", "kok"])) return 0.3;
    if (any(m, ["status pendaftaran", "status registrasi", "cek status", "status saya"])) return 0.95;
    if (!any(m, STATUS) || any(m, PROMO)) return 0;
    if (aboutRegistration || any(m, ["sudah", "belum", "kok", "yet"])) return f.refuses ? 0.3 : 0.9;
    return 0.4;
  },
  "promo.subscribe": (m, f) => {
    if (f.refuses || any(m, STOP)) return 0;
    // "langganan dong min", "subscribe": nothing but promos can be subscribed to here.
    if (!any(m, PROMO))
      return m.words.length <= 4 && any(m, ["langganan", "berlangganan", "subscribe"]) && !f.asksHow
        ? 0.9
        : 0;
    if (any(m, ["langganan promo", "subscribe", "berlangganan", "sign me up", "sign up"]))
      return f.asksHow ? 0.6 : 0.95;
    // "daftarin nomor sy buat info promo": a buyer's number for the digest, not a seller's registration.
    if (any(m, ["daftarin nomor", "daftarkan nomor", "daftar nomor"]) && !any(m, POST)) return 0.9;
    if (!any(m, RECEIVE)) return 0;
    if (
      any(
        m,
        OWN.filter((word) => word !== "saya"),
      ) ||
      any(m, POST)
    )
      return 0;
    if (f.wants) return 0.9;
    return f.asksHow ? 0.45 : 0.7;
  },
  "promo.stop": (m, f) => {
    if (!any(m, STOP)) return 0;
    if (any(m, ["stop dulu", "berhenti dulu"]) && any(m, ["tanya", "mau", "bertanya"])) return 0;
    // "kapan promo berhenti", "gimana biar promo saya nggak ditolak": questions about promos, not a stop.
    if (
      !f.wants &&
      any(m, ["kapan", "biar", "supaya", "agar", "ditolak", "kenapa", "bagaimana", "cara", "bisa"])
    )
      return 0;
    if (any(m, ["pinjaman", "kur", "usaha", "jualan", "dagang", "produksi"])) return 0;
    if (m.words.length <= 3) return 0.9;
    // Said outright ("ojo dikirimi promo maneh", "berhenti langganan"): a stop even among thanks.
    if (
      any(m, [
        "jangan kirim",
        "jangan kirimi",
        "jangan dikirim",
        "jangan dikirimi",
        "jangan kirimin",
        "berhenti langganan",
        "stop langganan",
        "stop promo",
        "unsubscribe",
        "tidak usah kirim",
        "tidak usah kirimi",
      ])
    )
      return 0.96;
    return any(m, STOP_OBJECT) ? 0.9 : 0.3;
  },
  "promo.browse": (m, f) => {
    const promo = any(m, PROMO);
    // Without the word promo only a buyer's search is browsing ("siapa yg jual kemplang"), not a seller's "jualan".
    const seeks = any(m, ["yang jual", "siapa jual", "cari", "mencari", "beli", "membeli", "belanja", "buy"]);
    if (
      any(
        m,
        OWN.filter((word) => word !== "saya" && word !== "my"),
      ) ||
      any(
        m,
        POST.filter((w) => w !== "kirim"),
      )
    )
      return 0;
    if (any(m, ["langganan", "berlangganan", "subscribe", "sign me up", "sign up", "daftarin nomor"]))
      return 0;
    // "kapan deadline kirim promo", "promo diperiksa dulu gak": how promos work, not what is on offer.
    if (any(m, ["kapan", "deadline", "batas", "diperiksa", "dicek", "ditolak", "aturan", "syarat"])) return 0;
    if (promo && any(m, BROWSE)) return f.refuses ? 0 : 0.9;
    // "nomor wa penjual kopi robusta": a buyer looking for a seller to contact.
    if (
      any(m, ["penjual", "pedagang", "yang jual", "yg jual"]) &&
      any(m, ["nomor", "kontak", "wa", "whatsapp", "hubungi", "no hp", "contact"]) &&
      !any(m, REGISTER)
    )
      return 0.85;
    if (
      seeks &&
      (f.asksHow || any(m, ["ada", "dimana", "mana", "siapa"])) &&
      !any(m, REGISTER) &&
      !any(m, ["modal", "pinjaman", "kur", "kerja", "lowongan", "pelatihan"])
    )
      return 0.75;
    return 0;
  },
  "promo.post": (m, f) => {
    if (f.refuses || any(m, STOP)) return 0;
    const posting = any(m, POST) && (any(m, PROMO) || any(m, ["produk", "dagangan", "jualan", "iklan"]));
    if (
      !posting &&
      !any(m, ["promosi produk", "promosikan produk", "promo lapak", "promo produk saya", "promo saya"])
    )
      return 0;
    if (any(m, ["biar", "supaya", "agar", "ditolak", "kenapa", "syarat", "berapa", "kapan"])) return 0.3;
    // "tampilkan promo terbaru": what others offer, not one's own.
    if (any(m, ["terbaru", "terkini", "hari ini", "minggu ini", "apa saja"]) && !any(m, OWN)) return 0;
    if (f.wants) return 0.95;
    return f.asksHow ? 0.45 : 0.8;
  },
  "training.list": (m, f) => {
    if (!any(m, TRAINING) || f.refuses) return 0;
    // "ada kelas tapis gk", "syarat ikut pelatihan apa": a question about training, answered by the FAQ.
    const subject = any(m, [
      "tapis",
      "makanan",
      "olahan",
      "digital",
      "online",
      "halal",
      "kemasan",
      "foto",
      "marketplace",
      "tiktok",
      "ig",
      "instagram",
      "pangan",
      "jualan",
    ]);
    if (any(m, ["ngajarin", "mengajarkan", "materi", "belajar apa", "diajarin"])) return 0.3;
    if (
      (subject || f.asksHow) &&
      !any(m, ["jadwal", "kapan", "apa saja", "which", "list", "daftar pelatihan"])
    )
      return 0.3;
    if (any(m, TRAINING_LIST)) return 0.85;
    return f.wants ? 0.7 : 0.4;
  },
  "handover.request": (m, f) => {
    if (!any(m, STAFF) || f.refuses) return 0;
    if (any(m, TALK) || f.wants) return 0.9;
    return f.asksHow ? 0.4 : 0.5;
  },
  "privacy.info": (m, f) => {
    if (any(m, ["privasi", "privacy", "kebijakan privasi"])) return 0.9;
    if (!any(m, DATA)) return 0;
    // "kalau sy minta hapus data, ... ikut hilang ga?": asking what deletion does, not deleting.
    if (any(m, DELETE)) return f.refuses || any(m, ["kalau", "misal", "apakah", "ikut", "nanti"]) ? 0.8 : 0;
    return any(m, DATA_USE) ? 0.85 : 0;
  },
  "privacy.delete": (m, f) => {
    if (!any(m, DELETE) || !any(m, [...DATA, "akun", "account", "saya", "my"])) return 0;
    // "tolong hapus data sy ya": a plain request, whatever story ("udh ga jualan", "ga jadi ikut") comes with it.
    // "hapusin aja nomor sy", "mohon data sy dihapus semua": a plain request, whatever story comes with it.
    if (
      !f.asksHow &&
      !any(m, [
        "kalau",
        "misal",
        "apakah",
        "ikut hilang",
        "promo",
        "foto",
        "jangan hapus",
        "tidak usah hapus",
      ]) &&
      any(m, [...DATA, "nomor", "akun", "account"])
    )
      return 0.97;
    if (f.refuses || any(m, ELSEWHERE)) return 0;
    if (any(m, ["kalau", "misal", "apakah", "ikut hilang", "nanti"])) return 0.3;
    if (any(m, ["promo", "foto", "lapak"])) return 0;
    return f.wants || m.words.length <= 5 ? 0.95 : 0.75;
  },
  language: (m, f) => {
    const botLanguage = any(m, ["bot", "botnya", "chat", "chatnya", "switch", "ganti bahasa"]);
    if (!botLanguage && any(m, ["les", "kursus", "belajar", "kelas", "guru", "latih", "sekolah"])) return 0;
    if (
      any(m, ["english please", "in english", "english", "speak english", "bahasa inggris"]) &&
      m.words.length <= 6
    )
      return 0.95;
    if (
      any(m, ["english", "inggris"]) &&
      any(m, ["ganti", "pakai", "switch", "bisa", "please", "can", "could"])
    )
      return 0.96;
    if (
      any(m, ["indonesian", "bahasa indonesia"]) &&
      any(m, ["understand", "mengerti", "paham", "not very good", "tidak bisa"])
    )
      return 0.85;
    if (!any(m, LANGUAGE)) return 0;
    if (any(m, LANGUAGE_NAMES)) return f.refuses ? 0 : 0.9;
    return 0.4;
  },
};

/** Every action intent with its score, best first (only those above zero). */
export function scoreIntents(message: ChatMessage): { intent: ActionIntent; score: number }[] {
  const framing = framingOf(message);
  return actionIntents
    .map((intent) => ({ intent, score: intentRules[intent](message, framing) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score);
}
