// Natural answers at flow steps, word by word: the readers the step tables use.
import { describe, expect, it } from "vitest";
import { readChat } from "../../functions/lib/core/understand/chat-words.js";
import { readNone, readOwnNumber, readYesNo } from "../../functions/lib/core/understand/flow-answers.js";

describe("flow answers", () => {
  it("reads 'use this number' the ways people type it, and nothing else", () => {
    for (const text of [
      "pakai nomor ini aja",
      "pake no ini kak",
      "nmr wa ini aja min",
      "yg ini aja",
      "sama",
      "no hp yg ini",
    ])
      expect(readOwnNumber(text), text).toBe(true);
    for (const text of [
      "0812 3456 7890",
      "nomor lain",
      "ini nomor istri sy 0812",
      "nasi uduk",
      "ga",
      "sama sama kak",
    ])
      expect(readOwnNumber(text), text).toBe(false);
  });

  it("reads yes with the words around it, and not a thank-you alone", () => {
    for (const text of ["udah bener kak simpan", "iya boleh", "oke lanjut", "sudah benar", "siap kak"])
      expect(readYesNo(text), text).toBe(true);
    for (const text of ["makasih kak", "sudah", "terima kasih"])
      expect(readYesNo(text), text).toBeUndefined();
    expect(readYesNo("ga usah")).toBe(false);
  });

  it("reads a doubled question word after a negation as 'any', and still as a question before 'aja'", () => {
    expect(readChat("blm ada izin apa2").words).toEqual(["belum", "ada", "izin", "apapun"]);
    expect(readChat("belum ada izin apa-apa").words).toEqual(["belum", "ada", "izin", "apapun"]);
    expect(readChat("syaratnya apa2 aja?").words).toEqual(["syarat", "apa", "saja"]);
    expect(readChat("siapa2 boleh ikut?").words).toEqual(["siapa", "boleh", "ikut"]);
    expect(readNone("blm ada izin apa2")).toBe(true);
    expect(readNone("ga ada apa2 kak")).toBe(true);
    expect(readNone("ga usah")).toBe(true);
  });
});
