// The staff console in Debian's Chromium (playwright-core): a staff member asks the bot for "/konsol" on
// Telegram (the real webhook), opens the link, signs in, approves a registration (the seller hears it on the
// fake Telegram API) and rejects one with a reason (on the fake WhatsApp API). Screenshots (desktop and
// 390 px wide) go to tests/artifacts/; with UPDATE_DOCS_SCREENSHOTS=1 to docs/ (the README's pictures), so a
// test run never rewrites tracked files.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeServer } from "../../functions/lib/http/node-server.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { chromiumFlags, chromiumPath } from "../support/chromium.js";
import { repoRoot } from "../support/process.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

const screenshots = join(repoRoot, process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : "tests/artifacts");
const timeout = 30_000;
const staffTg = 8101;
const sellerTg = 8301;
const sellerWa = "628111800301";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
let server: Server | undefined;
let base: string;
let context: BrowserContext | undefined;
let page: Page;
const pageErrors: string[] = [];
const profileDir = mkdtempSync(join(tmpdir(), "umkm-konsol-chromium-"));

beforeAll(async () => {
  table = await createTestTable("konsolweb");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  test = buildTestApp(table, {
    ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: String(staffTg) }),
    ...whatsappEnv(whatsapp.url),
    CONSOLE_BASE_URL: base,
  });
  server = createNodeServer(test.app.http, test.app.logger);
  await new Promise<void>((done) => server!.listen(port, "127.0.0.1", done));
  if (!existsSync(chromiumPath)) return;
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 860 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  await telegram.close();
  await whatsapp.close();
  rmSync(profileDir, { recursive: true, force: true });
});

async function seedPending(
  channel: "telegram" | "whatsapp",
  userId: string,
  businessName: string,
  owner: string,
) {
  if (channel === "telegram") await telegramChat(test.app, telegram, Number(userId), owner).say("halo");
  else await whatsappChat(test.app, whatsapp, userId, owner).say("halo");
  await createSellerRepository({ client: table.documentClient, tableName: table.tableName }).save({
    user: { channel, userId },
    profile: {
      ownerName: owner,
      businessName,
      category: channel === "telegram" ? "kuliner" : "kerajinan-tapis",
      kecamatan: channel === "telegram" ? "Way Halim" : "Kemiling",
      phone: channel === "telegram" ? "081234567890" : "081111800301",
      products: channel === "telegram" ? "keripik pisang, kopi robusta" : "kain tapis, selendang",
      licences: [],
      wantsStall: true,
    },
    status: "pending",
    submissionKey: `seed:${userId}`,
    now: new Date(),
  });
}

const item = (business: string) => page.locator("li.item").filter({ hasText: business });

describe("the staff console in Chromium", () => {
  it("signs in through the bot's link and approves and rejects registrations", async () => {
    if (!context)
      throw new Error(
        `Chromium not found at ${chromiumPath}: install chromium: apt-get install chromium (or set CHROMIUM_PATH)`,
      );
    await seedPending("telegram", String(sellerTg), "Keripik Bu Sari", "Sari Wulandari");
    await seedPending("whatsapp", sellerWa, "Tapis Kemiling <b>Jaya</b>", "Rahmat Hidayat");

    // Without a session the page says how to sign in.
    await page.goto(`${base}/konsol`);
    await page.getByText('Kirim "/konsol" ke bot').waitFor({ timeout });

    const staff = telegramChat(test.app, telegram, staffTg, "Petugas");
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

    const tgBefore = telegram.calls.length;
    await item("Keripik Bu Sari").getByRole("button", { name: "Setujui" }).click();
    await page.getByText("Keripik Bu Sari disetujui; pendaftar sudah diberi tahu.").waitFor({ timeout });
    const toSeller = telegram.calls
      .slice(tgBefore)
      .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg));
    expect(toSeller).toHaveLength(1);
    expect(String(toSeller[0]!.payload.text)).toContain("DISETUJUI");
    await item("Keripik Bu Sari").waitFor({ state: "detached", timeout });

    // Phone-first: at 390 px nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number } };
            innerWidth: number;
          }
        ).document.documentElement.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, "konsol-390.png"), fullPage: true });

    await page.setViewportSize({ width: 1280, height: 860 });
    const waBefore = whatsapp.calls.length;
    const tapis = item("Tapis Kemiling <b>Jaya</b>");
    await tapis.getByRole("button", { name: "Tolak" }).click();
    await tapis.getByRole("textbox").fill("Foto produk belum ada");
    await tapis.getByRole("button", { name: "Kirim penolakan" }).click();
    await page.getByText("ditolak; pendaftar sudah diberi tahu.").waitFor({ timeout });
    const toWa = whatsapp.calls.slice(waBefore).filter((call) => call.payload.to === sellerWa);
    expect(toWa).toHaveLength(1);
    expect(JSON.stringify(toWa[0]!.payload)).toContain("Foto produk belum ada");

    // The decided ones, then the audit log (admin only).
    await page.locator("#status").selectOption("all");
    await item("Keripik Bu Sari").getByText("Disetujui").waitFor({ timeout });
    await page.getByRole("button", { name: "Log audit" }).click();
    await page.locator("#audit-rows tr").filter({ hasText: "registration.reject" }).waitFor({ timeout });
    await page.getByRole("button", { name: "Pendaftaran" }).click();
    await item("Tapis Kemiling <b>Jaya</b>").getByText("Foto produk belum ada").waitFor({ timeout });
    await page.screenshot({ path: join(screenshots, "konsol-desktop.png"), fullPage: true });

    // English, then sign out: the session is gone on the server too.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Registrations" }).waitFor({ timeout });
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByText("You are signed out.").waitFor({ timeout });
    const me = await page.evaluate(async () => (await fetch("/konsol/api/me")).status);
    expect(me).toBe(401);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
