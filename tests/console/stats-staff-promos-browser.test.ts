// The statistics, promos and staff pages in Debian's Chromium: the charts render as SVG with WIB dates, a
// promo approved in the page reaches its seller on the fake Telegram API, and a staff member added in the
// page gets a session that stops working the moment the page removes them. Screenshots (desktop and 390 px)
// go to tests/artifacts/, or to docs/ with UPDATE_DOCS_SCREENSHOTS=1 (a test run never rewrites tracked files).
import { describe, expect, it } from "vitest";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { consoleInBrowser } from "../support/console.js";
import { pendingPromo } from "../support/console-promos.js";

const timeout = 30_000;
const adminTg = 8401;
const newcomerTg = 8402;
const sellerTg = "8403";
const web = consoleInBrowser({ name: "konsolpages", admins: [adminTg] });

async function shoot(name: string) {
  await web.browser.phone();
  // Phone-first: at 390 px nothing scrolls sideways.
  const overflow = await web.browser.sidewaysOverflow();
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await web.browser.screenshot(`konsol-${name}-390`);
  await web.browser.desktop();
  await web.browser.screenshot(`konsol-${name}-desktop`);
}

const open = (id: string) => web.browser.page.locator(`#nav button[data-page="${id}"]`).click();

describe("statistics, promos and staff pages in Chromium", () => {
  it("draws the statistics as SVG charts with WIB dates", async () => {
    await web.harness.pendingSeller("telegram", "8404", "Tapis Indah", {
      category: "kerajinan-tapis",
      kecamatan: "Kedaton",
    });
    await web.harness.pendingSeller("telegram", "8405", "Kopi Pagi", { kecamatan: "Way Halim" });
    const subscriptions = createSubscriptionRepository({
      client: web.harness.table.documentClient,
      tableName: web.harness.table.tableName,
    });
    await subscriptions.subscribe(
      { channel: "telegram", userId: "8406" },
      [],
      "promo-v1",
      web.harness.clock.now(),
    );
    await pendingPromo(web.harness, "telegram", sellerTg, "Keripik Balado");
    await web.browser.signIn(adminTg);
    const { page } = web;
    await open("stats");
    await page.locator("#chart-kecamatan svg").waitFor({ timeout });
    expect(await page.locator("#stats svg").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator("#chart-category svg").textContent()).toContain("Kerajinan & Tapis");
    expect(await page.locator("#chart-kecamatan svg").textContent()).toContain("Way Halim");
    // The last week's label is today's date in WIB, whatever the machine's zone.
    const today = new Intl.DateTimeFormat("id-ID", {
      timeZone: "Asia/Jakarta",
      day: "numeric",
      month: "short",
    }).format(web.harness.clock.now());
    expect(await page.locator("#chart-subscribers svg text.axis").last().textContent()).toBe(today);
    expect(await page.locator("#stats-generated").textContent()).toMatch(
      /^Data per .+ WIB · 3 penjual terdaftar$/,
    );
    const csv = page.locator("#chart-category a[download]");
    expect(await csv.getAttribute("href")).toBe("/konsol/api/stats.csv?chart=category&lang=id");
    await shoot("stats");
    expect(web.browser.pageErrors).toEqual([]);
  });

  it("approves a promo and the seller hears it on Telegram", async () => {
    const { page } = web;
    await open("promos");
    const item = page.locator("#promo-list li", { hasText: "Keripik Balado" });
    await item.waitFor({ timeout });
    const before = web.harness.telegram.calls.length;
    await shoot("promos");
    await item.getByRole("button", { name: "Setujui" }).click();
    await page.getByText('Promo "Keripik Balado" disetujui; penjual sudah diberi tahu.').waitFor({ timeout });
    const toSeller = web.harness.telegram.calls
      .slice(before)
      .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === sellerTg);
    expect(toSeller).toHaveLength(1);
    expect(String(toSeller[0]!.payload.text)).toContain('Promo "Keripik Balado" untuk Sabtu-Minggu');
    await item.waitFor({ state: "detached", timeout });
    expect(web.browser.pageErrors).toEqual([]);
  });

  it("adds a staff member, whose session ends when the page removes them", async () => {
    const { page } = web;
    await open("staff");
    await page.locator("#staff-rows tr").first().waitFor({ timeout });
    await page.locator("#staff-channel").selectOption("telegram");
    await page.locator("#staff-user").fill(String(newcomerTg));
    await page.locator("#staff-role").selectOption("petugas");
    await page.getByRole("button", { name: "Tambah", exact: true }).click();
    const row = page.locator(`#staff-rows tr[data-id="telegram:${newcomerTg}"]`);
    await row.waitFor({ timeout });
    expect(await row.locator("td.role").textContent()).toBe("petugas");
    const configured = page.locator(`#staff-rows tr[data-id="telegram:${adminTg}"]`);
    expect(await configured.textContent()).toContain("konfigurasi");
    expect(await configured.getByRole("button").count()).toBe(0);

    // The newcomer signs in (another session: the bot's link through the API).
    const newcomer = await web.harness.signIn(newcomerTg);
    expect(newcomer.role).toBe("petugas");
    await shoot("staff");

    await row.getByRole("button", { name: "Hapus", exact: true }).click();
    await row.getByRole("button", { name: "Ya, hapus" }).click();
    await page
      .getByText(`telegram:${newcomerTg} bukan petugas lagi; 1 sesi konsol diakhiri.`)
      .waitFor({ timeout });
    await row.waitFor({ state: "detached", timeout });
    expect((await web.harness.get(newcomer, "me")).status).toBe(401);
    expect(web.browser.pageErrors).toEqual([]);
  });
});
