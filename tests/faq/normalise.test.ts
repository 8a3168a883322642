import { describe, expect, it } from "vitest";
import { stemIndonesian } from "../../functions/lib/core/faq/indonesian-stemmer.js";
import { normalise } from "../../functions/lib/core/faq/normalise-default.js";
import { editDistance } from "../../functions/lib/core/faq/typo-corrector.js";

const terms = (text: string) => normalise(text).split(" ").filter(Boolean);

describe("normalise: slang and abbreviations", () => {
  it("drops chat filler and question words", () => {
    expect(terms("gmn caranya sih kak")).toEqual([]);
    expect(terms("brp yg hrs sy bayar dr mana")).not.toContain("brp");
  });

  it("expands abbreviations to the words the content uses", () => {
    expect(terms("pinjeman modal")).toEqual(["pinjam", "modal"]);
    expect(terms("ngurus nib")).toEqual(["urus", "nib"]);
    expect(terms("udh daftar blm")).toEqual(["sudah", "daftar", "belum"]);
  });

  it("treats a trailing 'ga' as a question tag but a refusal as stopping", () => {
    expect(terms("nib gratis ga")).toEqual(["nib", "gratis"]);
    expect(terms("jgn kirim promo lg")).toContain("henti");
    expect(terms("udh ga mau terima promo")).toContain("henti");
  });
});

describe("normalise: synonyms and phrases", () => {
  it("maps every way of saying interest-free to one term", () => {
    for (const q of [
      "pinjaman tanpa bunga",
      "pinjaman 0 persen",
      "pinjaman nol persen",
      "pinjaman bunga 0",
      "interest free loan",
    ]) {
      expect(terms(q), q).toContain("tanpabunga");
    }
  });

  it("knows place and platform nicknames", () => {
    expect(terms("pasar di jl gatot subroto")).toContain("gatsu");
    expect(terms("taman umkm gatsu")).toContain("gatsu");
    expect(terms("promosi di media sosial")).toEqual(terms("promosi di medsos"));
    expect(terms("jualan daring")).toEqual(terms("jualan online"));
  });

  it("unifies loan, capital and trademark synonyms", () => {
    expect(terms("kredit")).toEqual(terms("utang"));
    expect(terms("kredit")).toEqual(terms("pinjaman"));
    expect(terms("dana usaha")).toEqual(terms("modal usaha"));
    expect(terms("daftar merk")).toEqual(terms("daftar merek"));
  });
});

describe("normalise: stemming", () => {
  it("reduces Indonesian affixes, formal and colloquial", () => {
    expect(stemIndonesian("pelatihan")).toBe("latih");
    expect(stemIndonesian("mendaftar")).toBe("daftar");
    expect(terms("daftarin")).toEqual(["daftar"]);
    expect(terms("promoin")).toEqual(["promo"]);
  });

  it("does not turn packaging into gold", () => {
    expect(stemIndonesian("pengemasan")).toBe("kemas");
    expect(stemIndonesian("kemasan")).toBe("kemas");
    expect(terms("harga emas")).not.toContain("kemas");
  });
});

describe("normalise: typos", () => {
  it("fixes small misspellings of words the FAQ uses", () => {
    expect(terms("sertifkat halal")).toEqual(terms("sertifikat halal"));
    expect(terms("pelatihn tapis")).toEqual(terms("pelatihan tapis"));
    expect(terms("dftr usaha")).toEqual(terms("daftar usaha"));
  });

  it("leaves short unknown words alone instead of guessing", () => {
    expect(terms("susah")).toEqual(["susah"]);
    expect(terms("pulsa")).toEqual(["pulsa"]);
  });

  it("measures transpositions as one edit", () => {
    expect(editDistance("halal", "hlaal", 2)).toBe(1);
    expect(editDistance("tapis", "tapis", 2)).toBe(0);
    expect(editDistance("kur", "nib", 1)).toBe(2);
  });
});

describe("normalise: valid words are never 'corrected'", () => {
  it.each([
    ["min mau tanya", "petugas"],
    ["hrs daftar dulu", "hours"],
    ["keripik pisang", "pasang"],
    ["one person", "persen"],
    ["warung di kedaton", "daton"],
    ["halal cert", "court"],
  ])("%s does not become %s", (text, wrong) => {
    expect(terms(text)).not.toContain(wrong);
  });

  it("keeps kecamatan and product words as typed", () => {
    expect(terms("kedaton")).toEqual(["kedaton"]);
    expect(terms("pisang")).toEqual(["pisang"]);
    expect(terms("min")).toEqual([]);
  });

  it("covers chat vocabulary the content words for", () => {
    expect(terms("standing pouch")).toEqual(terms("kemasan"));
    expect(terms("makanan ringan")).toEqual(terms("camilan"));
    expect(terms("acc")).toEqual(terms("disetujui"));
    expect(terms("upload")).toEqual(terms("unggah"));
    expect(terms("apk")).toEqual(terms("aplikasi"));
  });
});
