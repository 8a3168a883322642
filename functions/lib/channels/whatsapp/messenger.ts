// The core's Messenger port on WhatsApp: free-form messages inside the 24 h window, the configured
// approved template outside it (or nothing), and Graph API errors mapped to neutral send outcomes.
import type { TemplateParamSource } from "../../config/config.js";
import type { PurposeTemplate, PurposeTemplates } from "../../config/whatsapp-templates.js";
import type { Language } from "../../core/contact.js";
import type { UserRef } from "../../core/events.js";
import type { I18n } from "../../core/i18n.js";
import type { Clock, ContactDirectory, Messenger, Recipient, SendOutcome } from "../../core/ports.js";
import { type PurposeOf, purposeParams } from "../../core/purpose.js";
import type { Reply } from "../../core/replies.js";
import { truncate } from "../../core/text.js";
import type { Logger } from "../../log/logger.js";
import {
  GraphApiError,
  type GraphClient,
  GraphTransportError,
  templateErrorCodes,
  whatsappErrorCodes,
} from "./graph-client.js";
import { addressOf, mediaRef, renderWhatsAppReplies } from "./render.js";

/** Free-form (and interactive) messages are allowed only this long after the person's last message. */
export const customerServiceWindowMs = 24 * 60 * 60 * 1000;

export interface WhatsAppTemplate {
  readonly name: string;
  readonly language: string;
  /** Body parameters {{1}}, {{2}}...: the message text or the person's name. */
  readonly params: readonly TemplateParamSource[];
}

export interface WhatsAppMessengerOptions {
  readonly client: GraphClient;
  readonly contacts: ContactDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly i18n: I18n;
  /** WHATSAPP_TEMPLATE_NAME: for purposes without their own template, and messages without a purpose. */
  readonly template?: WhatsAppTemplate | undefined;
  /** WHATSAPP_TEMPLATES: the approved template of each purpose, per language. */
  readonly templates?: PurposeTemplates | undefined;
}

/** The template one message goes out with: its name, Meta language code and parameter order. */
export interface ChosenTemplate {
  readonly name: string;
  readonly code: string;
  readonly params: readonly string[];
  readonly source: "purpose" | "fallback";
  readonly header?: PurposeTemplate["header"];
}

/** The purpose's template in the person's language (else its other language), else the fallback. */
export function chooseTemplate(
  templates: PurposeTemplates | undefined,
  fallback: WhatsAppTemplate | undefined,
  purpose: PurposeOf | undefined,
  language: Language,
): ChosenTemplate | undefined {
  const entry = purpose ? templates?.[purpose.name] : undefined;
  const translation = entry && (entry.languages[language] ?? entry.languages.id ?? entry.languages.en);
  if (entry && translation)
    return {
      name: translation.name,
      code: translation.code,
      params: entry.params,
      source: "purpose",
      ...(entry.header ? { header: entry.header } : {}),
    };
  return fallback
    ? { name: fallback.name, code: fallback.language, params: fallback.params, source: "fallback" }
    : undefined;
}

export const templateParamMaxLength = 600;

/**
 * Meta refuses newlines, tabs, more than four spaces in a row and empty values inside template parameters
 * (error 132018): one line, control characters dropped, cut by whole characters (never half an emoji).
 */
export function templateParamText(text: string): string {
  const flat =
    text
      .replace(/[\p{Cc}\u2028\u2029]/gu, " ")
      .replace(/\s+/g, " ")
      .trim() || "-";
  return truncate(flat, templateParamMaxLength, { unit: "codePoint" });
}

export function isInsideWindow(contact: Recipient | null, now: Date): boolean {
  return (
    contact?.lastInboundAt !== undefined && now.getTime() - contact.lastInboundAt < customerServiceWindowMs
  );
}

