// The staff console in Debian's Chromium (playwright-core): a staff member asks the bot for "/konsol" on
// Telegram (the real webhook), opens the link, signs in, approves a registration (the seller hears it on the
// fake Telegram API) and rejects one with a reason (on the fake WhatsApp API). Screenshots (desktop and
// 390 px wide) go to tests/artifacts/; with UPDATE_DOCS_SCREENSHOTS=1 to docs/ (the README's pictures), so a
// test run never rewrites tracked files.
import { describe, expect, it } from "vitest";
import { consoleInBrowser } from "../support/console.js";
import { telegramChat } from "../support/telegram-chat.js";

const timeout = 30_000;
const staffTg = 8101;
const sellerTg = 8301;
const sellerWa = "628111800301";

const web = consoleInBrowser({ name: "konsolweb", admins: [staffTg] });

async function seedPending(
  channel: "telegram" | "whatsapp",
  userId: string,
  businessName: string,
  owner: string,
) {
  const telegram = channel === "telegram";
  await web.harness.pendingSeller(channel, userId, businessName, {
    ownerName: owner,
    category: telegram ? "kuliner" : "kerajinan-tapis",
    kecamatan: telegram ? "Way Halim" : "Kemiling",
    phone: telegram ? "081234567890" : "081111800301",
    products: telegram ? "keripik pisang, kopi robusta" : "kain tapis, selendang",
    wantsStall: true,
  });
}

const item = (business: string) => web.page.locator("li.item").filter({ hasText: business });

describe("the staff console in Chromium", () => {
  it("signs in through the bot's link and approves and rejects registrations", async () => {
    const { page, harness } = web;
    await seedPending("telegram", String(sellerTg), "Keripik Bu Sari", "Sari Wulandari");
    await seedPending("whatsapp", sellerWa, "Tapis Kemiling <b>Jaya</b>", "Rahmat Hidayat");

    // Without a session the page says how to sign in.
    await page.goto(`${harness.base}/konsol`);
    await page.getByText('Kirim "/konsol" ke bot').waitFor({ timeout });

    const staff = telegramChat(harness.test.app, harness.telegram, staffTg, "Petugas");
    await staff.say("/konsol");
    const link = /http:\/\/127\.0\.0\.1:\d+\/konsol\/masuk\?t=[A-Za-z0-9_-]+/.exec(staff.last().text)?.[0];
    expect(link, staff.last().text).toBeDefined();

    await page.goto(link!);
    await page.getByRole("button", { name: "Konsol Petugas UMKM" }).click();
    await page.getByText(/Masuk sebagai .* \(admin\)/).waitFor({ timeout });
    expect(new URL(page.url()).search).toBe("");
    await item("Keripik Bu Sari").waitFor({ timeout });
    // Text stays text: a name with markup is shown as typed.
    await expect(item("Tapis Kemiling <b>Jaya</b>").locator("h2").textContent()).resolves.toBe(
      "Tapis Kemiling <b>Jaya</b>",
    );
    expect(await page.locator("li.item b").count()).toBe(0);
    // WIB times: the submitted time is shown in Jakarta time whatever the browser's zone.
    await expect(
      item("Keripik Bu Sari")
        .locator("dd")
        .filter({ hasText: /\d{2}[.:]\d{2}/ })
        .count(),
    ).resolves.toBe(1);

    const tgBefore = harness.telegram.calls.length;
    await item("Keripik Bu Sari").getByRole("button", { name: "Setujui" }).click();
    await page.getByText("Keripik Bu Sari disetujui; pendaftar sudah diberi tahu.").waitFor({ timeout });
    const toSeller = harness.telegram.calls
      .slice(tgBefore)
      .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg));
    expect(toSeller).toHaveLength(1);
    expect(String(toSeller[0]!.payload.text)).toContain("DISETUJUI");
    await item("Keripik Bu Sari").waitFor({ state: "detached", timeout });

    // Phone-first: at 390 px nothing scrolls sideways.
    await web.browser.phone();
    expect(await web.browser.sidewaysOverflow()).toBeLessThanOrEqual(0);
    await web.browser.screenshot("konsol-390");

    await web.browser.desktop();
    const waBefore = harness.whatsapp.calls.length;
    const tapis = item("Tapis Kemiling <b>Jaya</b>");
    // "Batal" folds a form away unsaved: the edit form, then the reason form.
    await tapis.getByRole("button", { name: "Ubah data" }).click();
    await tapis.locator("form.edit-form").waitFor({ state: "visible", timeout });
    await tapis.locator("form.edit-form").getByRole("button", { name: "Batal" }).click();
    await tapis.locator("form.edit-form").waitFor({ state: "hidden", timeout });
    await tapis.getByRole("button", { name: "Tolak" }).click();
    await tapis.locator("form.reject-form").getByRole("button", { name: "Batal" }).click();
    await tapis.locator("form.reject-form").waitFor({ state: "hidden", timeout });
    await tapis.getByRole("button", { name: "Tolak" }).click();
    await tapis.getByRole("textbox").fill("Foto produk belum ada");
    await tapis.getByRole("button", { name: "Kirim penolakan" }).click();
    await page.getByText("ditolak; pendaftar sudah diberi tahu.").waitFor({ timeout });
    const toWa = harness.whatsapp.calls.slice(waBefore).filter((call) => call.payload.to === sellerWa);
    expect(toWa).toHaveLength(1);
    expect(JSON.stringify(toWa[0]!.payload)).toContain("Foto produk belum ada");

    // The decided ones, then the audit log (admin only).
    await page.locator("#status").selectOption("all");
    await item("Keripik Bu Sari").getByText("Disetujui").waitFor({ timeout });
    await page.getByRole("button", { name: "Log audit" }).click();
    await page.locator("#audit-rows tr").filter({ hasText: "registration.reject" }).waitFor({ timeout });
    await page.getByRole("button", { name: "Pendaftaran" }).click();
    await item("Tapis Kemiling <b>Jaya</b>").getByText("Foto produk belum ada").waitFor({ timeout });
    await web.browser.screenshot("konsol-desktop");

    // English, then sign out: the session is gone on the server too.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Registrations" }).waitFor({ timeout });
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByText("You are signed out.").waitFor({ timeout });
    const me = await page.evaluate(async () => (await fetch("/konsol/api/me")).status);
    expect(me).toBe(401);
    expect(web.browser.pageErrors).toEqual([]);
  }, 180_000);
});
