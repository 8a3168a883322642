// The simulator's HTTP side: the page and its API (/ and /sim/*), the fake platform APIs, live events
// (Server-Sent Events), and every other route (/health, /telegram, /whatsapp) handed to the real app.

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { extname, join } from "node:path";
import * as z from "zod";
import type { App } from "../../functions/lib/app/create-app.js";
import { parseRequestTarget } from "../../functions/lib/http/node-server.js";
import { type HttpRequest, maxBodyBytes } from "../../functions/lib/http/types.js";
import { createDemoPromos } from "./demo-promos.js";
import {
  createFakeGraphApi,
  createFakeTelegramApi,
  graphApiPrefix,
  jsonResponse,
  type SimResponse,
  telegramApiPrefix,
} from "./fake-platforms.js";
import type { Hub } from "./hub.js";
import type { Persona } from "./personas.js";
import type { createStaffPanel } from "./staff-panel.js";
import type { MessageView } from "./view.js";
import {
  sampleLocation,
  signWhatsAppBody,
  telegramUpdate,
  type UserAction,
  whatsappMessage,
  whatsappNotification,
} from "./wire.js";

export interface SimulatorCredentials {
  readonly telegramToken: string;
  readonly telegramWebhookSecret: string;
  readonly whatsappToken: string;
  readonly whatsappAppSecret: string;
  readonly whatsappVerifyToken: string;
  readonly whatsappPhoneNumberId: string;
  readonly whatsappDisplayPhoneNumber: string;
}

export interface SimulatorHandlerOptions {
  readonly app: App;
  readonly hub: Hub;
  readonly credentials: SimulatorCredentials;
  /** Where the server reaches itself (webhook POSTs go through real HTTP). */
  readonly selfUrl: string;
  readonly panel: ReturnType<typeof createStaffPanel>;
}

export const publicDir = new URL("./public/", import.meta.url).pathname;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Everything the page loads comes from here: no CDN, nothing downloaded at run time. */
const pageSecurity = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function loadStatic(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else {
        const type = contentTypes[extname(entry.name)];
        if (type) files.set(`${prefix}${entry.name}`, { type, body: readFileSync(path) });
      }
    }
  };
  walk(publicDir, "");
  return files;
}

export const sampleNames = ["keripik", "kopi", "tapis"] as const;

const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().trim().min(1).max(4096) }),
  z.object({
    type: z.literal("choice"),
    id: z.string().min(1).max(256),
    label: z.string().max(256),
    kind: z.enum(["button", "list"]).optional(),
    /** The bot message whose button was pressed (Telegram message_id / WhatsApp wamid). */
    messageId: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal("contact") }),
  z.object({ type: z.literal("location") }),
  z.object({
    type: z.literal("photo"),
    sample: z.enum(sampleNames).optional(),
    dataUrl: z
      .string()
      .max(6_000_000)
      .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, "a PNG, JPEG, GIF or WebP image")
      .optional(),
    caption: z.string().max(1024).optional(),
  }),
]);

const sendSchema = z.object({ persona: z.string().max(100), action: actionSchema });
const buyerSchema = z.object({ channel: z.enum(["telegram", "whatsapp"]) });

let mediaSequence = 0;

