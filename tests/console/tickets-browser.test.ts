// The tickets inbox in Debian's Chromium: a WhatsApp person asks for staff through the real webhook, a
// petugas signs in through the bot's link, opens the ticket, claims it, replies (the reply arrives on the
// fake WhatsApp API to that person, once), writes an internal note (never sent) and closes it (the person is
// told). Screenshots (desktop and 390 px) go to tests/artifacts/; with UPDATE_DOCS_SCREENSHOTS=1 to docs/.
import { describe, expect, it } from "vitest";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { consoleInBrowser } from "../support/console.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const timeout = 30_000;
const adminTg = 7801;
const petugasTg = 7802;
const personWa = "628119800301";
const web = consoleInBrowser({ name: "konsoltiketweb", admins: [adminTg], petugas: [petugasTg] });

const textsTo = (waId: string) =>
  web.harness.whatsapp.calls
    .filter((call) => call.payload.to === waId)
    .map((call) => String((call.payload.text as { body?: string } | undefined)?.body ?? ""));

describe("tickets inbox in the browser", () => {
  it("a petugas answers a WhatsApp person's ticket from the console and closes it", async () => {
    const person = whatsappChat(
      web.harness.test.app,
      web.harness.whatsapp,
      personWa,
      "Bu <b>Rina</b>",
      web.harness.clock,
    );
    await person.say("Bagaimana cara mengurus sertifikat halal gratis?");
    await person.say("hubungi petugas");
    const id = ticketIdIn(person.last().text)!;
    expect(id).toBeDefined();
    await person.say("Saya di Kecamatan Way Halim.");

    const { page } = web;
    await web.browser.signIn(petugasTg);
    await page.getByRole("button", { name: "Tiket", exact: true }).click();
    const listed = page.locator("li.item").filter({ hasText: `#${id}` });
    await listed.waitFor({ timeout });
    // Text is text: the name's markup is shown, never rendered.
    await expect(listed.locator("h2").textContent()).resolves.toBe(`#${id} · Bu <b>Rina</b>`);
    expect(await page.locator("li.item b").count()).toBe(0);
    await listed.getByText("Terbuka", { exact: true }).waitFor({ timeout });

    await listed.getByRole("button", { name: "Buka" }).click();
    const detail = page.locator("article.ticket-detail");
    await detail.getByText("Saya di Kecamatan Way Halim.").waitFor({ timeout });
    await detail.getByText(/Jendela 24 jam WhatsApp terbuka sampai .* WIB\./).waitFor({ timeout });

    await detail.getByRole("button", { name: "Ambil tiket" }).click();
    await page.getByText(`Tiket ${id} ditangani oleh`).waitFor({ timeout });
    await page.locator("article.ticket-detail .badge").getByText("Diambil").waitFor({ timeout });

    const before = textsTo(personWa).length;
    await page
      .getByRole("textbox", { name: "Balasan untuk pengirim" })
      .fill("Bisa lewat program SEHATI, Bu.");
    await page.getByRole("button", { name: "Kirim balasan" }).click();
    await page.getByText(`Balasan untuk tiket ${id} terkirim.`).waitFor({ timeout });
    const delivered = textsTo(personWa).slice(before);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain(`Balasan petugas (tiket #${id})`);
    expect(delivered[0]).toContain("Bisa lewat program SEHATI, Bu.");
    await page.locator(".history-reply").getByText("Bisa lewat program SEHATI, Bu.").waitFor({ timeout });

    await page.getByRole("textbox", { name: "Catatan internal" }).fill("Arahkan ke pendamping PPH.");
    await page.getByRole("button", { name: "Simpan catatan" }).click();
    await page.locator(".history-note").getByText("Arahkan ke pendamping PPH.").waitFor({ timeout });
    expect(textsTo(personWa).slice(before)).toHaveLength(1);
    await web.browser.screenshot("konsol-tickets-desktop");

    // Phone-first: at 390 px nothing scrolls sideways, on the ticket and on the list.
    await web.browser.phone();
    expect(await web.browser.sidewaysOverflow()).toBeLessThanOrEqual(0);
    await web.browser.screenshot("konsol-tickets-390");
    await page.getByRole("button", { name: "Kembali ke daftar" }).click();
    await listed.waitFor({ timeout });
    expect(await web.browser.sidewaysOverflow()).toBeLessThanOrEqual(0);
    await web.browser.desktop();

    await listed.getByRole("button", { name: "Buka" }).click();
    await page.getByRole("button", { name: "Tutup tiket" }).click();
    await page.getByRole("button", { name: "Ya, tutup" }).click();
    await page.getByText(`Tiket ${id} ditutup; pengirim sudah diberi tahu.`).waitFor({ timeout });
    await page.locator("article.ticket-detail .badge").getByText("Ditutup").waitFor({ timeout });
    expect(textsTo(personWa).at(-1)).toContain(`Tiket #${id} sudah ditutup oleh petugas`);
    expect(web.browser.pageErrors).toEqual([]);
  }, 120_000);
});
