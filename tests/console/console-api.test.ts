// The staff console's API through the real HTTP server (node:http), the real bot webhooks on both channels,
// DynamoDB Local and the fake Telegram/WhatsApp APIs: sign-in links, sessions, roles, CSRF, audit and the
// registrations page's approve/reject reaching the seller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdminInProcess } from "../support/admin.js";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const adminTg = 7101;
const petugasTg = 7102;
const removedTg = 7103;
const buyerTg = 7201;
const sellerTg = 7301;
const adminWa = "628111700101";
const buyerWa = "628111700201";
const sellerWa = "628111700301";

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness({
    name: "konsol",
    admins: [adminTg],
    petugas: [petugasTg],
    cliAdmins: [removedTg],
    // https: the session cookie must be Secure (and every link must point there).
    env: { STAFF_WHATSAPP_IDS: adminWa, CONSOLE_BASE_URL: "https://konsol.example.test/" },
  });
});
afterAll(() => h.close());

const linkItems = async () =>
  (await h.table.scanAll()).filter((item) => String(item.pk).startsWith("CONSOLELINK#"));

describe("sign-in links", () => {
  it("gives a non-staff person no link on either channel: the usual answer to an unknown word", async () => {
    const buyer = telegramChat(h.test.app, h.telegram, buyerTg, "Pembeli");
    await buyer.say("/konsol");
    const answer = buyer.last().text;
    await buyer.say("/zzzz");
    expect(answer).toBe(buyer.last().text);
    await buyer.say("konsol");
    expect(buyer.last().text).not.toMatch(/konsol\/masuk|konsol petugas/i);
    const waBuyer = whatsappChat(h.test.app, h.whatsapp, buyerWa, "Pembeli");
    await waBuyer.say("konsol");
    expect(waBuyer.last().text).not.toMatch(/konsol\/masuk|konsol petugas/i);
    await waBuyer.say("/konsol");
    expect(waBuyer.last().text).not.toMatch(/konsol\/masuk/i);
    expect(await linkItems()).toHaveLength(0);
  });

  it("gives staff a one-time link on Telegram and WhatsApp, stored only as a hash", async () => {
    const token = await h.linkToken(adminTg, "konsol");
    const wa = whatsappChat(h.test.app, h.whatsapp, adminWa, "Petugas WA");
    await wa.say("/konsol");
    const waToken = h.linkIn(wa.last().text);
    expect(waToken).toBeDefined();
    const stored = JSON.stringify(await h.table.scanAll());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(waToken!);
    expect(h.test.logs.join("\n")).not.toContain(token);
    const response = await h.login(waToken!);
    expect(response.status).toBe(200);
  });

  it("opens a session with a strict cookie, once per link", async () => {
    const token = await h.linkToken(adminTg);
    const first = await h.login(token);
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^konsol_sid=[A-Za-z0-9_-]{40,}; /);
    for (const flag of ["HttpOnly", "SameSite=Strict", "Secure", "Path=/konsol"])
      expect(cookie).toContain(flag);
    const again = await h.login(token);
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a link after 10 minutes (the injected clock moves on)", async () => {
    const token = await h.linkToken(adminTg);
    h.advance(10 * 60 * 1000 + 1000);
    try {
      expect((await h.login(token)).status).toBe(403);
    } finally {
      h.advance(-(10 * 60 * 1000 + 1000));
    }
    expect((await h.login(token)).status).toBe(200);
  });

  it("refuses a forged or malformed token and bad input", async () => {
    expect((await h.login("A".repeat(43))).status).toBe(403);
    expect((await h.login("../../etc")).status).toBe(400);
    const raw = await fetch(`${h.base}/konsol/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
  });

  it("limits link requests to 5 in 10 minutes per person", async () => {
    const chat = telegramChat(h.test.app, h.telegram, petugasTg, "Petugas");
    h.advance(60 * 60 * 1000);
    try {
      for (let i = 0; i < 5; i++) {
        await chat.say("/konsol");
        expect(h.linkIn(chat.last().text)).toBeDefined();
      }
      await chat.say("/konsol");
      expect(h.linkIn(chat.last().text)).toBeUndefined();
      expect(chat.last().text).toContain("Terlalu banyak");
      h.advance(10 * 60 * 1000 + 1000);
      await chat.say("/konsol");
      expect(h.linkIn(chat.last().text)).toBeDefined();
    } finally {
      h.advance(-(70 * 60 * 1000 + 1000));
    }
  });
});

describe("sessions, roles and CSRF", () => {
  it("answers 401 without a session and serves the page with a strict CSP", async () => {
    expect((await h.get(undefined, "me")).status).toBe(401);
    expect(
      (await h.get({ cookie: "konsol_sid=forged-session-id-0123456789abcdef", csrf: "", role: "" }, "me"))
        .status,
    ).toBe(401);
    const page = await fetch(`${h.base}/konsol`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style|style="|https?:\/\//);
    expect((await fetch(`${h.base}/konsol/static/app.js`)).status).toBe(200);
    expect((await fetch(`${h.base}/konsol/static/../../package.json`)).status).toBe(404);
    const strings = (await (await fetch(`${h.base}/konsol/i18n/en.json`)).json()) as Record<string, string>;
    expect(strings.navRegistrations).toBe("Registrations");
  });

  it("refuses an admin API to a petugas, and allows it to an admin", async () => {
    const petugas = await h.signIn(petugasTg);
    expect(petugas.role).toBe("petugas");
    const refused = await h.get(petugas, "audit");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "admin-only" });
    expect((await h.get(petugas, "registrations")).status).toBe(200);
    const admin = await h.signIn(adminTg);
    expect(admin.role).toBe("admin");
    expect((await h.get(admin, "audit")).status).toBe(200);
  });

  it("refuses a state change with a missing or forged CSRF token", async () => {
    await h.pendingSeller("telegram", "7399", "Warung Csrf");
    const admin = await h.signIn(adminTg);
    const other = await h.signIn(adminTg);
    const body = { id: "telegram:7399", decision: "approved" };
    expect((await h.post(admin, "registrations/decide", body, null)).status).toBe(403);
    expect((await h.post(admin, "registrations/decide", body, "forged-token")).status).toBe(403);
    // Another session's token is no good either.
    expect((await h.post(admin, "registrations/decide", body, other.csrf)).status).toBe(403);
    const form = await fetch(`${h.base}/konsol/api/registrations/decide`, {
      method: "POST",
      headers: {
        cookie: admin.cookie,
        "content-type": "application/x-www-form-urlencoded",
        "x-csrf-token": admin.csrf,
      },
      body: "id=telegram%3A7399&decision=approved",
    });
    expect(form.status).toBe(415);
    const list = (await (await h.get(admin, "registrations?status=pending")).json()) as {
      registrations: { id: string; status: string }[];
    };
    expect(list.registrations.find((r) => r.id === "telegram:7399")?.status).toBe("pending");
  });

  it("ends every session of a person whose staff role is removed", async () => {
    const session = await h.signIn(removedTg);
    expect((await h.get(session, "me")).status).toBe(200);
    const result = await runAdminInProcess(["staff", "remove", `telegram:${removedTg}`], { table: h.table });
    expect(result.code, result.stderr).toBe(0);
    const refused = await h.get(session, "me");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "not-staff" });
    const sessions = (await h.table.scanAll()).filter(
      (item) => item.gsi1pk === `CONSOLESTAFF#telegram#${removedTg}`,
    );
    expect(sessions).toHaveLength(0);
    // And no new link either.
    const chat = telegramChat(h.test.app, h.telegram, removedTg, "Mantan");
    await chat.say("/konsol");
    expect(h.linkIn(chat.last().text)).toBeUndefined();
  });

  it("signs out one session, or every session of the person", async () => {
    const one = await h.signIn(adminTg);
    const two = await h.signIn(adminTg);
    const three = await h.signIn(adminTg);
    const out = await h.post(one, "logout", {});
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await h.get(one, "me")).status).toBe(401);
    expect((await h.get(two, "me")).status).toBe(200);
    expect((await h.post(two, "logout-all", {})).status).toBe(200);
    expect((await h.get(two, "me")).status).toBe(401);
    expect((await h.get(three, "me")).status).toBe(401);
  });
});

