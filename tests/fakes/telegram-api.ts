// A fake Telegram Bot API on 127.0.0.1 speaking the real wire format: POST /bot<token>/<method>.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  readonly token: string;
  readonly method: string;
  readonly payload: Record<string, unknown>;
}

export type FakeResponse = { status: number; body: unknown };

export interface FakeTelegramApi {
  readonly url: string;
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** The next calls to `method` get these responses (e.g. a 429 or a 403), in order. */
  failNext(method: string, ...responses: FakeResponse[]): void;
  clear(): void;
  close(): Promise<void>;
}

let messageId = 1;

function resultFor(method: string, payload: Record<string, unknown>): unknown {
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

export async function startFakeTelegramApi(): Promise<FakeTelegramApi> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, FakeResponse[]>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
      return;
    }
    const [, token = "", method = ""] = match;
    const raw = Buffer.concat(chunks).toString("utf8");
    let payload: Record<string, unknown> = {};
    if ((req.headers["content-type"] ?? "").includes("json") && raw) payload = JSON.parse(raw);
    calls.push({ token, method, payload });
    const programmed = failures.get(method)?.shift();
    const response = programmed ?? { status: 200, body: { ok: true, result: resultFor(method, payload) } };
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
    clear: () => {
      calls.length = 0;
      failures.clear();
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
