// A fake Telegram Bot API on 127.0.0.1 speaking the real wire format: POST /bot<token>/<method>.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { validateTelegramCall } from "../../scripts/lib/outbound-validator.js";
import { botApiMethods } from "./bot-api-methods.js";
import { reportViolation } from "./outbound-violations.js";

export interface RecordedCall {
  readonly token: string;
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** HTTP status the fake answered (200 = the message was accepted). */
  readonly status?: number;
  /** When the request arrived (Date.now()). */
  readonly at?: number;
  /** Files uploaded in a multipart call, by part name (the payload names them `attach://<name>`). */
  readonly uploads?: Record<string, Buffer>;
}

export interface FakeTelegramOptions {
  /** Enforce a bulk limit like Telegram: more than this many send* calls in any 1 s window -> 429. */
  readonly ratePerSecond?: number;
  /** retry_after (seconds) of the enforced 429s. */
  readonly retryAfterSeconds?: number;
  /** Delay every answer (lets a test kill a worker in the middle of a send). */
  readonly latencyMs?: number;
  /**
   * Validate every call (methods and parameters of bot-api-methods.ts, the documented limits): an invalid one
   * is answered 400 like Telegram does and reported (the test fails). Default true.
   */
  readonly validate?: boolean;
}

/** `delayMs`: answer only after this long (a hanging Bot API; the client may give up first). */
export type FakeResponse = { status: number; body: unknown; delayMs?: number };

export interface FakeTelegramApi {
  readonly url: string;
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** The next calls to `method` get these responses (e.g. a 429 or a 403), in order. */
  failNext(method: string, ...responses: FakeResponse[]): void;
  /** Calls to send* for this chat get these responses, in order (then success); `always` repeats the last. */
  failChat(chatId: string | number, responses: FakeResponse[], options?: { always?: boolean }): void;
  /** 429s the rate-enforcing mode answered. */
  readonly rejected: { count: number };
  /** A file the bot may download (getFile, then GET /file/bot<token>/<file_path>); others are unknown ids. */
  addFile(fileId: string, bytes: Uint8Array): void;
  /** File downloads served (path, token). */
  readonly downloads: { token: string; path: string }[];
  clear(): void;
  close(): Promise<void>;
}

let messageId = 1;

/** A multipart/form-data body (grammY's InputFile uploads): text fields into the payload, files apart. */
function parseMultipart(raw: Buffer, contentType: string) {
  const payload: Record<string, unknown> = {};
  const uploads: Record<string, Buffer> = {};
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return { payload, uploads };
  const delimiter = Buffer.from(`--${boundary}`);
  for (let at = raw.indexOf(delimiter); at !== -1; ) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    const body = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (name && /filename=/.test(head)) uploads[name] = Buffer.from(body);
    else if (name) {
      const text = body.toString("utf8");
      payload[name] = /^[[{]/.test(text) ? JSON.parse(text) : text;
    }
    at = next;
  }
  return { payload, uploads };
}

function resultFor(
  method: string,
  payload: Record<string, unknown>,
  files: Map<string, Uint8Array>,
): unknown {
  if (method === "getFile") {
    const fileId = String(payload.file_id);
    return {
      file_id: fileId,
      file_unique_id: `u${fileId.length}`,
      file_size: files.get(fileId)?.length ?? 0,
      file_path: `photos/${fileId}`,
    };
  }
  if (method === "getMe") {
    return { id: 123, is_bot: true, first_name: "Fake", username: "fake_bot", can_join_groups: false };
  }
  if (method.startsWith("send")) {
    return {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(payload.chat_id), type: "private", first_name: "User" },
      ...(typeof payload.text === "string" ? { text: payload.text } : {}),
    };
  }
  if (method === "getUpdates") return [];
  return true;
}

export const telegramErrors = {
  tooManyRequests: (retryAfter = 1): FakeResponse => ({
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    },
  }),
  blocked: (): FakeResponse => ({
    status: 403,
    body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
  }),
  serverError: (): FakeResponse => ({
    status: 500,
    body: { ok: false, error_code: 500, description: "Internal Server Error" },
  }),
};

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Like Telegram: a payload holding half an emoji (a lone surrogate in any string) is refused whole. */
function refuseInvalidUtf16(payload: unknown): FakeResponse | undefined {
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(payload);
  if (!strings.some((text) => loneSurrogate.test(text))) return undefined;
  return {
    status: 400,
    body: { ok: false, error_code: 400, description: "Bad Request: strings must be encoded in UTF-8" },
  };
}

