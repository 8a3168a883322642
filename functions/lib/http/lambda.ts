// API Gateway v2 (HTTP API) / Function URL events <-> the neutral request/response.
import { type HttpHandler, type HttpRequest, maxBodyBytes, text } from "./types.js";

/** The fields we read of an APIGatewayProxyEventV2 (kept local: no wire types leak inward). */
export interface LambdaHttpEvent {
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  readonly headers?: Record<string, string | undefined> | null;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
  readonly body?: string | null;
  /** Payload format 2.0 moves the Cookie header here. */
  readonly cookies?: readonly string[] | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly http?: { readonly method?: string; readonly path?: string; readonly sourceIp?: string };
  };
}

export interface LambdaHttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  /** Payload format 2.0 sets cookies from this list (the staff console's session). */
  cookies?: string[];
  body: string;
}

export function requestFromLambdaEvent(event: LambdaHttpEvent): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  // grammY's adapter throws on a missing headers object: always give it one.
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  if (event.cookies?.length) headers.cookie = event.cookies.join("; ");
  const body = event.body ?? "";
  return {
    method: (event.requestContext?.http?.method ?? "GET").toUpperCase(),
    path: event.rawPath ?? event.requestContext?.http?.path ?? "/",
    headers,
    query: { ...(event.queryStringParameters ?? {}) },
    rawBody: event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8"),
    ...(event.requestContext?.http?.sourceIp ? { sourceIp: event.requestContext.http.sourceIp } : {}),
  };
}

export function createLambdaHttpHandler(handler: HttpHandler) {
  return async (event: LambdaHttpEvent): Promise<LambdaHttpResult> => {
    const request = requestFromLambdaEvent(event ?? {});
    const response =
      request.rawBody.length > maxBodyBytes ? text(413, "payload too large") : await handler(request);
    const { "set-cookie": setCookie, ...headers } = response.headers ?? {};
    return {
      statusCode: response.status,
      headers,
      ...(setCookie ? { cookies: [setCookie] } : {}),
      body: response.body ?? "",
    };
  };
}
