// A fetch for our API clients (grammY, the Graph API, Telegram file downloads) over node:http(s) with
// keep-alive agents. Not global fetch: its first call loads undici and its llhttp wasm, ~30-36 ms of CPU at a
// cold start (the same reason as aws/json-client.ts).
// Not supported: redirects (never followed, a 3xx is answered as is), Request inputs, non-object headers,
// compression, response.body streams; FormData, Blob and other bodies go to global fetch.
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** Bodies sent here: strings and bytes with a content-length, streams chunked. */
export type NodeFetchBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface NodeFetchInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Anything else (FormData, Blob, ...) is handed to global fetch. */
  readonly body?: NodeFetchBody | FormData | Blob | null;
  readonly signal?: AbortSignal | null;
}

export interface NodeFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What our clients need of fetch; global fetch fits it too (tests may pass either). */
export type FetchLike = (url: string | URL, init?: NodeFetchInit) => Promise<NodeFetchResponse>;

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

const isReadableStream = (body: object): body is ReadableStream<Uint8Array> =>
  typeof (body as ReadableStream).getReader === "function";
const isAsyncIterable = (body: object): body is AsyncIterable<Uint8Array> => Symbol.asyncIterator in body;

/** Duck-typed: `instanceof FormData` would load undici itself. */
function implemented(body: NodeFetchInit["body"]): body is NodeFetchBody | null | undefined {
  if (body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array)
    return true;
  return typeof body === "object" && (isReadableStream(body) || isAsyncIterable(body));
}

async function* chunksOf(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  if (!isReadableStream(body)) return yield* body;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The socket took the last chunk, or the request is gone (aborted, failed). */
const drained = (request: ClientRequest) =>
  new Promise<void>((resolve) => {
    const go = () => {
      request.off("drain", go).off("close", go);
      resolve();
    };
    request.once("drain", go).once("close", go);
  });

function headersOf(raw: IncomingHttpHeaders): NodeFetchResponse["headers"] {
  const get = (name: string) => {
    const value = raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  return { get, has: (name) => get(name) !== null };
}

export const nodeFetch: FetchLike = (url, init = {}) => {
  const { body, signal } = init;
  if (!implemented(body)) return fetch(url, init as RequestInit);
  const target = typeof url === "string" ? new URL(url) : url;
  const secure = target.protocol === "https:";
  return new Promise<NodeFetchResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = { ...init.headers };
    if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
    else if (body instanceof Uint8Array) headers["content-length"] = String(body.byteLength);
    let settled = false;
    let failBody: (error: unknown) => void = () => undefined;
    const onAbort = () => request.destroy(signal?.reason);
    const done = () => signal?.removeEventListener("abort", onAbort);
    const fail = (error: unknown) => {
      done();
      // Like fetch: an abort rejects with the signal's reason, anything else is a TypeError with its cause.
      const reason = signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error });
      if (settled) failBody(reason);
      else reject(reason);
      settled = true;
    };
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      { method: init.method ?? "GET", headers, agent: secure ? agents.https : agents.http },
      (response) => {
        settled = true;
        // Read at once, so the socket goes back to the pool even if the caller never reads the body.
        const bytes = new Promise<Buffer>((resolveBody, rejectBody) => {
          failBody = rejectBody;
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", fail);
          response.on("end", () => {
            done();
            resolveBody(Buffer.concat(chunks));
          });
        });
        bytes.catch(() => undefined);
        let used = false;
        const read = () => {
          if (used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
          used = true;
          return bytes;
        };
        const status = response.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          statusText: response.statusMessage ?? "",
          headers: headersOf(response.headers),
          get bodyUsed() {
            return used;
          },
          text: async () => (await read()).toString("utf8"),
          json: async () => JSON.parse((await read()).toString("utf8")),
          arrayBuffer: async () => {
            const buffer = await read();
            return buffer.buffer.slice(
              buffer.byteOffset,
              buffer.byteOffset + buffer.byteLength,
            ) as ArrayBuffer;
          },
        });
      },
    );
    request.on("error", fail);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array) {
      request.end(body ?? undefined);
      return;
    }
    // A stream: chunked (no content-length), written as it comes, with backpressure.
    void (async () => {
      try {
        for await (const chunk of chunksOf(body)) {
          if (request.destroyed) return;
          if (!request.write(chunk)) await drained(request);
        }
        request.end();
      } catch (error) {
        request.destroy(error as Error);
      }
    })();
  });
};
