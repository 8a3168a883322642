// Responses of the staff console: strict headers on everything, JSON bodies, CSV downloads.
import { toCsv } from "../format/csv.js";
import { type HttpRequest, type HttpResponse, isJsonContentType, json } from "../http/types.js";

/** Everything the page loads comes from this server; no inline script or style. */
export const pageHeaders = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
};

export const apiJson = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse => {
  const response = json(status, body);
  return { ...response, headers: { ...response.headers, ...pageHeaders, ...headers } };
};

/** A CSV download (the same formula defusing as the admin CLI's exports). */
export const csvDownload = (
  filename: string,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): HttpResponse => ({
  status: 200,
  headers: {
    ...pageHeaders,
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  },
  body: toCsv(rows, columns),
});

/** The JSON body, or undefined when it is not JSON. */
export function readJson(request: HttpRequest): unknown {
  if (!isJsonContentType(request) || !request.headers["content-type"]) return undefined;
  try {
    return JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
}

export const badRequest = () => apiJson(400, { error: "bad-request" });
