// The trainings page in Debian's Chromium: a petugas signed in through the bot's link adds a session, a person
// signs up through the WhatsApp webhook, the petugas moves the session to another place in the console, the
// participant gets the notice on the fake WhatsApp API, and the page lists the participant. Screenshots
// (desktop and 390 px) go to tests/artifacts/, or to docs/ with UPDATE_DOCS_SCREENSHOTS=1.
import { describe, expect, it } from "vitest";
import { consoleInBrowser } from "../support/console.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const timeout = 30_000;
const adminTg = 8201;
const petugasTg = 8202;
const waPerson = "6281277820301";
const day = 24 * 60 * 60 * 1000;

const web = consoleInBrowser({ name: "konsoltrweb", admins: [adminTg], petugas: [petugasTg] });

const wibDay = (days: number) =>
  new Date(web.harness.clock.now().getTime() + days * day + 7 * 3600_000).toISOString().slice(0, 10);

describe("the trainings page in Chromium", () => {
  it("adds a session, moves it after a sign-up (the participant is told) and lists the participant", async () => {
    const { page } = web;
    await web.browser.signIn(petugasTg);
    await page.getByRole("button", { name: "Pelatihan", exact: true }).click();
    await page.getByRole("button", { name: "Tambah pelatihan" }).click();
    await page.getByLabel("Judul (3–80 karakter)").fill("Pelatihan Foto Produk <i>UMKM</i>");
    await page.getByLabel("Topik").selectOption("digital");
    await page.locator("section#trainings").getByLabel("Tanggal", { exact: true }).fill(wibDay(9));
    await page.getByLabel("Jam mulai (WIB)").fill("09:30");
    await page.getByLabel("Tempat (3–120 karakter)").fill("Aula Dinas Koperasi dan UKM");
    await page.getByLabel("Kuota peserta (1–1000)").fill("25");
    await page.getByLabel("Batas pendaftaran (tanggal)").fill(wibDay(7));
    await page.getByLabel("Terbuka untuk umum").check();
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText(/Pelatihan "Pelatihan Foto Produk <i>UMKM<\/i>" disimpan/).waitFor({ timeout });
    const item = page.locator("li.item").filter({ hasText: "Pelatihan Foto Produk" });
    await item.waitFor({ timeout });
    // Text stays text.
    expect(await page.locator("li.item i").count()).toBe(0);
    await item.getByText(/09[.:]30 WIB/).waitFor({ timeout });
    const id = await item.getAttribute("data-id");
    expect(id).toMatch(/^P[A-Z0-9]{6}$/);

    // Someone signs up through the bot (WhatsApp webhook).
    const person = whatsappChat(
      web.harness.test.app,
      web.harness.whatsapp,
      waPerson,
      "Bu Wati",
      web.harness.clock,
    );
    await person.say("halo");
    await person.press(`tr:in:${id}`);
    await page.getByRole("button", { name: "Pendaftaran" }).click();
    await page.getByRole("button", { name: "Pelatihan", exact: true }).click();
    await item.getByText("1 dari 25").waitFor({ timeout });

    // The petugas moves it to another place: the participant hears it on WhatsApp.
    const before = web.harness.whatsapp.calls.length;
    await item.getByRole("button", { name: "Ubah" }).click();
    await page.getByLabel("Tempat (3–120 karakter)").fill("Gedung Dekranasda Lampung");
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText("1 peserta diberi tahu.").waitFor({ timeout });
    await page.locator("#tr-form").waitFor({ state: "hidden", timeout });
    const told = web.harness.whatsapp.calls.slice(before).filter((call) => call.payload.to === waPerson);
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.payload)).toContain("Tempat baru: Gedung Dekranasda Lampung");
    await item.getByText("Gedung Dekranasda Lampung").waitFor({ timeout });

    // The participants, with their channel, and the CSV link.
    await item.getByRole("button", { name: "Peserta" }).click();
    const row = item.locator("tbody tr").filter({ hasText: "Bu Wati" });
    await row.getByText("WhatsApp").waitFor({ timeout });
    expect(await item.getByRole("link", { name: "Unduh CSV" }).getAttribute("href")).toContain(
      `/konsol/api/trainings/participants.csv?id=${id}`,
    );
    await web.browser.screenshot("konsol-trainings-desktop");

    // Phone-first: at 390 px nothing scrolls sideways, the form included.
    await web.browser.phone();
    await item.getByRole("button", { name: "Ubah" }).click();
    const overflow = await web.browser.sidewaysOverflow();
    expect(overflow).toBeLessThanOrEqual(0);
    await web.browser.screenshot("konsol-trainings-390");
    await page.getByRole("button", { name: "Batal", exact: true }).click();
    await web.browser.desktop();

    // Cancel: the participant is told.
    const beforeCancel = web.harness.whatsapp.calls.length;
    await item.getByRole("button", { name: "Batalkan pelatihan" }).click();
    await item.getByRole("button", { name: "Ya, batalkan" }).click();
    await page.getByText("dibatalkan; 1 peserta diberi tahu.").waitFor({ timeout });
    const cancelled = web.harness.whatsapp.calls
      .slice(beforeCancel)
      .filter((call) => call.payload.to === waPerson);
    expect(cancelled).toHaveLength(1);
    expect(JSON.stringify(cancelled[0]!.payload)).toContain("DIBATALKAN");
    expect(web.browser.pageErrors).toEqual([]);
  }, 180_000);
});
