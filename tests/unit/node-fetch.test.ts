// nodeFetch (functions/lib/http/node-fetch.ts) against real node:http servers on 127.0.0.1: what grammY, the
// Graph client and the Telegram file reader rely on (bodies, status, headers, aborts, errors, keep-alive).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, HttpError, InputFile } from "grammy/web";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { telegramClientOptions } from "../../functions/lib/channels/telegram/client-options.js";
import { nodeFetch } from "../../functions/lib/http/node-fetch.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { telegramToken } from "../support/app.js";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly remotePort: number;
}

const seen: Seen[] = [];
const connections = { count: 0 };
/** Requests the server holds without answering (the abort test), and whether each was closed early. */
const held: { request: IncomingMessage; closed: boolean }[] = [];
let server: Server;
let base = "";
let tg: FakeTelegramApi;

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const path = request.url ?? "/";
    if (path === "/hold") {
      const entry = { request, closed: false };
      held.push(entry);
      request.on("close", () => {
        entry.closed = true;
      });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({
      method: request.method ?? "",
      url: path,
      headers: request.headers,
      body: Buffer.concat(chunks),
      remotePort: request.socket.remotePort ?? 0,
    });
    if (path === "/moved") {
      response.writeHead(302, { location: "/elsewhere" });
      response.end();
      return;
    }
    if (path === "/cut") {
      // The connection dies mid-body.
      response.writeHead(200, { "content-length": "100" });
      response.write("abc");
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    }
    if (path === "/bytes") {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.end(Buffer.from([0xff, 0xd8, 0x00, 0x01]));
      return;
    }
    response.writeHead(201, "Made", { "content-type": "application/json", "x-trace": "abc" });
    response.end(JSON.stringify({ got: Buffer.concat(chunks).toString("utf8") }));
  });
  server.on("connection", () => connections.count++);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tg = await startFakeTelegramApi();
});

afterEach(() => {
  seen.length = 0;
  tg.clear();
});

afterAll(async () => {
  for (const { request } of held) request.socket.destroy();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await tg.close();
});

