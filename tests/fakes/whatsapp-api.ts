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

export interface FakeWhatsAppApi {
  readonly url: string;
  readonly calls: RecordedGraphCall[];
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
}

export async function startFakeWhatsAppApi(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsAppApi> {
  const calls: RecordedGraphCall[] = [];
  const failures: FakeGraphResponse[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const reply = (response: FakeGraphResponse) => {
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(JSON.stringify(response.body));
    };
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
    failNext: (...responses) => failures.push(...responses),
    clear: () => {
      calls.length = 0;
      failures.length = 0;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
