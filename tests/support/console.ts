// A running console for tests: the real app behind node:http, DynamoDB Local, both fake platform APIs,
// staff signed in through the bot's "/konsol" link (the real webhook), and optionally Chromium.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { SellerProfile } from "../../functions/lib/core/registration/seller.js";
import { createNodeServer } from "../../functions/lib/http/node-server.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { whatsappEnv } from "../whatsapp/helpers.js";
import { runAdminInProcess } from "./admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "./app.js";
import { chromiumFlags, chromiumPath } from "./chromium.js";
import { repoRoot } from "./process.js";
import { createTestTable, type TestTable } from "./store.js";
import { telegramChat } from "./telegram-chat.js";
import { whatsappChat } from "./whatsapp-chat.js";

export interface ConsoleSession {
  readonly cookie: string;
  readonly csrf: string;
  readonly role: string;
}

export interface ConsoleHarness {
  readonly table: TestTable;
  readonly telegram: FakeTelegramApi;
  readonly whatsapp: FakeWhatsAppApi;
  readonly test: TestApp;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** The injected clock; move it with `advance`. */
  readonly clock: { now(): Date };
  advance(ms: number): void;
  /** `words` (default "/konsol") on Telegram from this staff member: the token of the link in the bot's answer. */
  linkToken(telegramUserId: number, words?: string): Promise<string>;
  /** The token of a sign-in link to the configured console address in `text`, if there is one. */
  linkIn(text: string): string | undefined;
  /** POSTs a link's token to the login API (what the sign-in page does). */
  login(token: string): Promise<Response>;
  /** A signed-in API session (cookie + CSRF token) for this Telegram staff member. */
  signIn(telegramUserId: number): Promise<ConsoleSession>;
  get(session: ConsoleSession | undefined, path: string): Promise<Response>;
  /** `csrf`: null sends no token header at all. */
  post(session: ConsoleSession, path: string, body: unknown, csrf?: string | null): Promise<Response>;
  /** A pending registration from someone who wrote "halo" to the bot first (opening WhatsApp's window). */
  pendingSeller(
    channel: "telegram" | "whatsapp",
    userId: string,
    businessName: string,
    profile?: Partial<SellerProfile>,
  ): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleHarnessOptions {
  /** The test table's name prefix. */
  readonly name: string;
  /** Telegram ids made staff by configuration (console role admin). */
  readonly admins: readonly number[];
  /** Telegram ids made `petugas` through the admin CLI. */
  readonly petugas?: readonly number[];
  /** Telegram ids made `admin` through the admin CLI (so, unlike `admins`, they can be removed). */
  readonly cliAdmins?: readonly number[];
  readonly env?: Record<string, string>;
}

export async function startConsoleHarness(options: ConsoleHarnessOptions): Promise<ConsoleHarness> {
  const table = await createTestTable(options.name);
  const telegram = await startFakeTelegramApi();
  const whatsapp = await startFakeWhatsAppApi();
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const test: TestApp = buildTestApp(
    table,
    {
      ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: options.admins.join(",") }),
      ...whatsappEnv(whatsapp.url),
      CONSOLE_BASE_URL: base,
      ...options.env,
    },
    { clock },
  );
  const server = createNodeServer(test.app.http, test.app.logger);
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  const cliStaff = [
    ...(options.petugas ?? []).map((id) => [id, "petugas"] as const),
    ...(options.cliAdmins ?? []).map((id) => [id, "admin"] as const),
  ];
  for (const [id, role] of cliStaff) {
    const result = await runAdminInProcess(["staff", "add", `telegram:${id}`, "--role", role], { table });
    expect(result.code, result.stderr).toBe(0);
  }

  const linkPrefix = `${(options.env?.CONSOLE_BASE_URL ?? base).replace(/\/$/, "")}/konsol/masuk?t=`;
  const linkIn = (text: string) => {
    const at = text.indexOf(linkPrefix);
    return at < 0 ? undefined : /^[A-Za-z0-9_-]+/.exec(text.slice(at + linkPrefix.length))?.[0];
  };

  async function linkToken(userId: number, words = "/konsol"): Promise<string> {
    // Past the link rate limit's window: tests sign in more often than a person would.
    offsetMs += 10 * 60 * 1000 + 1000;
    const chat = telegramChat(test.app, telegram, userId, "Petugas");
    await chat.say(words);
    const token = linkIn(chat.last().text);
    if (!token) throw new Error(`no link in: ${chat.last().text}`);
    return token;
  }

  const login = (token: string) =>
    fetch(`${base}/konsol/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });

  const get = (session: ConsoleSession | undefined, path: string) =>
    fetch(`${base}/konsol/api/${path}`, { headers: session ? { cookie: session.cookie } : {} });
  const post = (session: ConsoleSession, path: string, body: unknown, csrf: string | null = session.csrf) =>
    fetch(`${base}/konsol/api/${path}`, {
      method: "POST",
      headers: {
        cookie: session.cookie,
        "content-type": "application/json",
        ...(csrf !== null ? { "x-csrf-token": csrf } : {}),
      },
      body: JSON.stringify(body),
    });

  return {
    table,
    telegram,
    whatsapp,
    test,
    base,
    clock,
    advance: (ms) => {
      offsetMs += ms;
    },
    linkToken,
    linkIn,
    login,
    async signIn(userId) {
      const response = await login(await linkToken(userId));
      expect(response.status).toBe(200);
      const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
      const me = await get({ cookie, csrf: "", role: "" }, "me");
      expect(me.status).toBe(200);
      const body = (await me.json()) as { csrf: string; role: string };
      return { cookie, csrf: body.csrf, role: body.role };
    },
    get,
    post,
    async pendingSeller(channel, userId, businessName, profile = {}) {
      if (channel === "telegram")
        await telegramChat(test.app, telegram, Number(userId), "Penjual").say("halo");
      else await whatsappChat(test.app, whatsapp, userId, "Penjual").say("halo");
      await createSellerRepository({ client: table.documentClient, tableName: table.tableName }).save({
        user: { channel, userId },
        profile: {
          ownerName: "Bu Sari",
          businessName,
          category: "kuliner",
          kecamatan: "Way Halim",
          phone: "081234567890",
          products: "keripik pisang",
          licences: [],
          wantsStall: false,
          ...profile,
        },
        status: "pending",
        submissionKey: `test:${userId}`,
        now: clock.now(),
      });
    },
    async close() {
      await new Promise((done) => server.close(() => done(undefined)));
      await telegram.close();
      await whatsapp.close();
    },
  };
}

export interface ConsoleBrowser {
  readonly page: Page;
  /** Uncaught errors in the page; a test expects none. */
  readonly pageErrors: string[];
  /** Opens the bot's link for this staff member and signs in (the click a person makes). */
  signIn(telegramUserId: number): Promise<void>;
  /** How many pixels the page scrolls sideways at its current width (a phone-first page: 0 or less). */
  sidewaysOverflow(): Promise<number>;
  /** A phone's viewport (390 x 844), or back to the desktop one (1280 x 860). */
  phone(): Promise<void>;
  desktop(): Promise<void>;
  /** The whole page as `<screenshotDir>/<name>.png`. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** docs/ (the README's pictures) with UPDATE_DOCS_SCREENSHOTS=1, else tests/artifacts: a run never rewrites tracked files. */
export const screenshotDir = join(
  repoRoot,
  process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : "tests/artifacts",
);
const desktop = { width: 1280, height: 860 };

/** Debian's Chromium on the harness's console; fails with the install hint when Chromium is missing. */
export async function openConsoleBrowser(harness: ConsoleHarness): Promise<ConsoleBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), "umkm-konsol-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      viewport: desktop,
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw new Error(
      `Chromium could not start from ${chromiumPath}: install chromium (apt-get install chromium) or set CHROMIUM_PATH`,
      { cause: error },
    );
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return {
    page,
    pageErrors,
    async signIn(userId) {
      const token = await harness.linkToken(userId);
      await page.goto(`${harness.base}/konsol/masuk?t=${token}`);
      await page.getByRole("button", { name: "Konsol Petugas UMKM" }).click();
      await page.getByText(/Masuk sebagai /).waitFor({ timeout: 30_000 });
    },
    sidewaysOverflow: () =>
      page.evaluate(() => {
        const view = globalThis as unknown as {
          document: { documentElement: { scrollWidth: number } };
          innerWidth: number;
        };
        return view.document.documentElement.scrollWidth - view.innerWidth;
      }),
    phone: () => page.setViewportSize({ width: 390, height: 844 }),
    desktop: () => page.setViewportSize(desktop),
    async screenshot(name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface ConsoleInBrowser {
  readonly harness: ConsoleHarness;
  readonly browser: ConsoleBrowser;
  readonly page: Page;
}

/** Registers the file's beforeAll/afterAll: one console harness with Chromium on it for all its tests. */
export function consoleInBrowser(options: ConsoleHarnessOptions): ConsoleInBrowser {
  let harness: ConsoleHarness | undefined;
  let browser: ConsoleBrowser | undefined;
  beforeAll(async () => {
    harness = await startConsoleHarness(options);
    browser = await openConsoleBrowser(harness);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error("the console starts in beforeAll: use it inside hooks and tests");
    return value;
  };
  return {
    get harness() {
      return started(harness);
    },
    get browser() {
      return started(browser);
    },
    get page() {
      return started(browser).page;
    },
  };
}
