// GET /whatsapp: Meta's verification handshake. POST /whatsapp: signed notifications; EVERY entry, change,
// message and status is handled (one POST can carry several), each exactly once.
import { createHmac, timingSafeEqual } from "node:crypto";
import { isTransient, UpdateInProgressError } from "../../core/errors.js";
import type { AccountEvents } from "../../core/identity/account-events.js";
import type { InboundProcessor } from "../../core/inbound.js";
import type { DeliveryReport } from "../../core/outbox/receipts.js";
import type { Clock, ContactDirectory, InboundLedger } from "../../core/ports.js";
import {
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  isJsonContentType,
  json,
  text,
  unsupportedMediaType,
} from "../../http/types.js";
import type { Logger } from "../../log/logger.js";
import { logKey } from "../../log/pseudonym.js";
import { timingSafeEqualText } from "../../security/compare.js";
import { templateErrorCodes, whatsappErrorCodes } from "./graph-client.js";
import {
  normaliseWhatsAppValue,
  type WhatsAppDeliveryStatus,
  type WhatsAppInboundMessage,
} from "./normalise.js";
import { whatsappSchemas } from "./payload-schema.js";

export interface WhatsAppWebhookOptions {
  readonly appSecret: string;
  readonly verifyToken: string;
  /** Our number: notifications for other numbers of the same business account are ignored. */
  readonly phoneNumberId: string;
  readonly processor: InboundProcessor;
  readonly ledger: InboundLedger;
  readonly contacts: ContactDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What Meta reports about a message we sent (receipts, late failures): bulk jobs count it. Idempotent. */
  readonly onDeliveryReport?: (report: DeliveryReport) => Promise<void>;
  /** A person's number changed (system `user_changed_number`): their data moves to the new number. */
  readonly accountEvents?: AccountEvents;
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function isValidSignature(rawBody: Buffer, header: string, appSecret: string): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1], "hex"), expected);
}

/** What a failure code means beyond the one message (see SendProblem). */
function problemOf(code: number): { problem?: "held" | "marketing-opt-out" | "template" } {
  if (code === whatsappErrorCodes.marketingHeld) return { problem: "held" };
  if (code === whatsappErrorCodes.marketingOptOut) return { problem: "marketing-opt-out" };
  return templateErrorCodes.includes(code) ? { problem: "template" } : {};
}

