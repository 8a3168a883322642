// The WhatsApp templates page in Debian's Chromium: an admin signed in through the bot's link opens it and
// sees a purpose with its own template, one without (the fallback is not set), the suggested text for Meta
// and the CSV link; a petugas has no such page. Screenshots (desktop and 390 px) go to tests/artifacts/, or
// to docs/ with UPDATE_DOCS_SCREENSHOTS=1.
import { describe, expect, it } from "vitest";
import { consoleInBrowser } from "../support/console.js";

const timeout = 30_000;
const adminTg = 8301;
const petugasTg = 8302;

const web = consoleInBrowser({
  name: "konsoltplweb",
  admins: [adminTg],
  petugas: [petugasTg],
  env: {
    WHATSAPP_TEMPLATES: JSON.stringify({
      ticket_reply: { name: "umkm_balasan_tiket", languages: { id: "id", en: "en" } },
      broadcast: { name: "umkm_pengumuman", languages: { id: "id" } },
    }),
  },
});

describe("the WhatsApp templates page in Chromium", () => {
  it("shows an admin a configured and an unconfigured purpose, the suggested text and the CSV link", async () => {
    const { page } = web;
    await web.browser.signIn(adminTg);
    await page.getByRole("button", { name: "Template WhatsApp" }).click();
    await page
      .getByText(
        /Template dibuat dan disetujui di WhatsApp Manager Meta; di sini Anda melihat apa yang dipakai bot/,
      )
      .waitFor({ timeout });

    const ticket = page.locator('li[data-purpose="ticket_reply"]');
    await ticket.getByRole("heading", { name: "Balasan tiket" }).waitFor({ timeout });
    expect(await ticket.locator('tr[data-status="own"]').count()).toBe(2);
    await ticket.locator("td", { hasText: "umkm_balasan_tiket" }).first().waitFor({ timeout });

    const decision = page.locator('li[data-purpose="registration_decision"]');
    await decision.getByRole("heading", { name: "Keputusan pendaftaran" }).waitFor({ timeout });
    expect(await decision.locator('tr[data-status="missing"]').count()).toBe(2);
    await decision
      .getByText("Tidak ada: tidak bisa dikirim di luar jendela 24 jam")
      .first()
      .waitFor({ timeout });
    await page
      .getByText(
        "Tidak diatur: jenis pesan tanpa template sendiri tidak bisa dikirim di luar jendela 24 jam.",
      )
      .waitFor({ timeout });

    // Every kind of message the code knows is listed under its own heading.
    expect(await page.locator("#tpl-list > li h3").allTextContents()).toEqual([
      "Balasan tiket",
      "Pengingat pelatihan",
      "Perubahan pelatihan",
      "Keputusan pendaftaran",
      "Ringkasan promo akhir pekan",
      "Siaran",
    ]);
    const broadcast = page.locator('li[data-purpose="broadcast"]');
    await broadcast.getByText("Template sendiri dalam bahasa lainnya").waitFor({ timeout });

    // The suggested text for Meta, with its placeholders and blank lines kept as text.
    await decision.getByText("Teks yang disarankan untuk diajukan ke Meta").click();
    await decision.getByText("Nama yang disarankan: umkm_keputusan_pendaftaran").waitFor({ timeout });
    const text = decision.locator('.tpl-text[lang="id"]');
    expect(await text.textContent()).toBe(
      'Pendaftaran UMKM {{1}} di Layanan UMKM Kota Bandar Lampung: {{2}}. Ketik "status" untuk melihat rinciannya.',
    );

    expect(await page.getByRole("link", { name: "Unduh CSV" }).getAttribute("href")).toContain(
      "/konsol/api/templates.csv",
    );
    await web.browser.screenshot("konsol-templates-desktop");

    // Phone-first: at 390 px nothing scrolls sideways.
    await web.browser.phone();
    const overflow = await web.browser.sidewaysOverflow();
    expect(overflow).toBeLessThanOrEqual(0);
    await web.browser.screenshot("konsol-templates-390");
    await web.browser.desktop();
    expect(web.browser.pageErrors).toEqual([]);
  }, 90_000);

  it("gives a petugas no templates page", async () => {
    const { page } = web;
    await web.browser.signIn(petugasTg);
    await page.getByRole("button", { name: "Pendaftaran" }).waitFor({ timeout });
    expect(await page.getByRole("button", { name: "Template WhatsApp" }).count()).toBe(0);
    expect(web.browser.pageErrors).toEqual([]);
  }, 60_000);
});
