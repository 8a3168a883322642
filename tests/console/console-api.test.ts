// The staff console's API through the real HTTP server (node:http), the real bot webhooks on both channels,
// DynamoDB Local and the fake Telegram/WhatsApp APIs: sign-in links, sessions, roles, CSRF, audit and the
// registrations page's approve/reject reaching the seller.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeServer } from "../../functions/lib/http/node-server.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runAdminInProcess } from "../support/admin.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

const adminTg = 7101;
const petugasTg = 7102;
const removedTg = 7103;
const buyerTg = 7201;
const sellerTg = 7301;
const adminWa = "628111700101";
const buyerWa = "628111700201";
const sellerWa = "628111700301";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
let base: string;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let close: () => Promise<void>;

beforeAll(async () => {
  table = await createTestTable("konsol");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  test = buildTestApp(
    table,
    {
      ...telegramEnv(telegram.url, { STAFF_TELEGRAM_IDS: String(adminTg) }),
      ...whatsappEnv(whatsapp.url, { STAFF_WHATSAPP_IDS: adminWa }),
      // https: the session cookie must be Secure.
      CONSOLE_BASE_URL: "https://konsol.example.test/",
    },
    { clock },
  );
  const server = createNodeServer(test.app.http, test.app.logger);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((done) => server.close(() => done()));
  for (const [id, role] of [
    [petugasTg, "petugas"],
    [removedTg, "admin"],
  ] as const) {
    const result = await runAdminInProcess(["staff", "add", `telegram:${id}`, "--role", role], { table });
    expect(result.code, result.stderr).toBe(0);
  }
});
afterAll(async () => {
  await close();
  await telegram.close();
  await whatsapp.close();
});

const linkIn = (text: string) =>
  /https:\/\/konsol\.example\.test\/konsol\/masuk\?t=([A-Za-z0-9_-]+)/.exec(text)?.[1];

/** Sends "/konsol" on Telegram and returns the token of the link in the answer. */
async function telegramLink(userId: number, words = "/konsol"): Promise<string> {
  // Past the link rate limit's window: these tests sign in more often than a person would.
  offsetMs += 10 * 60 * 1000 + 1000;
  const chat = telegramChat(test.app, telegram, userId, "Petugas");
  await chat.say(words);
  const token = linkIn(chat.last().text);
  if (!token) throw new Error(`no link in: ${chat.last().text}`);
  return token;
}

async function login(token: string) {
  return fetch(`${base}/konsol/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
}

interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly role: string;
}

async function signIn(userId: number): Promise<Session> {
  const response = await login(await telegramLink(userId));
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const me = await fetch(`${base}/konsol/api/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  const body = (await me.json()) as { csrf: string; role: string };
  return { cookie, csrf: body.csrf, role: body.role };
}

const get = (session: Session | undefined, path: string) =>
  fetch(`${base}/konsol/api/${path}`, { headers: session ? { cookie: session.cookie } : {} });

/** `csrf`: null sends no token header at all. */
const postApi = (session: Session, path: string, body: unknown, csrf: string | null = session.csrf) =>
  fetch(`${base}/konsol/api/${path}`, {
    method: "POST",
    headers: {
      cookie: session.cookie,
      "content-type": "application/json",
      ...(csrf !== null ? { "x-csrf-token": csrf } : {}),
    },
    body: JSON.stringify(body),
  });

const linkItems = async () =>
  (await table.scanAll()).filter((item) => String(item.pk).startsWith("CONSOLELINK#"));

async function pendingSeller(channel: "telegram" | "whatsapp", userId: string, businessName: string) {
  // The seller wrote to the bot first (on WhatsApp this opens the 24-hour window for the decision).
  if (channel === "telegram") await telegramChat(test.app, telegram, Number(userId), "Penjual").say("halo");
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
    },
    status: "pending",
    submissionKey: `test:${userId}`,
    now: clock.now(),
  });
}

