import { describe, expect, it } from "vitest";
import { createFaqMatcher, getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";
import { FAQ_TOPIC_IDS } from "../../functions/lib/core/faq/faq-topic-schema.js";

const matcher = getFaqMatcher();

describe("FAQ matcher: clear questions", () => {
  it.each([
    ["berapa bunga kredit usaha rakyat", "kur"],
    ["ada pinjaman 0% dr pemkot ga", "pinjaman-tanpa-bunga"],
    ["sy pengen ikut kursus bikin kue", "pelatihan-makanan"],
    ["ngurus sertifikat halal gmn", "sertifikat-halal"],
    ["bikin nib di oss", "nib"],
    ["pasar minggu di gatsu jam brp", "taman-umkm-bung-karno"],
    ["kios di taman kuliner siger", "taman-kuliner-siger"],
    ["jangan kirimin promo lagi", "berhenti-langganan"],
    ["hapus data pribadi sy", "data-pribadi"],
    ["mau ngomong sama petugas", "hubungi-petugas"],
  ])("%s -> %s", (question, topic) => {
    const result = matcher.match(question);
    expect(result.topic).toBe(topic);
    expect(result.confidence).toBe("confident");
    expect(result.candidates[0]?.topic).toBe(topic);
  });
});

describe("FAQ matcher: out of scope", () => {
  it.each([
    "harga cabai hari ini",
    "cara perpanjang SIM",
    "resep nasi goreng",
    "jadwal kereta api",
    "tiket pesawat murah",
  ])("%s -> null", (question) => {
    const result = matcher.match(question);
    expect(result.topic).toBeNull();
    expect(result.confidence).toBe("none");
  });

  it("returns nothing for empty or filler-only text", () => {
    expect(matcher.match("")).toEqual({ topic: null, score: 0, candidates: [], confidence: "none" });
    expect(matcher.match("gmn ya kak?").topic).toBeNull();
  });
});

describe("FAQ matcher: result shape", () => {
  it("lists at most five known candidates, best first, and answers the first", () => {
    const result = matcher.match("promo umkm");
    expect(result.candidates.length).toBeGreaterThan(1);
    expect(result.candidates.length).toBeLessThanOrEqual(5);
    const scores = result.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of result.candidates) expect(FAQ_TOPIC_IDS).toContain(c.topic);
    if (result.topic !== null) expect(result.topic).toBe(result.candidates[0]?.topic);
  });

  it("says unsure, without answering, when two topics fit equally well", () => {
    const strict = createFaqMatcher({ minMargin: 100 });
    const result = strict.match("promo akhir pekan");
    expect(result.confidence).toBe("unsure");
    expect(result.topic).toBeNull();
    expect(result.candidates.length).toBeGreaterThanOrEqual(2);
  });

  it("is deterministic and does not depend on case or punctuation", () => {
    expect(matcher.match("Sertifikat HALAL?!")).toEqual(matcher.match("sertifikat halal"));
  });
});

describe("FAQ matcher: chat messages", () => {
  it("answers the question clause, not the story around it", () => {
    const result = matcher.match(
      "pagi kak, sy buka warung pecel di sukarame dr 2019, rame terus alhamdulillah. mau ambil kur di bank, bunganya brp ya?",
    );
    expect(result.topic).toBe("kur");
    expect(result.confidence).toBe("confident");
  });

  it("finds a second topic asked in a clause of its own", () => {
    const result = matcher.match("cara bikin nib gmn? trus sertifikat halal ngurusnya dimana");
    expect(result.topic).toBe("nib");
    expect(result.alsoTopic).toBe("sertifikat-halal");
  });

  it("does not answer other public services or other regions' programmes", () => {
    for (const q of [
      "min mau nanya, cara daftar bpjs kesehatan buat keluarga gmn ya",
      "ada pelatihan umkm dari pemkab pringsewu ga",
    ]) {
      expect(matcher.match(q).topic, q).toBeNull();
    }
  });

  it("answers two topics in the order they are asked, whichever the whole message favours", () => {
    for (const [q, first, next] of [
      [
        "data usaha yg sy kirim disimpen buat apa aja? trus pendaftaran sy udh diverifikasi blm",
        "data-pribadi",
        "status-pendaftaran",
      ],
      [
        "min cara bikin nib gmn? trus abis itu sy mau sekalian ngurus sertifikat halal gratis, bisa langsung?",
        "nib",
        "sertifikat-halal",
      ],
      [
        "sy mau tau cara daftar jd penjual di bot ini, abis itu langsung bs kirim promo lapak weekend ga?",
        "daftar-penjual",
        "kirim-promo",
      ],
    ] as const) {
      const result = matcher.match(q);
      expect([result.topic, result.alsoTopic], q).toEqual([first, next]);
    }
  });

  it("does not add a second topic from a clause that only shares a vague word", () => {
    const result = matcher.match(
      "kak, sy mau ngajuin pinjaman tanpa bunga dr pemkot buat usaha konveksi, berkas yg perlu disiapin apa aja? ktp kk doang cukup atau ada surat lain?",
    );
    expect(result.topic).toBe("pinjaman-tanpa-bunga");
    expect(result.alsoTopic ?? null).toBeNull();
  });

  it("reads 'dibantu petugas' as asking for help, not for capital aid", () => {
    const result = matcher.match("min bisa dibantu petugas dinas gk? biasanya petugas balesnya jam berapa");
    expect(result.topic).toBe("hubungi-petugas");
    expect(result.alsoTopic ?? null).toBeNull();
  });

  it("leaves civil-registry errands to Dukcapil, while KTP as a loan document stays ours", () => {
    for (const q of [
      "bikin ktp baru syaratnya",
      "ktp sy ilang, ngurus di mana ya",
      "cara urus surat pindah domisili",
    ]) {
      expect(matcher.match(q).topic, q).toBeNull();
    }
    expect(matcher.match("pinjaman tanpa bunga pemkot butuh KK gak").topic).toBe("pinjaman-tanpa-bunga");
  });

  it("counts a school named in the story less than one named in the question", () => {
    expect(
      matcher.match("anak sy lulusan smk mau belajar bikin kain tapis, pemkot ada pelatihannya kah").topic,
    ).toBe("pelatihan-tapis");
    expect(matcher.match("pendaftaran smk negeri kapan dibuka").topic).toBeNull();
  });

  it("answers the topic whose whole title a question names, whatever place it also names", () => {
    // "terima info promo" is subscribing; the market it names is where the promos are, not what is asked.
    expect(
      matcher.match("gimana caranya biar sy bisa terima info promo pasar minggu gatsu lewat wa?").topic,
    ).toBe("langganan-promo");
  });

  it("reads English 'small business' as UMKM", () => {
    expect(matcher.match("how to register my small business here, what info do u need from me").topic).toBe(
      "daftar-penjual",
    );
  });
});
