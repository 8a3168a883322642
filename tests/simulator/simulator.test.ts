// The simulator page in real headless Chromium against a real `npm start` (no tokens = simulator mode):
// a seller registers by clicking and typing on Telegram, staff approve, a WhatsApp buyer subscribes to
// promos through a list and buttons. A screenshot is saved to tests/artifacts/simulator.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { chromiumFlags, chromiumPath } from "../support/chromium.js";
import { exited, repoRoot, spawnScript, waitFor } from "../support/process.js";

const haveChromium = existsSync(chromiumPath);

const artifacts = join(repoRoot, "tests/artifacts");
/** Waits are for the bot's replies to arrive (generous: CI runs other heavy tests at the same time), never
 * assertions about speed. */
const replyTimeout = 60_000;

let server: ReturnType<typeof spawnScript> | undefined;
let context: BrowserContext | undefined;
let page: Page;
let base: string;
const profileDir = mkdtempSync(join(tmpdir(), "umkm-chromium-"));
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!haveChromium) return;
  const port = await freePort();
  server = spawnScript("scripts/start.ts", {
    PORT: String(port),
    DATA_DIR: mkdtempSync(join(tmpdir(), "umkm-sim-")),
    LOG_LEVEL: "info",
    // No platform configured: `npm start` must come up as the simulator by itself.
    SIMULATOR: "",
    // Monday 23 November 2026, 09:00 WIB: promos go to the coming weekend, which the digest carries.
    SIMULATOR_NOW: "2026-11-23T02:00:00Z",
    TELEGRAM_BOT_TOKEN: "",
    WHATSAPP_TOKEN: "",
    WHATSAPP_APP_SECRET: "",
    WHATSAPP_VERIFY_TOKEN: "",
  });
  base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
    60_000,
    `GET /health (output so far: ${server.output().slice(-500)})`,
  );
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 120_000);

/** On a failure, keeps what explains it next to the screenshot. */
async function keepFailureEvidence() {
  if (!server) return;
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, "simulator-server.log"), server.output());
  await page?.screenshot({ path: join(artifacts, "simulator-failure.png") }).catch(() => undefined);
}

afterAll(async () => {
  await context?.close();
  if (server) {
    server.kill("SIGTERM");
    await exited(server);
  }
  rmSync(profileDir, { recursive: true, force: true });
});

const side = (channel: "telegram" | "whatsapp") => page.locator(`section#${channel}`);
const chat = (channel: "telegram" | "whatsapp") => side(channel).locator(".chat");

/** The newest bot message containing `text` on that side. */
async function botSays(channel: "telegram" | "whatsapp", text: string | RegExp): Promise<Locator> {
  const message = chat(channel).locator(".entry.bot").filter({ hasText: text }).last();
  await message.waitFor({ timeout: replyTimeout });
  return message;
}

/** Waits until the page shows at least `count` elements matching `selector` (the bot answered). */
async function waitForCount(selector: string, count: number) {
  await page
    .locator(selector)
    .nth(count - 1)
    .waitFor({ state: "attached", timeout: replyTimeout });
}

/** The page's globals, typed without pulling the DOM library into the Node test program. */
type PageGlobals = {
  pwned?: number;
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
};

async function type(channel: "telegram" | "whatsapp", text: string) {
  const count = await chat(channel).locator(".entry").count();
  await side(channel).getByRole("textbox").fill(text);
  await side(channel).getByRole("textbox").press("Enter");
  // The typed message and at least one reply.
  await waitForCount(`section#${channel} .chat .entry`, count + 2);
}

async function press(message: Locator, label: string | RegExp) {
  const channel = (await message.evaluate((node) => node.closest("section")?.id)) as "telegram" | "whatsapp";
  const before = await chat(channel).locator(".entry.bot").count();
  await message.getByRole("button", { name: label }).click();
  await waitForCount(`section#${channel} .chat .entry.bot`, before + 1);
}

const identity = (channel: "telegram" | "whatsapp", name: string) =>
  side(channel)
    .getByRole("group", { name: /Identitas/ })
    .getByRole("button", { name, exact: true });

