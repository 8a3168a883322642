// A fake WhatsApp Cloud (Graph) API on 127.0.0.1: POST /{version}/{phone-number-id}/messages, recorded,
// answered like Meta does, or with injected errors in Graph's real error format.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { validateWhatsAppCall } from "../../scripts/lib/outbound-validator.js";
import { reportViolation } from "./outbound-violations.js";

export interface RecordedGraphCall {
  readonly version: string;
  readonly phoneNumberId: string;
  readonly authorization: string | undefined;
  readonly payload: Record<string, unknown>;
}

export type FakeGraphResponse = { status: number; body: unknown };

export interface RecordedUpload {
  readonly id: string;
  readonly mimeType: string;
  readonly bytes: number;
}

export interface FakeWhatsAppApi {
  readonly url: string;
  readonly calls: RecordedGraphCall[];
  /** Media uploaded with POST /{phone-number-id}/media (ids usable in messages). */
  readonly uploads: RecordedUpload[];
  /** The next media uploads get these responses, in order. */
  failNextUpload(...responses: FakeGraphResponse[]): void;
  /** The next message sends get these responses, in order. */
  failNext(...responses: FakeGraphResponse[]): void;
  clear(): void;
  close(): Promise<void>;
}

/** Graph API error bodies as Meta sends them. */
export function graphError(
  code: number,
  message: string,
  options: { status?: number; subcode?: number; type?: string } = {},
): FakeGraphResponse {
  return {
    status: options.status ?? 400,
    body: {
      error: {
        message,
        type: options.type ?? "OAuthException",
        code,
        ...(options.subcode !== undefined ? { error_subcode: options.subcode } : {}),
        error_data: { messaging_product: "whatsapp", details: message },
        fbtrace_id: "AbCdEfGhIjK",
      },
    },
  };
}

export const whatsappErrors = {
  outsideWindow: () => graphError(131047, "Re-engagement message"),
  undeliverable: () => graphError(131026, "Message Undeliverable"),
  throughput: () => graphError(130429, "Rate limit hit", { status: 429 }),
  pairRate: () => graphError(131056, "(Business Account, Consumer Account) pair rate limit hit"),
  spam: () => graphError(131048, "Spam rate limit hit"),
};

let sequence = 1;

export interface FakeWhatsAppOptions {
  /** Validate every message against Meta's rules: an invalid one is answered 400 (code 100) and reported. */
  readonly validate?: boolean;
  /** Every media id a message names must have been uploaded here (Meta refuses unknown ids, error 131053). */
  readonly strictMedia?: boolean;
}

/** Media ids named anywhere in a message (image / header image objects). */
function mediaIdsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) mediaIdsIn(item, found);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (["image", "video", "document"].includes(key) && inner && typeof inner === "object") {
        const id = (inner as { id?: unknown }).id;
        if (typeof id === "string") found.push(id);
      }
      mediaIdsIn(inner, found);
    }
  }
  return found;
}

const maxImageBytes = 5 * 1024 * 1024;

/** What Meta checks on an image upload: the fields, the MIME type, the size and that it is that kind of file. */
async function uploadProblems(
  raw: Buffer,
  contentType: string,
): Promise<{ problem?: string; mime?: string; size?: number }> {
  if (!contentType.startsWith("multipart/form-data")) return { problem: "not multipart/form-data" };
  let form: FormData;
  try {
    form = await new Request("http://x/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
  } catch {
    return { problem: "unreadable multipart body" };
  }
  if (form.get("messaging_product") !== "whatsapp") return { problem: "messaging_product must be whatsapp" };
  const file = form.get("file");
  const type = form.get("type");
  if (!(file instanceof Blob)) return { problem: "file: missing" };
  if (type !== "image/jpeg" && type !== "image/png")
    return { problem: `type: ${String(type)} is not image/jpeg or image/png` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!bytes.length || bytes.length > maxImageBytes)
    return { problem: `file: ${bytes.length} bytes (1 B - 5 MB)` };
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  if ((type === "image/jpeg" && !jpeg) || (type === "image/png" && !png))
    return { problem: "file content does not match its type" };
  return { mime: type, size: bytes.length };
}

export async function startFakeWhatsAppApi(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsAppApi> {
  const calls: RecordedGraphCall[] = [];
  const failures: FakeGraphResponse[] = [];
  const uploads: RecordedUpload[] = [];
  const uploadFailures: FakeGraphResponse[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const match = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(pathname);
    const reply = (response: FakeGraphResponse) => {
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(JSON.stringify(response.body));
    };
    if (req.method === "POST" && /^\/v\d+\.\d+\/\d+\/media$/.test(pathname)) {
      if (!req.headers.authorization?.startsWith("Bearer ")) {
        reply(graphError(190, "Invalid OAuth access token", { status: 401 }));
        return;
      }
      const checked = await uploadProblems(Buffer.concat(chunks), req.headers["content-type"] ?? "");
      if (checked.problem) {
        reportViolation("WhatsApp", [`media upload: ${checked.problem}`]);
        reply(graphError(100, `(#100) Invalid parameter: ${checked.problem}`));
        return;
      }
      const programmed = uploadFailures.shift();
      if (programmed) {
        reply(programmed);
        return;
      }
      const id = `${1000000 + sequence++}`;
      uploads.push({ id, mimeType: checked.mime!, bytes: checked.size! });
      reply({ status: 200, body: { id } });
      return;
    }
    if (req.method !== "POST" || !match) {
      reply(graphError(100, "Unknown path components", { status: 404 }));
      return;
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      reply(graphError(100, "Invalid JSON"));
      return;
    }
    calls.push({
      version: match[1]!,
      phoneNumberId: match[2]!,
      authorization: req.headers.authorization,
      payload,
    });
    const problems = options.validate === false ? [] : validateWhatsAppCall(payload);
    if (options.strictMedia) {
      const unknown = mediaIdsIn(payload).filter((id) => !uploads.some((upload) => upload.id === id));
      if (unknown.length) problems.push(`media id ${unknown[0]} was never uploaded (Meta error 131053)`);
    }
    if (problems.length) {
      reportViolation("WhatsApp", problems);
      reply(graphError(100, `(#100) Invalid parameter: ${problems[0]}`));
      return;
    }
    const programmed = failures.shift();
    if (programmed) {
      reply(programmed);
      return;
    }
    if (!req.headers.authorization?.startsWith("Bearer ")) {
      reply(graphError(190, "Invalid OAuth access token", { status: 401 }));
      return;
    }
    reply({
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: payload.to, wa_id: payload.to }],
        messages: [{ id: `wamid.FAKE${sequence++}` }],
      },
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    uploads,
    failNext: (...responses) => failures.push(...responses),
    failNextUpload: (...responses) => uploadFailures.push(...responses),
    clear: () => {
      calls.length = 0;
      uploads.length = 0;
      uploadFailures.length = 0;
      failures.length = 0;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