export async function startFakeTelegramApi(options: FakeTelegramOptions = {}): Promise<FakeTelegramApi> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, FakeResponse[]>();
  const chatFailures = new Map<string, { responses: FakeResponse[]; always: boolean }>();
  const recentSends: number[] = [];
  const rejected = { count: 0 };
  const files = new Map<string, Uint8Array>();
  const downloads: { token: string; path: string }[] = [];
  const enforced = (): FakeResponse | undefined => {
    if (!options.ratePerSecond) return undefined;
    const now = Date.now();
    while (recentSends.length && recentSends[0]! <= now - 1000) recentSends.shift();
    if (recentSends.length >= options.ratePerSecond) {
      rejected.count++;
      return telegramErrors.tooManyRequests(options.retryAfterSeconds ?? 1);
    }
    recentSends.push(now);
    return undefined;
  };
  const forChat = (method: string, payload: Record<string, unknown>): FakeResponse | undefined => {
    if (!method.startsWith("send")) return undefined;
    const entry = chatFailures.get(String(payload.chat_id));
    if (!entry?.responses.length) return undefined;
    return entry.always && entry.responses.length === 1 ? entry.responses[0] : entry.responses.shift();
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const download = /^\/file\/bot([^/]+)\/photos\/(.+)$/.exec(pathname);
    if (download && req.method === "GET") {
      const bytes = files.get(decodeURIComponent(download[2]!));
      downloads.push({ token: download[1]!, path: `photos/${download[2]}` });
      res.writeHead(bytes ? 200 : 404, { "content-type": bytes ? "application/octet-stream" : "text/plain" });
      res.end(bytes ?? "Not Found");
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(pathname);
    if (!match) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
      return;
    }
    const [, token = "", method = ""] = match;
    const raw = Buffer.concat(chunks).toString("utf8");
    const contentType = req.headers["content-type"] ?? "";
    let payload: Record<string, unknown> = {};
    let uploads: Record<string, Buffer> | undefined;
    if (contentType.includes("json") && raw) payload = JSON.parse(raw);
    if (contentType.startsWith("multipart/form-data"))
      ({ payload, uploads } = parseMultipart(Buffer.concat(chunks), contentType));
    const at = Date.now();
    const problems = options.validate === false ? [] : validateTelegramCall(method, payload, botApiMethods);
    if (problems.length) reportViolation("Telegram", problems);
    const unknownFile =
      method === "getFile" && !files.has(String(payload.file_id))
        ? { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: invalid file_id" } }
        : undefined;
    const programmed =
      unknownFile ??
      refuseInvalidUtf16(payload) ??
      failures.get(method)?.shift() ??
      forChat(method, payload) ??
      (method.startsWith("send") ? enforced() : undefined);
    const refused = problems.length
      ? { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${problems[0]}` } }
      : undefined;
    const response = refused ??
      programmed ?? { status: 200, body: { ok: true, result: resultFor(method, payload, files) } };
    const delay = (options.latencyMs ?? 0) + ((response as FakeResponse).delayMs ?? 0);
    if (delay) await new Promise((done) => setTimeout(done, delay));
    calls.push({ token, method, payload, status: response.status, at, ...(uploads ? { uploads } : {}) });
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(JSON.stringify(response.body));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    failNext: (method, ...responses) => failures.set(method, [...(failures.get(method) ?? []), ...responses]),
    failChat: (chatId, responses, chatOptions = {}) =>
      chatFailures.set(String(chatId), { responses: [...responses], always: chatOptions.always ?? false }),
    rejected,
    addFile: (fileId, bytes) => files.set(fileId, bytes),
    downloads,
    clear: () => {
      downloads.length = 0;
      calls.length = 0;
      failures.clear();
      chatFailures.clear();
      recentSends.length = 0;
      rejected.count = 0;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