describe("sign-in links", () => {
  it("gives a non-staff person no link on either channel: the usual answer to an unknown word", async () => {
    const buyer = telegramChat(test.app, telegram, buyerTg, "Pembeli");
    await buyer.say("/konsol");
    const answer = buyer.last().text;
    await buyer.say("/zzzz");
    expect(answer).toBe(buyer.last().text);
    await buyer.say("konsol");
    expect(buyer.last().text).not.toMatch(/konsol\/masuk|konsol petugas/i);
    const waBuyer = whatsappChat(test.app, whatsapp, buyerWa, "Pembeli");
    await waBuyer.say("konsol");
    expect(waBuyer.last().text).not.toMatch(/konsol\/masuk|konsol petugas/i);
    await waBuyer.say("/konsol");
    expect(waBuyer.last().text).not.toMatch(/konsol\/masuk/i);
    expect(await linkItems()).toHaveLength(0);
  });

  it("gives staff a one-time link on Telegram and WhatsApp, stored only as a hash", async () => {
    const token = await telegramLink(adminTg, "konsol");
    const wa = whatsappChat(test.app, whatsapp, adminWa, "Petugas WA");
    await wa.say("/konsol");
    const waToken = linkIn(wa.last().text);
    expect(waToken).toBeDefined();
    const stored = JSON.stringify(await table.scanAll());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(waToken!);
    expect(test.logs.join("\n")).not.toContain(token);
    const response = await login(waToken!);
    expect(response.status).toBe(200);
  });

  it("opens a session with a strict cookie, once per link", async () => {
    const token = await telegramLink(adminTg);
    const first = await login(token);
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^konsol_sid=[A-Za-z0-9_-]{40,}; /);
    for (const flag of ["HttpOnly", "SameSite=Strict", "Secure", "Path=/konsol"])
      expect(cookie).toContain(flag);
    const again = await login(token);
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a link after 10 minutes (the injected clock moves on)", async () => {
    const token = await telegramLink(adminTg);
    offsetMs += 10 * 60 * 1000 + 1000;
    try {
      expect((await login(token)).status).toBe(403);
    } finally {
      offsetMs -= 10 * 60 * 1000 + 1000;
    }
    expect((await login(token)).status).toBe(200);
  });

  it("refuses a forged or malformed token and bad input", async () => {
    expect((await login("A".repeat(43))).status).toBe(403);
    expect((await login("../../etc")).status).toBe(400);
    const raw = await fetch(`${base}/konsol/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
  });

  it("limits link requests to 5 in 10 minutes per person", async () => {
    const chat = telegramChat(test.app, telegram, petugasTg, "Petugas");
    offsetMs += 60 * 60 * 1000;
    try {
      for (let i = 0; i < 5; i++) {
        await chat.say("/konsol");
        expect(linkIn(chat.last().text)).toBeDefined();
      }
      await chat.say("/konsol");
      expect(linkIn(chat.last().text)).toBeUndefined();
      expect(chat.last().text).toContain("Terlalu banyak");
      offsetMs += 10 * 60 * 1000 + 1000;
      await chat.say("/konsol");
      expect(linkIn(chat.last().text)).toBeDefined();
    } finally {
      offsetMs -= 70 * 60 * 1000 + 1000;
    }
  });
});

describe("sessions, roles and CSRF", () => {
  it("answers 401 without a session and serves the page with a strict CSP", async () => {
    expect((await get(undefined, "me")).status).toBe(401);
    expect(
      (await get({ cookie: "konsol_sid=forged-session-id-0123456789abcdef", csrf: "", role: "" }, "me"))
        .status,
    ).toBe(401);
    const page = await fetch(`${base}/konsol`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style|style="|https?:\/\//);
    expect((await fetch(`${base}/konsol/static/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/konsol/static/../../package.json`)).status).toBe(404);
    const strings = (await (await fetch(`${base}/konsol/i18n/en.json`)).json()) as Record<string, string>;
    expect(strings.navRegistrations).toBe("Registrations");
  });

  it("refuses an admin API to a petugas, and allows it to an admin", async () => {
    const petugas = await signIn(petugasTg);
    expect(petugas.role).toBe("petugas");
    const refused = await get(petugas, "audit");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "admin-only" });
    expect((await get(petugas, "registrations")).status).toBe(200);
    const admin = await signIn(adminTg);
    expect(admin.role).toBe("admin");
    expect((await get(admin, "audit")).status).toBe(200);
  });

  it("refuses a state change with a missing or forged CSRF token", async () => {
    await pendingSeller("telegram", "7399", "Warung Csrf");
    const admin = await signIn(adminTg);
    const other = await signIn(adminTg);
    const body = { id: "telegram:7399", decision: "approved" };
    expect((await postApi(admin, "registrations/decide", body, null)).status).toBe(403);
    expect((await postApi(admin, "registrations/decide", body, "forged-token")).status).toBe(403);
    // Another session's token is no good either.
    expect((await postApi(admin, "registrations/decide", body, other.csrf)).status).toBe(403);
    const form = await fetch(`${base}/konsol/api/registrations/decide`, {
      method: "POST",
      headers: {
        cookie: admin.cookie,
        "content-type": "application/x-www-form-urlencoded",
        "x-csrf-token": admin.csrf,
      },
      body: "id=telegram%3A7399&decision=approved",
    });
    expect(form.status).toBe(415);
    const list = (await (await get(admin, "registrations?status=pending")).json()) as {
      registrations: { id: string; status: string }[];
    };
    expect(list.registrations.find((r) => r.id === "telegram:7399")?.status).toBe("pending");
  });

  it("ends every session of a person whose staff role is removed", async () => {
    const session = await signIn(removedTg);
    expect((await get(session, "me")).status).toBe(200);
    const result = await runAdminInProcess(["staff", "remove", `telegram:${removedTg}`], { table });
    expect(result.code, result.stderr).toBe(0);
    const refused = await get(session, "me");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "not-staff" });
    const sessions = (await table.scanAll()).filter(
      (item) => item.gsi1pk === `CONSOLESTAFF#telegram#${removedTg}`,
    );
    expect(sessions).toHaveLength(0);
    // And no new link either.
    const chat = telegramChat(test.app, telegram, removedTg, "Mantan");
    await chat.say("/konsol");
    expect(linkIn(chat.last().text)).toBeUndefined();
  });

  it("signs out one session, or every session of the person", async () => {
    const one = await signIn(adminTg);
    const two = await signIn(adminTg);
    const three = await signIn(adminTg);
    const out = await postApi(one, "logout", {});
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await get(one, "me")).status).toBe(401);
    expect((await get(two, "me")).status).toBe(200);
    expect((await postApi(two, "logout-all", {})).status).toBe(200);
    expect((await get(two, "me")).status).toBe(401);
    expect((await get(three, "me")).status).toBe(401);
  });
});