describe("registrations", () => {
  it("approves a Telegram registration through the API: the seller hears it, an audit entry is written", async () => {
    await h.pendingSeller("telegram", String(sellerTg), "Keripik Bu Sari");
    const admin = await h.signIn(adminTg);
    const list = (await (await h.get(admin, "registrations?status=pending&q=keripik")).json()) as {
      registrations: { id: string; businessName: string; category: string }[];
    };
    expect(list.registrations).toEqual([
      expect.objectContaining({
        id: `telegram:${sellerTg}`,
        businessName: "Keripik Bu Sari",
        category: "Kuliner",
      }),
    ]);
    const before = h.telegram.calls.length;
    const response = await h.post(admin, "registrations/decide", {
      id: `telegram:${sellerTg}`,
      decision: "approved",
    });
    expect(response.status).toBe(200);
    const toSeller = h.telegram.calls
      .slice(before)
      .filter((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg));
    expect(toSeller).toHaveLength(1);
    expect(String(toSeller[0]!.payload.text)).toContain("DISETUJUI");
    // Exactly once: a second approval (console or chat) finds it decided.
    const again = await h.post(admin, "registrations/decide", {
      id: `telegram:${sellerTg}`,
      decision: "approved",
    });
    expect(again.status).toBe(409);
    const staffChat = telegramChat(h.test.app, h.telegram, adminTg, "Petugas");
    await staffChat.press(`rv:ok:telegram:${sellerTg}`);
    expect(staffChat.last().text).toContain("sudah Anda putuskan");
    expect(
      h.telegram.calls.filter(
        (call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(sellerTg),
      ),
    ).toHaveLength(2); // "halo" answer + the one decision
    const audit = (await (await h.get(admin, "audit")).json()) as {
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
    const seller = (await h.table.scanAll()).find(
      (item) => item.pk === `USER#telegram#${sellerTg}` && item.sk === "CONTACT",
    );
    expect(seller?.role).toBe("seller");
  });

  it("rejects a WhatsApp registration with a reason (a petugas may): it reaches the seller on WhatsApp", async () => {
    await h.pendingSeller("whatsapp", sellerWa, "Tapis Sari");
    const petugas = await h.signIn(petugasTg);
    expect(
      (
        await h.post(petugas, "registrations/decide", {
          id: `whatsapp:${sellerWa}`,
          decision: "rejected",
          reason: "x",
        })
      ).status,
    ).toBe(400);
    const before = h.whatsapp.calls.length;
    const response = await h.post(petugas, "registrations/decide", {
      id: `whatsapp:${sellerWa}`,
      decision: "rejected",
      reason: "Alamat usaha di luar kota",
    });
    expect(response.status).toBe(200);
    const toSeller = h.whatsapp.calls.slice(before).filter((call) => call.payload.to === sellerWa);
    expect(toSeller).toHaveLength(1);
    expect(JSON.stringify(toSeller[0]!.payload)).toContain("Alamat usaha di luar kota");
    const admin = await h.signIn(adminTg);
    const audit = (await (await h.get(admin, "audit")).json()) as {
      entries: { action: string; actor: string; after?: unknown }[];
    };
    expect(audit.entries.find((entry) => entry.action === "registration.reject")).toMatchObject({
      action: "registration.reject",
      actor: `telegram:${petugasTg}`,
      after: { status: "rejected", reason: "Alamat usaha di luar kota" },
    });
    expect(
      (await h.post(admin, "registrations/decide", { id: "telegram:1", decision: "approved" })).status,
    ).toBe(404);
  });
});
