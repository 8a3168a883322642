// WhatsApp webhook payloads as Meta sends them, signed with the test app secret, and a neutral view of
// what the bot sent through the fake Graph API.
import { createHmac } from "node:crypto";
import type { App } from "../../functions/lib/app/create-app.js";
import type { HttpResponse } from "../../functions/lib/http/types.js";
import { post } from "../support/app.js";

export const waToken = "EAAG-test-whatsapp-access-token-0123456789";
export const waAppSecret = "test-app-secret-4f1c2b";
export const waVerifyToken = "test-verify-token-9d8e";
export const waPhoneNumberId = "109876543210987";

export function whatsappEnv(apiBase: string, extra: Record<string, string> = {}) {
  return {
    WHATSAPP_TOKEN: waToken,
    WHATSAPP_PHONE_NUMBER_ID: waPhoneNumberId,
    WHATSAPP_APP_SECRET: waAppSecret,
    WHATSAPP_VERIFY_TOKEN: waVerifyToken,
    WHATSAPP_API_BASE: apiBase,
    WHATSAPP_API_VERSION: "v21.0",
    ...extra,
  };
}

export const sign = (raw: Buffer | string, secret = waAppSecret) =>
  `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

let wamidCounter = 0;
export const nextWamid = () =>
  `wamid.HBgNNjI4MTIzNDU2Nzg5FQIAEhgg${Date.now().toString(36)}${(++wamidCounter).toString(36)}`;

export interface WaMessageOptions {
  readonly id?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly timestamp?: number;
}

/** One message object (`value.messages[]`). */
export function waMessage(from: string, fields: Record<string, unknown>, options: WaMessageOptions = {}) {
  return {
    from,
    id: options.id ?? nextWamid(),
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...fields,
  };
}

export const waTextMessage = (from: string, body: string, options: WaMessageOptions = {}) =>
  waMessage(from, { type: "text", text: { body } }, options);

export const waButtonReply = (from: string, id: string, title = id, options: WaMessageOptions = {}) =>
  waMessage(
    from,
    { type: "interactive", interactive: { type: "button_reply", button_reply: { id, title } } },
    options,
  );

export const waListReply = (from: string, id: string, title = id, options: WaMessageOptions = {}) =>
  waMessage(
    from,
    { type: "interactive", interactive: { type: "list_reply", list_reply: { id, title, description: "" } } },
    options,
  );

/** A full notification: one entry, one change, with contacts for every sender. */
export function waNotification(
  messages: readonly Record<string, unknown>[],
  options: {
    statuses?: readonly Record<string, unknown>[];
    names?: Record<string, string>;
    userIds?: Record<string, string>;
  } = {},
) {
  const senders = [...new Set(messages.map((message) => String(message.from)))];
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA-ID-1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: waPhoneNumberId },
              ...(senders.length
                ? {
                    contacts: senders.map((waId) => ({
                      profile: { name: options.names?.[waId] ?? "Siti" },
                      wa_id: waId,
                      ...(options.userIds?.[waId] ? { user_id: options.userIds[waId] } : {}),
                    })),
                    messages,
                  }
                : {}),
              ...(options.statuses ? { statuses: options.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

export function waStatus(
  recipient: string,
  status: string,
  options: { id?: string; errorCode?: number } = {},
) {
  return {
    id: options.id ?? nextWamid(),
    status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: recipient,
    ...(options.errorCode !== undefined
      ? {
          errors: [
            {
              code: options.errorCode,
              title: options.errorCode === 131026 ? "Message undeliverable." : "Failure",
              message: "failed",
              error_data: { details: "details" },
            },
          ],
        }
      : {}),
  };
}

export async function postWhatsApp(
  app: App,
  body: object | string,
  options: { signature?: string | null } = {},
): Promise<HttpResponse> {
  const raw = Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  const signature = options.signature === undefined ? sign(raw) : options.signature;
  const request = post("/whatsapp", body, signature === null ? {} : { "x-hub-signature-256": signature });
  return app.http({ ...request, rawBody: raw });
}

export interface NeutralChoice {
  readonly id: string;
  readonly label: string;
}
export interface NeutralMessage {
  readonly text: string;
  readonly choices: NeutralChoice[];
  readonly kind: "text" | "buttons" | "list" | "template" | "other";
}

/** A Graph message payload as {text, choices}: what the person sees and can tap. */
export function neutralOf(payload: Record<string, unknown>): NeutralMessage {
  if (payload.type === "text") {
    return { text: String((payload.text as { body: string }).body), choices: [], kind: "text" };
  }
  if (payload.type === "interactive") {
    const interactive = payload.interactive as {
      type: string;
      body: { text: string };
      action: {
        buttons?: { reply: { id: string; title: string } }[];
        sections?: { rows: { id: string; title: string }[] }[];
      };
    };
    if (interactive.type === "button") {
      return {
        text: interactive.body.text,
        choices: (interactive.action.buttons ?? []).map((button) => ({
          id: button.reply.id,
          label: button.reply.title,
        })),
        kind: "buttons",
      };
    }
    if (interactive.type === "list") {
      return {
        text: interactive.body.text,
        choices: (interactive.action.sections ?? []).flatMap((section) =>
          section.rows.map((row) => ({ id: row.id, label: row.title })),
        ),
        kind: "list",
      };
    }
    return { text: interactive.body.text, choices: [], kind: "other" };
  }
  if (payload.type === "template") return { text: "", choices: [], kind: "template" };
  return { text: "", choices: [], kind: "other" };
}