describe("nodeFetch", () => {
  it("posts a JSON string and answers status, status text, headers and the JSON body", async () => {
    const response = await nodeFetch(`${base}/json`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: JSON.stringify({ hello: "dunia ✓" }),
    });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.headers.get("X-Trace")).toBe("abc");
    expect(response.headers.get("x-missing")).toBeNull();
    expect(await response.json()).toEqual({ got: '{"hello":"dunia ✓"}' });
    expect(response.bodyUsed).toBe(true);
    // The body is read once, like fetch.
    await expect(response.text()).rejects.toThrow(TypeError);
    const request = seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.headers.authorization).toBe("Bearer t");
    expect(request.headers["content-length"]).toBe(String(Buffer.byteLength('{"hello":"dunia ✓"}')));
  });

  it("answers the body as bytes (the Telegram file download) and GETs without a body", async () => {
    const response = await nodeFetch(`${base}/bytes`);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0xff, 0xd8, 0x00, 0x01]);
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.body.length).toBe(0);
  });

  it("streams a ReadableStream or async iterable body chunked, without a content-length", async () => {
    const encoder = new TextEncoder();
    async function* parts() {
      yield encoder.encode("satu,");
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield encoder.encode("dua");
    }
    await (await nodeFetch(`${base}/iterable`, { method: "POST", body: parts() })).text();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("tiga,"));
        controller.enqueue(new Uint8Array(70_000).fill(65));
        controller.close();
      },
    });
    await (await nodeFetch(`${base}/stream`, { method: "POST", body: stream })).text();
    expect(seen.map((request) => request.headers["transfer-encoding"])).toEqual(["chunked", "chunked"]);
    expect(seen.map((request) => request.headers["content-length"])).toEqual([undefined, undefined]);
    expect(seen[0]!.body.toString()).toBe("satu,dua");
    expect(seen[1]!.body.length).toBe(5 + 70_000);
  });

  it("a connection cut mid-body rejects the body read with a TypeError whose cause is the socket error", async () => {
    const response = await nodeFetch(`${base}/cut`);
    expect(response.status).toBe(200);
    const error = await response.text().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
  });

  it("does not follow redirects: the 3xx is the answer", async () => {
    const response = await nodeFetch(`${base}/moved`, { method: "POST", body: "x" });
    expect(response.status).toBe(302);
    expect(response.ok).toBe(false);
    expect(response.headers.get("location")).toBe("/elsewhere");
    expect(seen.map((request) => request.url)).toEqual(["/moved"]);
  });

  it("sends a FormData body through global fetch (the Graph media upload)", async () => {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "photo.png");
    const response = await nodeFetch(`${base}/form`, { method: "POST", body: form });
    expect(response.status).toBe(201);
    expect(String(seen[0]?.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body.toString("latin1")).toContain('filename="photo.png"');
  });

  it("an abort mid-request rejects with the signal's reason and closes the request", async () => {
    const controller = new AbortController();
    const answer = nodeFetch(`${base}/hold`, { method: "POST", body: "x", signal: controller.signal });
    await waitFor(() => held.length === 1);
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: "AbortError" });
    await waitFor(() => held[0]!.closed);
    // A timeout signal (the Graph client's) rejects with its TimeoutError.
    const timedOut = nodeFetch(`${base}/hold`, {
      method: "POST",
      body: "x",
      signal: AbortSignal.timeout(50),
    });
    await expect(timedOut).rejects.toMatchObject({ name: "TimeoutError" });
    await waitFor(() => held[1]!.closed);
    // An already aborted signal sends nothing.
    const before = held.length;
    await expect(nodeFetch(`${base}/hold`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(held.length).toBe(before);
  });

  it("a refused connection rejects with a TypeError whose cause is the socket error (grammY: HttpError)", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const error = await nodeFetch(`http://127.0.0.1:${port}/x`, { method: "POST", body: "{}" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
    const api = new Api(telegramToken, telegramClientOptions(`http://127.0.0.1:${port}`));
    const failed = await api.sendMessage(1, "halo").catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(HttpError);
    expect((failed as HttpError).error).toBeInstanceOf(TypeError);
    // The token is in the URL: grammY's message does not quote it.
    expect((failed as HttpError).message).not.toContain(telegramToken);
  });

  it("reuses one keep-alive connection for calls one after another", async () => {
    const before = connections.count;
    for (let i = 0; i < 4; i++)
      await (await nodeFetch(`${base}/again`, { method: "POST", body: "x" })).text();
    expect(connections.count - before).toBeLessThanOrEqual(1);
    expect(new Set(seen.map((request) => request.remotePort)).size).toBe(1);
  });
});

describe("grammY over nodeFetch", () => {
  it("a JSON call and a multipart InputFile upload (streamed) reach the fake Telegram API", async () => {
    const api = new Api(telegramToken, telegramClientOptions(tg.url));
    const sent = await api.sendMessage(4343, "Halo ✓");
    expect(sent.message_id).toBeGreaterThan(0);
    expect(tg.callsTo("sendMessage")[0]?.payload).toMatchObject({ chat_id: 4343, text: "Halo ✓" });

    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100_000, 7)]);
    await api.sendPhoto(4343, new InputFile(jpeg, "foto.jpg"), { caption: "Brosur" });
    const call = tg.callsTo("sendPhoto")[0]!;
    expect(call.status).toBe(200);
    expect(call.payload).toMatchObject({ chat_id: "4343", caption: "Brosur" });
    const attached = /^attach:\/\/(.+)$/.exec(String(call.payload.photo))?.[1];
    expect(attached).toBeDefined();
    expect(call.uploads?.[attached!]?.equals(jpeg)).toBe(true);
  });
});

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
