// The staff console over HTTP: the page (/konsol), sign-in (/konsol/masuk) and its JSON API (/konsol/api/*).
// Every API call: the session cookie, the staff role read again from the store, and on a state change the
// session's CSRF token in `x-csrf-token`. Inputs are parsed with zod; bad input is a 400, never a crash.
import * as z from "zod";
import enConsole from "../../../locales/en/console.json" with { type: "json" };
import idConsole from "../../../locales/id/console.json" with { type: "json" };
import type { Clock } from "../core/ports.js";
import type { HttpHandler, HttpRequest, HttpResponse } from "../http/types.js";
import type { Logger } from "../log/logger.js";
import { timingSafeEqualText } from "../security/compare.js";
import type { ConsoleRateLimit } from "../store/console-rate-limit.js";
import type { ConsoleSession, ConsoleStore } from "../store/console-store.js";
import type { ConsoleAccess, ConsoleStaff } from "./access.js";
import { type Assets, loadAssets } from "./assets.js";
import { apiJson, pageHeaders, readJson } from "./respond.js";
import type { ConsoleCall, ConsolePage, ConsoleRoute } from "./route.js";

export const sessionCookie = "konsol_sid";
export const sessionTtlMs = 12 * 60 * 60 * 1000;

export interface ConsoleHttpDeps {
  readonly store: ConsoleStore;
  readonly access: ConsoleAccess;
  /** The pages' API routes and strings (functions/lib/app/console-pages.ts). */
  readonly pages: readonly ConsolePage[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** CONSOLE_BASE_URL: https makes the cookie Secure. */
  readonly baseUrl: string;
  readonly assets?: () => Assets;
  /** API calls per session and sign-ins per client address, per minute (429 past them). */
  readonly rate?: {
    readonly limit: ConsoleRateLimit;
    readonly apiPerMinute: number;
    readonly loginPerMinute: number;
  };
}

const loginSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

function cookieOf(request: HttpRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

export function createConsoleHttp(deps: ConsoleHttpDeps): HttpHandler {
  const { store, access, clock, logger } = deps;
  const secure = deps.baseUrl.startsWith("https://");
  let assets: Assets | undefined;
  const files = () => {
    assets ??= (deps.assets ?? loadAssets)();
    return assets;
  };
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${sessionCookie}=${value}; Path=/konsol; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
  const clearCookie = cookie("", 0);
  const actorOf = (staff: ConsoleStaff) => `${staff.user.channel}:${staff.user.userId}`;

  const page = (): HttpResponse => {
    const index = files().get("index.html");
    if (!index) return apiJson(500, { error: "console page missing" });
    return { status: 200, headers: { "content-type": index.type, ...pageHeaders }, body: index.body };
  };

  /** A 429 with Retry-After when `key` has used up its minute; undefined when the call may go on. */
  async function limited(key: string, max: number): Promise<HttpResponse | undefined> {
    if (!deps.rate) return undefined;
    const outcome = await deps.rate.limit.take(key, clock.now(), { max, windowMs: 60_000 });
    if (outcome.allowed) return undefined;
    logger.warn("console.rate_limited", { kind: key.split(":")[0] });
    const seconds = String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)));
    return apiJson(429, { error: "rate-limited" }, { "retry-after": seconds });
  }

  type Authed = { readonly id: string; readonly session: ConsoleSession; readonly staff: ConsoleStaff };

  /** The session and the staff member behind it, checked now; a response when refused. */
  async function authenticate(request: HttpRequest, change: boolean): Promise<Authed | HttpResponse> {
    const id = cookieOf(request, sessionCookie);
    const now = clock.now();
    const session = id ? await store.getSession(id, now) : undefined;
    if (!id || !session) return apiJson(401, { error: "not-signed-in" }, { "set-cookie": clearCookie });
    const refused = await limited(`session:${id}`, deps.rate?.apiPerMinute ?? 0);
    if (refused) return refused;
    const staff = await access.staffOf(session.user);
    if (!staff) {
      // The role was taken away: every session of the person ends now.
      await store.deleteSessionsOf(session.user);
      await store.deleteSession(id);
      logger.info("console.session_revoked", { channel: session.user.channel });
      return apiJson(401, { error: "not-staff" }, { "set-cookie": clearCookie });
    }
    if (change) {
      const given = request.headers["x-csrf-token"];
      if (!given || !timingSafeEqualText(given, session.csrf)) {
        logger.warn("console.csrf_refused", { channel: session.user.channel });
        return apiJson(403, { error: "csrf" });
      }
    }
    return { id, session, staff };
  }

  const audit = (staff: ConsoleStaff, action: string, target: string, before?: unknown, after?: unknown) =>
    store.appendAudit({
      at: clock.now().getTime(),
      actor: actorOf(staff),
      action,
      target,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });

  async function login(request: HttpRequest): Promise<HttpResponse> {
    // Guessing tokens from one address is slowed down before any lookup.
    const refused = await limited(`login:${request.sourceIp ?? "unknown"}`, deps.rate?.loginPerMinute ?? 0);
    if (refused) return refused;
    const parsed = loginSchema.safeParse(readJson(request));
    if (!parsed.success) return apiJson(400, { error: "bad-request" });
    const now = clock.now();
    const user = await store.consumeLink(parsed.data.token, now);
    // Unknown, used, expired, or no longer staff: the same answer.
    const staff = user ? await access.staffOf(user) : undefined;
    if (!staff) {
      logger.info("console.link_refused", { known: !!user });
      return apiJson(403, { error: "link-invalid" });
    }
    const { id } = await store.createSession(staff.user, now, sessionTtlMs);
    await audit(staff, "session.login", actorOf(staff));
    logger.info("console.signed_in", { channel: staff.user.channel, role: staff.role });
    return apiJson(200, { ok: true }, { "set-cookie": cookie(id, sessionTtlMs / 1000) });
  }

  const routes = new Map<string, ConsoleRoute>();
  for (const page of deps.pages)
    for (const route of page.routes) {
      const key = `${route.method} ${route.path}`;
      if (routes.has(key)) throw new Error(`console route defined twice: ${key}`);
      routes.set(key, route);
    }
  const strings = (language: "id" | "en") => {
    const merged: Record<string, unknown> = { ...(language === "en" ? enConsole : idConsole).page };
    for (const page of deps.pages) if (page.strings) merged[page.id] = page.strings[language];
    return merged;
  };

  async function api(request: HttpRequest, route: string): Promise<HttpResponse> {
    if (route === "login" && request.method === "POST") return login(request);
    const change = request.method !== "GET";
    // A state change must be JSON: a cross-site form cannot send it without a CORS preflight.
    if (change && readJson(request) === undefined) return apiJson(415, { error: "expected-json" });
    const authed = await authenticate(request, change);
    if (!("staff" in authed)) return authed;
    const { staff } = authed;
    if (route === "me" && request.method === "GET")
      return apiJson(200, {
        user: actorOf(staff),
        name: staff.name ?? actorOf(staff),
        role: staff.role,
        csrf: authed.session.csrf,
        expiresAt: authed.session.expiresAtMs,
        // The server's (injected) clock: the page's "today" follows it, not the browser's.
        now: clock.now().getTime(),
      });
    if (route === "logout" && request.method === "POST") {
      await store.deleteSession(authed.id);
      await audit(staff, "session.logout", actorOf(staff));
      return apiJson(200, { ok: true }, { "set-cookie": clearCookie });
    }
    if (route === "logout-all" && request.method === "POST") {
      const ended = await store.deleteSessionsOf(staff.user);
      await store.deleteSession(authed.id);
      await audit(staff, "session.logout_all", actorOf(staff), undefined, { ended });
      return apiJson(200, { ok: true, ended }, { "set-cookie": clearCookie });
    }
    const found = routes.get(`${request.method} ${route}`);
    if (!found) return apiJson(404, { error: "not-found" });
    if (found.adminOnly && staff.role !== "admin") return apiJson(403, { error: "admin-only" });
    const call: ConsoleCall = {
      request,
      staff,
      session: authed.session,
      body: change ? readJson(request) : undefined,
      query: request.query,
      language: request.query.lang === "en" ? "en" : "id",
      actor: actorOf(staff),
      audit: (action, target, before, after) => audit(staff, action, target, before, after),
    };
    return found.handle(call);
  }

  return async (request) => {
    const path = request.path.replace(/\/+$/, "") || "/";
    if (path.startsWith("/konsol/api/")) return api(request, path.slice("/konsol/api/".length));
    if (request.method !== "GET" && request.method !== "HEAD") return apiJson(405, { error: "method" });
    if (path === "/konsol" || path === "/konsol/masuk") return page();
    const lang = /^\/konsol\/i18n\/(id|en)\.json$/.exec(path)?.[1];
    if (lang) return apiJson(200, strings(lang === "en" ? "en" : "id"));
    const asset = /^\/konsol\/static\/([a-z0-9-]+\.(?:js|css|svg))$/.exec(path)?.[1];
    const file = asset ? files().get(asset) : undefined;
    if (file) return { status: 200, headers: { "content-type": file.type, ...pageHeaders }, body: file.body };
    return apiJson(404, { error: "not-found" });
  };
}