export function createWhatsAppMessenger(options: WhatsAppMessengerOptions): Messenger {
  const { client, contacts, clock, i18n, template } = options;
  const logger = options.logger.child({ channel: "whatsapp" });

  const templatePayload = (
    to: UserRef,
    contact: Recipient | null,
    replies: readonly Reply[],
    spec: ChosenTemplate,
    purpose: PurposeOf | undefined,
    header: string | undefined,
  ) => {
    const language = contact?.language ?? "id";
    const t = i18n.t(language);
    const given = purposeParams(purpose, language);
    const values = spec.params.map((source) =>
      templateParamText(
        source === "name"
          ? contact?.displayName || (t("whatsapp.templateNameFallback") as string)
          : source === "text"
            ? // The header shows the first photo; its caption is part of the text like the others.
              replies.map((reply) => reply.text).join(" — ")
            : (given[source] ?? ""),
      ),
    );
    const components: Record<string, unknown>[] = [];
    if (header) components.push({ type: "header", parameters: [{ type: "image", image: mediaRef(header) }] });
    if (values.length)
      components.push({ type: "body", parameters: values.map((text) => ({ type: "text", text })) });
    return {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      ...addressOf(to.userId),
      type: "template",
      template: {
        name: spec.name,
        language: { code: spec.code },
        ...(components.length ? { components } : {}),
      },
    };
  };

  const outcomeOf = async (to: UserRef, error: unknown): Promise<SendOutcome> => {
    if (error instanceof GraphApiError) {
      const fields = {
        waId: to.userId,
        code: error.code,
        subcode: error.subcode,
        fbtraceId: error.fbtraceId,
      };
      switch (error.code) {
        case whatsappErrorCodes.outsideWindow:
          logger.info("whatsapp.outside_window", fields);
          return { status: "failed", reason: "outside-window", retryable: false };
        case whatsappErrorCodes.undeliverable:
          // Not on WhatsApp, old app, or not accepted the terms: stop sending until they write again.
          logger.warn("whatsapp.undeliverable", fields);
          await contacts
            .markUnreachable(to, `whatsapp:${error.code} undeliverable`, clock.now())
            .catch((markError: unknown) =>
              logger.warn("whatsapp.mark_unreachable_failed", { error: markError }),
            );
          return { status: "blocked", reason: "undeliverable" };
        case whatsappErrorCodes.throughput:
        case whatsappErrorCodes.pairRateLimit:
          logger.warn("whatsapp.rate_limited", fields);
          return { status: "failed", reason: `rate-limited (${error.code})`, retryable: true };
        case whatsappErrorCodes.marketingHeld:
          // Meta's per-person marketing cap: not unreachable; the next digest tries again.
          logger.info("whatsapp.marketing_held", fields);
          return { status: "held", reason: `held by Meta (${error.code}, marketing frequency cap)` };
        case whatsappErrorCodes.marketingOptOut:
          logger.info("whatsapp.marketing_opt_out", fields);
          return {
            status: "failed",
            reason: `stopped marketing messages (${error.code})`,
            retryable: false,
            problem: "marketing-opt-out",
          };
        case whatsappErrorCodes.spamRateLimit:
          // Meta limits the number for spam: retrying makes it worse. A person must look at quality.
          logger.error("whatsapp.spam_rate_limit", {
            ...fields,
            action: "check the number's quality rating in WhatsApp Manager; sends to new people are limited",
          });
          return { status: "failed", reason: "spam-limit", retryable: false };
        default:
          if (error.code !== undefined && templateErrorCodes.includes(error.code)) {
            // Name, language or parameters differ from the approved template: every send fails alike.
            logger.error("whatsapp.template_rejected", { ...fields, details: error.details });
            return {
              status: "failed",
              reason: `template rejected (${error.code}): ${error.details ?? error.message}`.slice(0, 300),
              retryable: false,
              problem: "template",
            };
          }
          logger.warn("whatsapp.send_failed", { ...fields, status: error.status, type: error.type });
          return {
            status: "failed",
            reason: `${error.status}${error.code !== undefined ? ` code ${error.code}` : ""}: ${error.message}`,
            retryable: error.status >= 500 || error.status === 429,
          };
      }
    }
    if (error instanceof GraphTransportError) {
      logger.warn("whatsapp.send_transport_error", { error });
      return { status: "failed", reason: "network error", retryable: true };
    }
    logger.error("whatsapp.send_error", { error });
    return {
      status: "failed",
      reason: error instanceof Error ? error.name : "unknown error",
      retryable: false,
    };
  };

  const sendTemplate = async (
    to: UserRef,
    contact: Recipient | null,
    replies: readonly Reply[],
    purpose: PurposeOf | undefined,
  ): Promise<SendOutcome> => {
    const chosen = chooseTemplate(options.templates, template, purpose, contact?.language ?? "id");
    if (!chosen) {
      logger.info("whatsapp.outside_window_skipped", {
        waId: to.userId,
        purpose: purpose?.name,
        reason: "no template configured",
      });
      return { status: "failed", reason: "outside-window", retryable: false };
    }
    // An IMAGE-header template: the first photo (a media id or link this channel can send), else the fallback.
    const header = chosen.header
      ? (replies.find((reply) => reply.photo)?.photo ?? chosen.header.fallbackImage)
      : undefined;
    if (chosen.header && !header) {
      logger.warn("whatsapp.template_needs_image", { waId: to.userId, template: chosen.name });
      return {
        status: "failed",
        reason: `template ${chosen.name} needs an image and the message has none (set headerImage)`,
        retryable: false,
        problem: "template",
      };
    }
    try {
      const { messageId } = await client.sendMessage(
        templatePayload(to, contact, replies, chosen, purpose, header),
      );
      logger.info("whatsapp.template_sent", {
        waId: to.userId,
        template: chosen.name,
        purpose: purpose?.name,
        source: chosen.source,
      });
      return { status: "sent", via: "template", messageIds: [messageId] };
    } catch (error) {
      return outcomeOf(to, error);
    }
  };

  return {
    channel: "whatsapp",
    async send(to, replies, context) {
      // A reply to an inbound message: the turn's commit just set lastInboundAt (window open) and cleared
      // "unreachable", so no read is needed. A bulk send passes the contact the worker just read; everything
      // else (notifications, staff answers) reads it here.
      let language = context?.inReplyTo?.language;
      let contact: Recipient | null = context?.recipient ?? null;
      if (!language) {
        if (!context?.recipient) {
          try {
            contact = await contacts.get(to);
          } catch (error) {
            logger.warn("whatsapp.contact_lookup_failed", { error });
            return { status: "failed", reason: "store unavailable", retryable: true };
          }
        }
        if (contact?.unreachable)
          return { status: "blocked", reason: contact.unreachableReason ?? "unreachable" };
        if (!isInsideWindow(contact, clock.now()))
          return sendTemplate(to, contact, replies, context?.purpose);
        language = contact?.language ?? "id";
      }

      const t = i18n.t(language);
      const labels = { choose: t("choices.choose") as string, next: t("paging.next") as string };
      let sent = 0;
      let sentReplies = 0;
      const messageIds: string[] = [];
      try {
        // Reply by reply, so a failure says how many went out (a retry sends only the rest).
        for (const reply of replies) {
          for (const payload of renderWhatsAppReplies(to.userId, [reply], labels)) {
            messageIds.push((await client.sendMessage(payload, context?.signal)).messageId);
            sent++;
          }
          sentReplies++;
        }
        return { status: "sent", via: "message", messageIds };
      } catch (error) {
        // Our clock and Meta's disagree about the window: the template is the allowed way to reach them.
        if (error instanceof GraphApiError && error.code === whatsappErrorCodes.outsideWindow && sent === 0) {
          logger.info("whatsapp.outside_window", { waId: to.userId, code: error.code });
          // The template may use the person's name: read the contact if this was a reply.
          return sendTemplate(
            to,
            contact ?? (await contacts.get(to).catch(() => null)),
            replies,
            context?.purpose,
          );
        }
        const outcome = await outcomeOf(to, error);
        return outcome.status === "failed" ? { ...outcome, sentReplies } : outcome;
      }
    },
  };
}
