// node:http <-> the neutral request/response, for the local server (same routes as on Lambda).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Logger } from "../log/logger.js";
import { type HttpHandler, type HttpRequest, maxBodyBytes } from "./types.js";

class BodyTooLargeError extends Error {}

/** The request line's target is not one this server can route ("//", "//[", "//:99999"): 400, not 500. */
export class BadRequestTargetError extends Error {
  override readonly name = "BadRequestTargetError";
}

/**
 * Path and query of a request target. A target starting with "//" reads as a host to `new URL()` (which
 * throws on "//[" or "//:99999"); only origin-form ("/path?query") and absolute http(s) URLs are accepted.
 */
export function parseRequestTarget(
  target: string,
): { path: string; query: Record<string, string> } | undefined {
  const originForm = target.startsWith("/") && !target.startsWith("//");
  if (!originForm && !/^https?:\/\/[^/]/i.test(target)) return undefined;
  try {
    const url = new URL(target, "http://localhost");
    return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
  } catch {
    return undefined;
  }
}

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
  const target = parseRequestTarget(request.url ?? "/");
  if (!target) throw new BadRequestTargetError("unroutable request target");
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (request.method ?? "GET").toUpperCase(),
    path: target.path,
    headers,
    query: target.query,
    rawBody: await readBody(request),
    ...(request.socket.remoteAddress ? { sourceIp: request.socket.remoteAddress } : {}),
  };
}

export function createNodeServer(handler: HttpHandler, logger: Logger): Server {
  return createServer(async (req, res) => {
    try {
      const response = await handler(await toHttpRequest(req));
      res.writeHead(response.status, response.headers ?? {});
      res.end(response.body ?? "");
    } catch (error) {
      if (error instanceof BadRequestTargetError) {
        // Only the length: the target itself is whatever the client sent.
        logger.warn("http.bad_target", { length: req.url?.length ?? 0 });
        res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
        req.resume();
        return;
      }
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
