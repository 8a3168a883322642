// Built-in fake Telegram Bot API and WhatsApp Graph API: the production HTTP clients (grammY, graph-client)
// call these over real HTTP; every send lands in the simulator's transcript and on the page.
import type { HttpRequest } from "../../functions/lib/http/types.js";
import type { Hub } from "./hub.js";
import { type PhotoResolver, telegramCallView, whatsappPayloadView } from "./view.js";

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export const jsonResponse = (status: number, body: unknown): SimResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(body),
});

export const telegramApiPrefix = "/sim/telegram";
export const graphApiPrefix = "/sim/graph";

export interface FakeTelegramOptions {
  readonly hub: Hub;
  readonly token: string;
  readonly botUsername: string;
  readonly resolvePhoto: PhotoResolver;
}

function parseJsonBody(request: HttpRequest): Record<string, unknown> | undefined {
  const raw = request.rawBody.toString("utf8");
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** POST /sim/telegram/bot<token>/<method>, answered like the Bot API (`{ ok, result }`). */
export function createFakeTelegramApi(options: FakeTelegramOptions) {
  const { hub, token } = options;
  const botId = Number(token.split(":")[0]);
  const messageIds = new Map<string, number>();
  const fail = (status: number, description: string) =>
    jsonResponse(status, { ok: false, error_code: status, description });

  return async (request: HttpRequest): Promise<SimResponse> => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path.slice(telegramApiPrefix.length));
    if (!match) return fail(404, "Not Found");
    const [, given = "", method = ""] = match;
    if (given !== token) return fail(401, "Unauthorized");
    const payload = parseJsonBody(request);
    if (!payload) return fail(400, "Bad Request: the simulator understands JSON bodies only");
    const ok = (result: unknown) => jsonResponse(200, { ok: true, result });

    switch (method) {
      case "getMe":
        return ok({ id: botId, is_bot: true, first_name: "Layanan UMKM", username: options.botUsername });
      case "answerCallbackQuery":
      case "setWebhook":
      case "deleteWebhook":
      case "setMyCommands":
        return ok(true);
      case "getUpdates":
        return ok([]);
    }
    const chatId = String(payload.chat_id ?? "");
    if (!/^-?\d+$/.test(chatId)) return fail(400, "Bad Request: chat_id is empty");
    const persona = hub.personaFor("telegram", chatId);
    const messageId = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, messageId);
    hub.record({
      persona: persona.key,
      channel: "telegram",
      from: "bot",
      view: telegramCallView(method, payload, options.resolvePhoto),
      wire: { what: `Bot API ${method}`, payload },
      platformId: String(messageId),
    });
    return ok({
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(chatId), type: "private", first_name: persona.name },
      from: { id: botId, is_bot: true, first_name: "Layanan UMKM", username: options.botUsername },
      ...(typeof payload.text === "string" ? { text: payload.text } : {}),
    });
  };
}

export interface FakeGraphOptions {
  readonly hub: Hub;
  readonly token: string;
  readonly phoneNumberId: string;
  readonly resolvePhoto: PhotoResolver;
}

const graphError = (status: number, code: number, message: string) =>
  jsonResponse(status, {
    error: { message, type: "OAuthException", code, fbtrace_id: "SIMULATOR" },
  });

/** POST /sim/graph/<version>/<phone-number-id>/messages, answered like the Cloud API. */
export function createFakeGraphApi(options: FakeGraphOptions) {
  const { hub } = options;
  let sequence = 0;
  return async (request: HttpRequest): Promise<SimResponse> => {
    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(request.path.slice(graphApiPrefix.length));
    if (request.method !== "POST" || !match) return graphError(404, 100, "Unknown path components");
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return graphError(401, 190, "Invalid OAuth access token");
    if (match[2] !== options.phoneNumberId) return graphError(400, 100, "Unsupported post request");
    const payload = parseJsonBody(request);
    if (payload?.messaging_product !== "whatsapp" || typeof payload.to !== "string")
      return graphError(400, 100, "Invalid parameter");
    const persona = hub.personaFor("whatsapp", payload.to);
    const wamid = `wamid.SIMOUT${Date.now().toString(36)}${(++sequence).toString(36)}`;
    hub.record({
      persona: persona.key,
      channel: "whatsapp",
      from: "bot",
      view: whatsappPayloadView(payload, options.resolvePhoto),
      wire: { what: `Graph API POST /${match[1]}/${match[2]}/messages`, payload },
      platformId: wamid,
    });
    return jsonResponse(200, {
      messaging_product: "whatsapp",
      contacts: [{ input: payload.to, wa_id: payload.to }],
      messages: [{ id: wamid }],
    });
  };
}