export function createSimulatorHandler(options: SimulatorHandlerOptions) {
  const { app, hub, credentials, selfUrl, panel } = options;
  const files = loadStatic();
  const resolvePhoto = (reference: string) =>
    hub.media(reference) ? `/sim/media/${encodeURIComponent(reference)}` : undefined;
  const fakeTelegram = createFakeTelegramApi({
    hub,
    token: credentials.telegramToken,
    botUsername: app.config.telegram.botUsername,
    resolvePhoto,
  });
  const fakeGraph = createFakeGraphApi({
    hub,
    token: credentials.whatsappToken,
    phoneNumberId: credentials.whatsappPhoneNumberId,
    resolvePhoto,
  });

  const storeMedia = (persona: Persona, action: Extract<z.infer<typeof actionSchema>, { type: "photo" }>) => {
    const id =
      persona.channel === "telegram"
        ? `AgACAgSIM${(++mediaSequence).toString(36)}${randomBytes(6).toString("hex")}`
        : `${Date.now()}${++mediaSequence}`;
    if (action.dataUrl) {
      const [, type = "png", data = ""] = /^data:image\/([a-z]+);base64,(.*)$/.exec(action.dataUrl) ?? [];
      hub.addMedia(id, { contentType: `image/${type}`, bytes: Buffer.from(data, "base64") });
    } else {
      const file = files.get(`samples/${action.sample ?? "keripik"}.svg`);
      if (!file) throw new Error("sample image missing");
      hub.addMedia(id, { contentType: file.type, bytes: file.body });
    }
    return id;
  };

  const userView = (persona: Persona, action: UserAction): MessageView => {
    switch (action.type) {
      case "text":
        return { text: [{ text: action.text }] };
      case "choice":
        return persona.channel === "telegram"
          ? { pressed: action.label }
          : { text: [{ text: action.label }] };
      case "contact":
        return { contact: { name: persona.name, phone: `+${persona.phone}` } };
      case "location":
        return { location: { ...sampleLocation } };
      case "photo":
        return {
          photo: { src: `/sim/media/${encodeURIComponent(action.mediaId)}`, alt: "Foto yang dikirim" },
          ...(action.caption ? { text: [{ text: action.caption }] } : {}),
        };
    }
  };

  /** The person's action as the platform would deliver it, POSTed to the app's own webhook route. */
  const deliver = async (persona: Persona, input: z.infer<typeof actionSchema>) => {
    const action: UserAction =
      input.type === "photo"
        ? {
            type: "photo",
            mediaId: storeMedia(persona, input),
            ...(input.caption?.trim() ? { caption: input.caption.trim() } : {}),
          }
        : input;
    const messageId = input.type === "choice" ? input.messageId : undefined;
    let path: string;
    let raw: string;
    let headers: Record<string, string>;
    if (persona.channel === "telegram") {
      const update = telegramUpdate(persona, action, {
        ...(messageId && /^\d+$/.test(messageId) ? { messageId: Number(messageId) } : {}),
        botId: Number(credentials.telegramToken.split(":")[0]),
        botUsername: app.config.telegram.botUsername,
      });
      path = "/telegram";
      raw = JSON.stringify(update);
      headers = { "x-telegram-bot-api-secret-token": credentials.telegramWebhookSecret };
    } else {
      const context = {
        phoneNumberId: credentials.whatsappPhoneNumberId,
        displayPhoneNumber: credentials.whatsappDisplayPhoneNumber,
        ...(messageId ? { contextMessageId: messageId } : {}),
      };
      raw = JSON.stringify(whatsappNotification(persona, whatsappMessage(persona, action, context), context));
      path = "/whatsapp";
      headers = { "x-hub-signature-256": signWhatsAppBody(raw, credentials.whatsappAppSecret) };
    }
    hub.record({
      persona: persona.key,
      channel: persona.channel,
      from: "user",
      view: userView(persona, action),
      wire: { what: `POST ${path}`, payload: { headers, body: JSON.parse(raw) } },
    });
    const response = await fetch(`${selfUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: raw,
    });
    const body = await response.text();
    hub.changed("send");
    return { status: response.status, ...(response.ok ? {} : { error: body.slice(0, 200) }) };
  };

  const readJson = (request: HttpRequest): unknown => {
    if (!(request.headers["content-type"] ?? "").includes("application/json")) return undefined;
    try {
      return JSON.parse(request.rawBody.toString("utf8"));
    } catch {
      return undefined;
    }
  };

  const api = async (request: HttpRequest, path: string): Promise<SimResponse> => {
    if (path === "/sim/api/state" && request.method === "GET")
      return jsonResponse(200, { personas: hub.personas, entries: hub.entries() });
    if (path === "/sim/api/staff" && request.method === "GET") return jsonResponse(200, await panel.read());
    if (request.method !== "POST") return jsonResponse(405, { error: "method not allowed" });
    // JSON only: a cross-site form cannot post here without a CORS preflight we never grant.
    const body = readJson(request);
    if (body === undefined) return jsonResponse(415, { error: "send JSON (content-type: application/json)" });
    if (path === "/sim/api/send") {
      const parsed = sendSchema.safeParse(body);
      if (!parsed.success) return jsonResponse(400, { error: parsed.error.issues[0]?.message });
      const persona = hub.persona(parsed.data.persona);
      if (!persona) return jsonResponse(404, { error: "unknown persona" });
      return jsonResponse(200, await deliver(persona, parsed.data.action));
    }
    if (path === "/sim/api/buyer") {
      const parsed = buyerSchema.safeParse(body);
      if (!parsed.success) return jsonResponse(400, { error: "channel must be telegram or whatsapp" });
      return jsonResponse(200, hub.renewBuyer(parsed.data.channel));
    }
    if (path === "/sim/api/digest") {
      const run = panel.hooks.runDigestNow;
      if (!run) return jsonResponse(404, { error: "the weekend digest is not available in this version" });
      const result = await run();
      hub.changed("digest");
      return jsonResponse(200, result);
    }
    if (path === "/sim/api/demo-promos") {
      const result = await createDemoPromos({
        documentClient: app.documentClient,
        tableName: app.config.tableName,
        clock: app.clock,
        cutoff: app.config.promo.cutoff,
      }).seed();
      hub.changed("demo-promos");
      return jsonResponse(200, result);
    }
    return jsonResponse(404, { error: "not found" });
  };

  return async (request: HttpRequest): Promise<SimResponse> => {
    const path = request.path;
    if (path === "/" || path === "/index.html") {
      const page = files.get("index.html")!;
      return { status: 200, headers: { "content-type": page.type, ...pageSecurity }, body: page.body };
    }
    if (path.startsWith("/sim/static/")) {
      const file = files.get(path.slice("/sim/static/".length));
      if (!file) return jsonResponse(404, { error: "not found" });
      return { status: 200, headers: { "content-type": file.type, ...pageSecurity }, body: file.body };
    }
    if (path.startsWith("/sim/media/")) {
      const media = hub.media(decodeURIComponent(path.slice("/sim/media/".length)));
      if (!media) return jsonResponse(404, { error: "not found" });
      return {
        status: 200,
        headers: {
          "content-type": media.contentType,
          ...pageSecurity,
          "content-security-policy": "default-src 'none'",
        },
        body: media.bytes,
      };
    }
    if (path.startsWith(`${telegramApiPrefix}/`)) return fakeTelegram(request);
    if (path.startsWith(`${graphApiPrefix}/`)) return fakeGraph(request);
    if (path.startsWith("/sim/api/")) return api(request, path);
    return app.http(request);
  };
}

class BodyTooLargeError extends Error {}

async function readRequest(
  request: IncomingMessage,
  limit: number,
  target: { path: string; query: Record<string, string> },
): Promise<HttpRequest> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return {
    method: (request.method ?? "GET").toUpperCase(),
    path: target.path,
    headers,
    query: target.query,
    rawBody: Buffer.concat(chunks),
  };
}

/** A node:http server for the simulator: /sim/events streams, everything else goes through `handler`. */
export function createSimulatorServer(
  hub: Hub,
  handler: () => ((request: HttpRequest) => Promise<SimResponse>) | undefined,
  onError: (error: unknown, path: string) => void,
): Server {
  return createServer(async (req, res) => {
    const target = parseRequestTarget(req.url ?? "/");
    if (!target) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("bad request");
      req.resume();
      return;
    }
    const path = target.path;
    if (path === "/sim/events" && req.method === "GET") {
      hub.subscribe(res);
      return;
    }
    try {
      const current = handler();
      if (!current) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("starting");
        return;
      }
      // The app's own routes keep production's body limit; the simulator API takes photos.
      const request = await readRequest(
        req,
        path.startsWith("/sim/api/") ? 8 * 1024 * 1024 : maxBodyBytes,
        target,
      );
      const response = await current(request);
      res.writeHead(response.status, { ...response.headers });
      res.end(response.body ?? "");
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.writeHead(413, { "content-type": "text/plain" }).end("payload too large");
        req.resume();
        return;
      }
      onError(error, path);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    }
  });
}
