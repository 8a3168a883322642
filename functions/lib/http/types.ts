// A neutral HTTP request/response: Lambda events and the local Node server both convert to these.

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes (base64 already decoded); signatures are computed over these. */
  readonly rawBody: Buffer;
  /** The client's address as the server or API Gateway saw it (rate limits), when known. */
  readonly sourceIp?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

export const maxBodyBytes = 1024 * 1024;

export function text(status: number, body: string): HttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

export function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** Webhook bodies are JSON; anything else is refused with 415 (after authentication). */
export function isJsonContentType(request: HttpRequest): boolean {
  const type = request.headers["content-type"];
  return type === undefined || /^application\/(?:[\w.+-]*\+)?json\b/i.test(type.trim());
}

export const unsupportedMediaType = (): HttpResponse => text(415, "expected application/json");
