// node:http <-> the neutral request/response, for the local server (same routes as on Lambda).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Logger } from "../log/logger.js";
import { type HttpHandler, type HttpRequest, maxBodyBytes } from "./types.js";

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function toHttpRequest(request: IncomingMessage): Promise<HttpRequest> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (request.method ?? "GET").toUpperCase(),
    path: url.pathname,
    headers,
    query: Object.fromEntries(url.searchParams),
    rawBody: await readBody(request),
  };
}

export function createNodeServer(handler: HttpHandler, logger: Logger): Server {
  return createServer(async (req, res) => {
    try {
      const response = await handler(await toHttpRequest(req));
      res.writeHead(response.status, response.headers ?? {});
      res.end(response.body ?? "");
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.writeHead(413, { "content-type": "text/plain" }).end("payload too large");
        req.resume();
        return;
      }
      logger.error("http.unhandled", { path: req.url?.split("?")[0], error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    }
  });
}
