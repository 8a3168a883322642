// The Bot API client options of every grammY Bot / Api we build: our node:http fetch, not global fetch
// (which loads undici at the first call, ~30 ms of CPU at a cold start).
import type { ApiClientOptions } from "grammy/web";
import { nodeFetch } from "../../http/node-fetch.js";

export function telegramClientOptions(apiRoot: string): ApiClientOptions {
  // grammY calls fetch(url: string, { method, headers: object, body: string | ReadableStream, signal })
  // and reads only res.json(): the subset nodeFetch implements, hence the cast to the full type.
  return { apiRoot, fetch: nodeFetch as unknown as typeof fetch };
}