describe("the simulator page in Chromium", () => {
  it("registers a seller, approves as staff, subscribes a WhatsApp buyer", async ({ onTestFailed }) => {
    onTestFailed(keepFailureEvidence);
    if (!haveChromium) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: install chromium: apt-get install chromium ` +
          "(or set CHROMIUM_PATH to another Chromium)",
      );
    }
    await page.goto(`${base}/`);
    await page.locator("body[data-ready=true]").waitFor({ timeout: replyTimeout });
    await expect(page.locator("#connection").textContent()).resolves.toContain("Terhubung");

    // --- Telegram: the seller registers by clicking and typing.
    await identity("telegram", "Penjual").click();
    await expect(identity("telegram", "Penjual").getAttribute("aria-pressed")).resolves.toBe("true");
    await type("telegram", "halo");
    await press(await botSays("telegram", "Selamat datang"), /Daftar UMKM/);
    await press(await botSays("telegram", "Apakah Anda setuju?"), /Setuju/);
    await type("telegram", "Siti Rahayu");
    await botSays("telegram", "nama usaha");
    // A business name that is also HTML: it must appear as text everywhere, never as markup.
    const business = 'Keripik <img src=x onerror="window.pwned=1"> Siger';
    await type("telegram", business);
    await press(await botSays("telegram", /kategori/i), "Kuliner");
    await press(await botSays("telegram", "kecamatan"), "Way Halim");
    // Share-contact: Telegram's reply keyboard at the bottom, not an inline button.
    const keyboard = side("telegram").getByRole("group", { name: "Keyboard balasan Telegram" });
    const beforeContact = await chat("telegram").locator(".entry.bot").count();
    await keyboard.getByRole("button", { name: /nomor/ }).click();
    // The consent text names "produk utama" too: wait for the new reply, then read it.
    await waitForCount("section#telegram .chat .entry.bot", beforeContact + 1);
    await botSays("telegram", "Apa produk atau layanan utama");
    await expect(keyboard.isHidden()).resolves.toBe(true);
    await type("telegram", "keripik pisang coklat dan kopi robusta");
    const licences = await botSays("telegram", /izin/i);
    await press(licences, "NIB");
    await press(await botSays("telegram", "Dipilih: NIB"), "Selesai");
    await press(await botSays("telegram", "ingin berjualan di Taman UMKM"), /^Ya$/);
    // Typing the stall number agrees to show buyers the contact and the stall.
    await botSays("telegram", "Boleh pembeli melihat kontak");
    await type("telegram", "lapak B12");
    const summary = await botSays("telegram", "Mohon periksa data pendaftaran");
    await expect(summary.textContent()).resolves.toContain(business);
    await press(summary, /Simpan/);
    await botSays("telegram", "sedang ditinjau");
    await page.locator("#pending-count", { hasText: "1" }).waitFor({ timeout: replyTimeout });

    // --- Telegram: become staff; the review request is waiting there.
    await identity("telegram", "Petugas").click();
    const review = await botSays("telegram", "Siger");
    await expect(review.textContent()).resolves.toContain(business);
    await press(review, /Setujui/);
    await botSays("telegram", "disetujui");
    await page.locator("#pending-count", { hasText: "0" }).waitFor({ timeout: replyTimeout });

    await identity("telegram", "Penjual").click();
    await botSays("telegram", "DISETUJUI");

    // --- WhatsApp: a buyer opens the menu list and subscribes to the weekend promos.
    await identity("whatsapp", "Pembeli").click();
    await type("whatsapp", "halo");
    const menu = await botSays("whatsapp", "Selamat datang");
    await menu.getByRole("button", { name: /Pilih menu/ }).click();
    const sheet = page.getByRole("dialog", { name: /Pilih menu/ });
    await sheet.getByLabel(/Langganan promo/).check();
    const before = await chat("whatsapp").locator(".entry.bot").count();
    await sheet.getByRole("button", { name: "Kirim" }).click();
    await waitForCount("section#whatsapp .chat .entry.bot", before + 1);
    const intro = await botSays("whatsapp", "Dengan berlangganan");
    await intro.getByRole("button", { name: "Pilih" }).click();
    const categories = page.getByRole("dialog", { name: "Pilih" });
    await categories.getByLabel(/Semua kategori/).check();
    await categories.getByRole("button", { name: "Kirim" }).click();
    await botSays("whatsapp", "Langganan aktif");

    // --- Nothing the users typed became markup.
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).resolves.toBeUndefined();
    await expect(page.locator(".chat img[src='x']").count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);

    // --- Telegram: the approved seller posts a weekend promo; staff approve it.
    await identity("telegram", "Penjual").click();
    await type("telegram", "kirim promo");
    await botSays("telegram", "Produk apa");
    await type("telegram", "Keripik pisang coklat 250 g");
    await botSays("telegram", "harga normalnya");
    await type("telegram", "25rb");
    await botSays("telegram", "harga promonya");
    await type("telegram", "Rp 20.000");
    await press(await botSays("telegram", "Kirim satu foto"), /Lewati/);
    await press(await botSays("telegram", "Di mana pembeli"), /Taman UMKM Bung Karno/);
    await press(await botSays("telegram", "akhir pekan yang mana"), /Sab 28 – Min 29 Nov/);
    await press(await botSays("telegram", "Periksa promo Anda"), /Kirim/);
    await botSays("telegram", "menunggu persetujuan");
    await identity("telegram", "Petugas").click();
    await press(await botSays("telegram", "Promo baru dari"), /Setujui promo/);
    await botSays("telegram", "disetujui");

    // --- Staff panel: run the weekend digest now; the WhatsApp buyer receives the promo.
    await page.getByRole("button", { name: "Jalankan ringkasan akhir pekan sekarang" }).click();
    await page.locator("#digest-result", { hasText: "dibuat" }).waitFor({ timeout: replyTimeout });
    await identity("whatsapp", "Pembeli").click();
    const digest = await botSays("whatsapp", "Keripik pisang coklat 250 g");
    await expect(digest.textContent()).resolves.toContain("Rp25.000 → Rp20.000");
    await expect(digest.textContent()).resolves.toContain("Promo akhir pekan Taman UMKM Bung Karno");
    // Pressing it again sends nothing twice.
    await page.getByRole("button", { name: "Jalankan ringkasan akhir pekan sekarang" }).click();
    await page
      .locator("#digest-result", { hasText: "tidak dikirim dua kali" })
      .waitFor({ timeout: replyTimeout });

    // --- WhatsApp: the buyer searches what is on offer (with a typo) and gets the seller's stall and the map pin.
    await type("whatsapp", "ada yg jual kripik pisng ga?");
    await botSays("whatsapp", "Hasil untuk");
    const card = await botSays("whatsapp", "Penjual:");
    await expect(card.textContent()).resolves.toContain("Keripik pisang coklat 250 g");
    await expect(card.textContent()).resolves.toContain("Lapak B12");
    await botSays("whatsapp", "📍 Taman UMKM Bung Karno · Jl. Gatot Subroto");
    expect(pageErrors).toEqual([]);

    // --- Staff panel: sample promos; the WhatsApp buyer browses this weekend by category, then pages.
    await page.getByRole("button", { name: "Isi contoh promo" }).click();
    await page.locator("#demo-result", { hasText: "siap" }).waitFor({ timeout: replyTimeout });
    await type("whatsapp", "promo minggu ini apa aja?");
    const overview = await botSays("whatsapp", "Pilih kategori");
    await overview.getByRole("button", { name: "Kategori" }).click();
    const kinds = page.getByRole("dialog", { name: "Kategori" });
    await kinds.getByLabel(/Kuliner/).check();
    const beforeBrowse = await chat("whatsapp").locator(".entry.bot").count();
    await kinds.getByRole("button", { name: "Kirim" }).click();
    await waitForCount("section#whatsapp .chat .entry.bot", beforeBrowse + 1);
    const firstPage = await botSays("whatsapp", /Kuliner · .* halaman 1 dari 2/);
    await botSays("whatsapp", "Pempek kapal selam");
    await press(firstPage, /Berikutnya/);
    await botSays("whatsapp", /Kuliner · .* halaman 2 dari 2/);
    await botSays("whatsapp", "Lapis legit original");
    expect(pageErrors).toEqual([]);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "simulator.png") });
  }, 400_000);

  it("fits a phone-sized screen", async () => {
    if (!haveChromium) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/`);
    await page.locator("body[data-ready=true]").waitFor({ timeout: replyTimeout });
    const overflow = await page.evaluate(() => {
      const window = globalThis as unknown as PageGlobals;
      return window.document.documentElement.scrollWidth - window.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("link", { name: "WhatsApp" }).click();
    await expect(side("whatsapp").getByRole("textbox").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "simulator-phone.png"), fullPage: false });
  }, 60_000);
});
