// The staff console over HTTP: the page (/konsol), sign-in (/konsol/masuk) and its JSON API (/konsol/api/*).
// Every API call: the session cookie, the staff role read again from the store, and on a state change the
// session's CSRF token in `x-csrf-token`. Inputs are parsed with zod; bad input is a 400, never a crash.
import * as z from "zod";
import enConsole from "../../../locales/en/console.json" with { type: "json" };
import idConsole from "../../../locales/id/console.json" with { type: "json" };
import type { Language } from "../core/contact.js";
import type { I18n } from "../core/i18n.js";
import type { Clock } from "../core/ports.js";
import { decideRegistration, type RegistrationDecisionDeps } from "../core/registration/decision.js";
import { type Seller, type SellerRepository, sellerStatuses } from "../core/registration/seller.js";
import type { Notification } from "../core/turn.js";
import {
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  isJsonContentType,
  json,
} from "../http/types.js";
import type { Logger } from "../log/logger.js";
import { timingSafeEqualText } from "../security/compare.js";
import type { ConsoleSession, ConsoleStore } from "../store/console-store.js";
import type { ConsoleAccess, ConsoleStaff } from "./access.js";
import { type Assets, loadAssets } from "./assets.js";

export const sessionCookie = "konsol_sid";
export const sessionTtlMs = 12 * 60 * 60 * 1000;

export interface ConsoleHttpDeps {
  readonly store: ConsoleStore;
  readonly access: ConsoleAccess;
  readonly sellers: SellerRepository;
  readonly decision: Omit<RegistrationDecisionDeps, "sellers">;
  readonly i18n: I18n;
  /** Sends a notice to someone on their channel (the outbox retries what the platform refused for now). */
  readonly notify: (notice: Notification, seed: string) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** CONSOLE_BASE_URL: https makes the cookie Secure. */
  readonly baseUrl: string;
  readonly assets?: () => Assets;
}

/** Everything the page loads comes from this server; no inline script or style. */
const pageHeaders = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
};

const apiJson = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => {
  const response = json(status, body);
  return { ...response, headers: { ...response.headers, ...pageHeaders, ...headers } };
};

const loginSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
const listSchema = z.object({
  status: z.enum([...sellerStatuses, "all"]).default("pending"),
  q: z.string().trim().max(100).default(""),
  lang: z.enum(["id", "en"]).default("id"),
});
const decideSchema = z.discriminatedUnion("decision", [
  z.strictObject({ id: z.string().regex(/^(telegram|whatsapp):\d{1,20}$/), decision: z.literal("approved") }),
  z.strictObject({
    id: z.string().regex(/^(telegram|whatsapp):\d{1,20}$/),
    decision: z.literal("rejected"),
    reason: z.string().trim().min(3).max(300),
  }),
]);

function cookieOf(request: HttpRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function readJson(request: HttpRequest): unknown {
  if (!isJsonContentType(request) || !request.headers["content-type"]) return undefined;
  try {
    return JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
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

  type Authed = { readonly id: string; readonly session: ConsoleSession; readonly staff: ConsoleStaff };

  /** The session and the staff member behind it, checked now; a response when refused. */
  async function authenticate(request: HttpRequest, change: boolean): Promise<Authed | HttpResponse> {
    const id = cookieOf(request, sessionCookie);
    const now = clock.now();
    const session = id ? await store.getSession(id, now) : undefined;
    if (!id || !session) return apiJson(401, { error: "not-signed-in" }, { "set-cookie": clearCookie });
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

  const sellerView = (seller: Seller, language: Language) => {
    const t = deps.i18n.t(language);
    return {
      id: seller.id,
      channel: seller.channel,
      status: seller.status,
      businessName: seller.businessName,
      ownerName: seller.ownerName,
      category: t(`registration:category.${seller.category}`),
      kecamatan: seller.kecamatan,
      phone: seller.phone,
      products: seller.products,
      createdAt: seller.createdAt,
      ...(seller.decidedAt ? { decidedAt: seller.decidedAt } : {}),
      ...(seller.rejectionReason ? { rejectionReason: seller.rejectionReason } : {}),
    };
  };

  async function registrations(request: HttpRequest): Promise<HttpResponse> {
    const parsed = listSchema.safeParse(request.query);
    if (!parsed.success) return apiJson(400, { error: "bad-request" });
    const { status, q, lang } = parsed.data;
    const all = await deps.sellers.list(status === "all" ? undefined : status);
    const needle = q.toLocaleLowerCase("id");
    const matching = needle
      ? all.filter((seller) =>
          [seller.businessName, seller.ownerName, seller.kecamatan].some((field) =>
            field.toLocaleLowerCase("id").includes(needle),
          ),
        )
      : all;
    return apiJson(200, { registrations: matching.map((seller) => sellerView(seller, lang)) });
  }

  async function decide(request: HttpRequest, authed: Authed): Promise<HttpResponse> {
    const parsed = decideSchema.safeParse(readJson(request));
    if (!parsed.success) return apiJson(400, { error: "bad-request" });
    const input = parsed.data;
    const { result, notice } = await decideRegistration(
      { ...deps.decision, sellers: deps.sellers },
      {
        id: input.id,
        decision: input.decision,
        ...(input.decision === "rejected" ? { reason: { text: input.reason } } : {}),
        staff: authed.staff.user,
        now: clock.now(),
      },
    );
    if (result.status === "missing") return apiJson(404, { error: "missing" });
    if (result.status === "already")
      return apiJson(409, {
        error: "already",
        businessName: result.seller.businessName,
        status: result.seller.status,
      });
    await audit(
      authed.staff,
      `registration.${input.decision === "approved" ? "approve" : "reject"}`,
      input.id,
      { status: "pending" },
      {
        status: result.seller.status,
        ...(result.seller.rejectionReason ? { reason: result.seller.rejectionReason } : {}),
      },
    );
    // After the decision is stored, like the chat path: the seller hears it on their own channel.
    if (notice) await deps.notify(notice, `console:${input.id}:${result.seller.decidedAt ?? 0}`);
    return apiJson(200, { ok: true, businessName: result.seller.businessName, status: result.seller.status });
  }

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
    if (route === "registrations" && request.method === "GET") return registrations(request);
    if (route === "registrations/decide" && request.method === "POST") return decide(request, authed);
    if (route === "audit" && request.method === "GET") {
      if (staff.role !== "admin") return apiJson(403, { error: "admin-only" });
      return apiJson(200, { entries: await store.listAudit(200) });
    }
    return apiJson(404, { error: "not-found" });
  }

  return async (request) => {
    const path = request.path.replace(/\/+$/, "") || "/";
    if (path.startsWith("/konsol/api/")) return api(request, path.slice("/konsol/api/".length));
    if (request.method !== "GET" && request.method !== "HEAD") return apiJson(405, { error: "method" });
    if (path === "/konsol" || path === "/konsol/masuk") return page();
    const lang = /^\/konsol\/i18n\/(id|en)\.json$/.exec(path)?.[1];
    if (lang) return apiJson(200, (lang === "en" ? enConsole : idConsole).page);
    const asset = /^\/konsol\/static\/([a-z0-9-]+\.(?:js|css|svg))$/.exec(path)?.[1];
    const file = asset ? files().get(asset) : undefined;
    if (file) return { status: 200, headers: { "content-type": file.type, ...pageHeaders }, body: file.body };
    return apiJson(404, { error: "not-found" });
  };
}