export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function createWhatsAppWebhook(options: WhatsAppWebhookOptions): HttpHandler {
  const { processor, ledger, contacts, clock } = options;
  const logger = options.logger.child({ channel: "whatsapp" });

  const verify = (request: HttpRequest): HttpResponse => {
    const mode = request.query["hub.mode"];
    const token = request.query["hub.verify_token"];
    const challenge = request.query["hub.challenge"];
    if (mode === "subscribe" && token && challenge && timingSafeEqualText(token, options.verifyToken)) {
      logger.info("whatsapp.webhook_verified");
      return text(200, challenge);
    }
    logger.warn("whatsapp.webhook_verification_refused", { mode, hasChallenge: Boolean(challenge) });
    return text(403, "forbidden");
  };

  const handleMessage = async (item: WhatsAppInboundMessage) => {
    const outcome = await processor.process(item.event);
    if (outcome.status === "processed" && item.platformUserId) {
      await contacts
        .rememberPlatformUserId(item.event.user, item.platformUserId, clock.now())
        .catch((error: unknown) => logger.warn("whatsapp.remember_user_id_failed", { error }));
    }
  };

  const handleStatus = async (status: WhatsAppDeliveryStatus) => {
    if (status.status === "delivered" || status.status === "read") {
      // Counted once per bulk delivery by a conditional write (no ledger claim needed); chat replies: one read.
      await options.onDeliveryReport?.({
        channel: "whatsapp",
        messageId: status.messageId,
        status: status.status,
      });
      return;
    }
    if (status.status !== "failed") {
      logger.debug("whatsapp.status", { status: status.status });
      return;
    }
    const first = status.errors[0];
    const fields = { status: status.status, code: first?.code, title: first?.title };
    if (!status.user) {
      logger.warn("whatsapp.delivery_failed", { ...fields, note: "no recipient in the status" });
      return;
    }
    const claim = await ledger.claim(status.dedupeKey, clock.now());
    if (claim.status === "duplicate") {
      logger.info("whatsapp.status_duplicate", fields);
      return;
    }
    if (claim.status === "in-progress")
      throw new UpdateInProgressError(`status ${logKey(status.dedupeKey)} is being processed`);
    const code = first?.code ?? 0;
    try {
      // Before the claim is marked done, so a store error here is retried by Meta.
      await options.onDeliveryReport?.({
        channel: "whatsapp",
        messageId: status.messageId,
        status: "failed",
        reason: `whatsapp ${code}: ${first?.title ?? "failed"}`,
        user: status.user,
        ...problemOf(code),
      });
      await contacts.recordDeliveryFailure(
        status.user,
        {
          code,
          ...(first?.title ? { title: first.title } : {}),
          messageId: status.messageId,
          at: status.at.getTime(),
        },
        {
          claim: { dedupeKey: status.dedupeKey, token: claim.token },
          ...(code === whatsappErrorCodes.undeliverable
            ? { unreachableReason: `whatsapp:${code} undeliverable` }
            : {}),
        },
      );
    } catch (error) {
      await ledger.release(status.dedupeKey, claim.token).catch(() => undefined);
      throw error;
    }
    logger.warn("whatsapp.delivery_failed", { ...fields, waId: status.user.userId });
  };

  const receive = async (request: HttpRequest): Promise<HttpResponse> => {
    const signature = request.headers["x-hub-signature-256"];
    if (!signature) {
      logger.warn("whatsapp.webhook_unauthorized", { reason: "no signature" });
      return text(401, "unauthorized");
    }
    if (!isValidSignature(request.rawBody, signature, options.appSecret)) {
      logger.warn("whatsapp.webhook_unauthorized", { reason: "bad signature" });
      return text(403, "forbidden");
    }
    if (!isJsonContentType(request)) return unsupportedMediaType();
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString("utf8"));
    } catch {
      return json(400, { error: "malformed JSON" });
    }
    const notification = whatsappSchemas().whatsappNotificationSchema.safeParse(body);
    if (!notification.success)
      return json(400, { error: "not a WhatsApp notification (object/entry missing)" });
    if (notification.data.object !== "whatsapp_business_account") {
      logger.info("whatsapp.ignored", { object: notification.data.object });
      return text(200, "ok");
    }

    let retryLater = false;
    const attempt = async (task: () => Promise<void>, what: string) => {
      try {
        await task();
      } catch (error) {
        // Transient: Meta re-sends the whole POST; what was done is deduplicated then. Deterministic: log, 200.
        if (isTransient(error)) {
          retryLater = true;
          logger.warn("whatsapp.retry_later", { what, error });
        } else {
          logger.error("whatsapp.item_failed", { what, error });
        }
      }
    };

    for (const entry of notification.data.entry) {
      for (const change of entry.changes) {
        if (change.field !== undefined && change.field !== "messages") {
          logger.debug("whatsapp.change_ignored", { field: change.field });
          continue;
        }
        const value = whatsappSchemas().whatsappValueSchema.safeParse(change.value);
        if (!value.success) {
          logger.warn("whatsapp.change_unreadable", { field: change.field });
          continue;
        }
        const numberId = value.data.metadata?.phone_number_id;
        if (numberId && numberId !== options.phoneNumberId) {
          logger.warn("whatsapp.other_number", { phoneNumberId: numberId });
          continue;
        }
        for (const item of normaliseWhatsAppValue(value.data, clock.now())) {
          if (item.kind === "message") await attempt(() => handleMessage(item), "message");
          else if (item.kind === "status") await attempt(() => handleStatus(item), "status");
          else if (item.kind === "account") {
            const { accountEvents } = options;
            // Silent either way: the old number gets no answer, and the new one has not written yet.
            if (accountEvents)
              await attempt(async () => void (await accountEvents.handle(item.event)), "account");
          } else if (item.silent) logger.info("whatsapp.not_answered", { reason: item.reason });
          else logger.warn("whatsapp.item_skipped", { what: item.what, reason: item.reason });
        }
      }
    }
    return retryLater ? text(503, "try again later") : text(200, "ok");
  };

  return async (request) => {
    if (request.method === "GET") return verify(request);
    if (request.method === "POST") return receive(request);
    return text(405, "method not allowed");
  };
}