describe("registrations", () => {
  it("approves a Telegram registration through the API: the seller hears it, an audit entry is written", async () => {
    await pendingSeller("telegram", String(sellerTg), "Keripik Bu Sari");
    const admin = await signIn(adminTg);
    const list = (await (await get(admin, "registrations?status=pending&q=keripik")).json()) as {
      registrations: { id: string; businessName: string; category: string }[];
    };
    expect(list.registrations).toEqual([
      expect.objectContaining({
        id: `telegram:${sellerTg}`,
        businessName: "Keripik Bu Sari",
        category: "Kuliner",
      }),
    ]);
    const before = telegram.calls.length;
    const response = await postApi(admin, "registrations/decide", {
      id: `telegram:${sellerTg}`,
      decision: "approved",
    });
    expect(response.status).toBe(200);
    const toSeller = telegram.calls
      .slice(before)
      .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg));
    expect(toSeller).toHaveLength(1);
    expect(String(toSeller[0]!.payload.text)).toContain("DISETUJUI");
    // Exactly once: a second approval (console or chat) finds it decided.
    const again = await postApi(admin, "registrations/decide", {
      id: `telegram:${sellerTg}`,
      decision: "approved",
    });
    expect(again.status).toBe(409);
    const staffChat = telegramChat(test.app, telegram, adminTg, "Petugas");
    await staffChat.press(`rv:ok:telegram:${sellerTg}`);
    expect(staffChat.last().text).toContain("sudah Anda putuskan");
    expect(
      telegram.calls.filter(
        (call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg),
      ),
    ).toHaveLength(2); // "halo" answer + the one decision
    const audit = (await (await get(admin, "audit")).json()) as {
      entries: { actor: string; action: string; target: string; before?: unknown; after?: unknown }[];
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        actor: `telegram:${adminTg}`,
        action: "registration.approve",
        target: `telegram:${sellerTg}`,
        before: { status: "pending" },
        after: { status: "approved" },
      }),
    );
    const seller = (await table.scanAll()).find(
      (item) => item.pk === `USER#telegram#${sellerTg}` && item.sk === "CONTACT",
    );
    expect(seller?.role).toBe("seller");
  });

  it("rejects a WhatsApp registration with a reason (a petugas may): it reaches the seller on WhatsApp", async () => {
    await pendingSeller("whatsapp", sellerWa, "Tapis Sari");
    const petugas = await signIn(petugasTg);
    expect(
      (
        await postApi(petugas, "registrations/decide", {
          id: `whatsapp:${sellerWa}`,
          decision: "rejected",
          reason: "x",
        })
      ).status,
    ).toBe(400);
    const before = whatsapp.calls.length;
    const response = await postApi(petugas, "registrations/decide", {
      id: `whatsapp:${sellerWa}`,
      decision: "rejected",
      reason: "Alamat usaha di luar kota",
    });
    expect(response.status).toBe(200);
    const toSeller = whatsapp.calls.slice(before).filter((call) => call.payload.to === sellerWa);
    expect(toSeller).toHaveLength(1);
    expect(JSON.stringify(toSeller[0]!.payload)).toContain("Alamat usaha di luar kota");
    const admin = await signIn(adminTg);
    const audit = (await (await get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; after?: unknown }[];
    };
    expect(audit.entries.find((entry) => entry.action === "registration.reject")).toMatchObject({
      action: "registration.reject",
      actor: `telegram:${petugasTg}`,
      after: { status: "rejected", reason: "Alamat usaha di luar kota" },
    });
    expect(
      (await postApi(admin, "registrations/decide", { id: "telegram:1", decision: "approved" })).status,
    ).toBe(404);
  });
});
