// A thin, typed client for the Graph API calls the bot needs: POST /{version}/{phone-number-id}/messages and
// /media (uploads a photo that came from elsewhere, e.g. Telegram, so WhatsApp can send it by id).
// The access token goes only into the Authorization header; it is never part of an error or a log line.
import * as z from "zod/mini";
import { lazy } from "../../lazy.js";
import "../../core/zod-english.js";
import { type FetchLike, type NodeFetchResponse, nodeFetch } from "../../http/node-fetch.js";

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com (no trailing slash); a fake server in tests. */
  readonly baseUrl: string;
  /** e.g. v21.0 */
  readonly version: string;
  readonly phoneNumberId: string;
  readonly token: string;
  readonly timeoutMs?: number;
  /** Default nodeFetch (node:http; the media upload's FormData goes through global fetch). */
  readonly fetch?: FetchLike;
}

export interface SentMessage {
  /** The wamid of the message we sent (status webhooks refer to it). */
  readonly messageId: string;
  readonly waId?: string;
}

export interface GraphClient {
  /** `signal` aborts the call early (the webhook's reply budget); the client's own timeout applies too. */
  sendMessage(payload: Record<string, unknown>, signal?: AbortSignal): Promise<SentMessage>;
  /** Uploads a file for sending (Meta keeps it 30 days); answers its media id. */
  uploadMedia(file: { readonly bytes: Uint8Array; readonly mimeType: string }): Promise<string>;
}

/** The Graph API answered with its error object: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export class GraphApiError extends Error {
  override readonly name = "GraphApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly type: string | undefined,
    readonly fbtraceId: string | undefined,
    readonly details: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No usable answer (network error, timeout, non-JSON body): the send may or may not have happened. */
export class GraphTransportError extends Error {
  override readonly name = "GraphTransportError";
  readonly transient = true;
}

/** WhatsApp error codes the messenger handles deliberately. */
export const whatsappErrorCodes = {
  outsideWindow: 131047,
  undeliverable: 131026,
  throughput: 130429,
  pairRateLimit: 131056,
  spamRateLimit: 131048,
  /** Meta held a marketing message (per-person frequency cap): not unreachable, try another time. */
  marketingHeld: 131049,
  /** The person stopped marketing messages from this business. */
  marketingOptOut: 131050,
} as const;

/** The template (name, language, parameters) does not match what Meta approved: a configuration problem. */
export const templateErrorCodes: readonly number[] = [132000, 132001, 132012, 132018];

// Built on the first Graph call: a cold start that sends nothing on WhatsApp does not construct them.
const schemas = lazy(() => {
  const errorBody = z.looseObject({
    error: z.looseObject({
      message: z.optional(z.string()),
      type: z.optional(z.string()),
      code: z.optional(z.coerce.number()),
      error_subcode: z.optional(z.coerce.number()),
      fbtrace_id: z.optional(z.string()),
      error_data: z.optional(z.looseObject({ details: z.optional(z.string()) })),
    }),
  });

  const uploadResult = z.looseObject({ id: z.string().check(z.minLength(1)) });

  const sendResult = z.looseObject({
    contacts: z.optional(z.array(z.looseObject({ wa_id: z.optional(z.string()) }))),
    messages: z.array(z.looseObject({ id: z.string() })).check(z.minLength(1)),
  });
  return { errorBody, uploadResult, sendResult };
});

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? nodeFetch;
  const base = `${options.baseUrl.replace(/\/+$/, "")}/${options.version}/${encodeURIComponent(options.phoneNumberId)}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorization = `Bearer ${options.token}`;

  /** One call: the parsed JSON body of a 2xx answer, else a GraphApiError / GraphTransportError. */
  async function call(path: string, init: { body: string | FormData; json: boolean }, signal?: AbortSignal) {
    let response: NodeFetchResponse;
    let raw: string;
    try {
      response = await doFetch(`${base}/${path}`, {
        method: "POST",
        headers: init.json ? { authorization, "content-type": "application/json" } : { authorization },
        body: init.body,
        signal: signal
          ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal])
          : AbortSignal.timeout(timeoutMs),
      });
      raw = await response.text();
    } catch (error) {
      throw new GraphTransportError(`Graph API request failed: ${(error as Error)?.name ?? "error"}`, {
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch (error) {
      throw new GraphTransportError(`Graph API answered ${response.status} with a non-JSON body`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const parsed = schemas().errorBody.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      throw new GraphApiError(
        `Graph API ${response.status}${error?.code !== undefined ? ` (code ${error.code})` : ""}: ${
          error?.message ?? "no error object"
        }`,
        response.status,
        error?.code,
        error?.error_subcode,
        error?.type,
        error?.fbtrace_id,
        error?.error_data?.details,
        { cause: error ?? body },
      );
    }
    return body;
  }

  return {
    async sendMessage(payload, signal) {
      const body = await call("messages", { body: JSON.stringify(payload), json: true }, signal);
      const result = schemas().sendResult.safeParse(body);
      if (!result.success) throw new GraphTransportError("Graph API answered 2xx without a message id");
      const waId = result.data.contacts?.[0]?.wa_id;
      return { messageId: result.data.messages[0]!.id, ...(waId ? { waId } : {}) };
    },
    async uploadMedia(file) {
      // Multipart as Meta documents it: messaging_product, type (the MIME type) and the file itself.
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("type", file.mimeType);
      const extension = file.mimeType === "image/png" ? "png" : "jpg";
      form.set("file", new Blob([file.bytes], { type: file.mimeType }), `photo.${extension}`);
      const result = schemas().uploadResult.safeParse(await call("media", { body: form, json: false }));
      if (!result.success) throw new GraphTransportError("Graph API answered 2xx without a media id");
      return result.data.id;
    },
  };
}
