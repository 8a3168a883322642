import type { Language } from "./contact.js";

// Why a message leaves outside a conversation: the WhatsApp adapter picks the approved template of that
// purpose (UTILITY or MARKETING, billed and capped apart by Meta); other channels ignore it.

export const messagePurposes = [
  "ticket_reply",
  "training_reminder",
  "training_change",
  "registration_decision",
  "weekend_digest",
  "broadcast",
] as const;
export type MessagePurpose = (typeof messagePurposes)[number];

export type PurposeCategory = "UTILITY" | "MARKETING";

/**
 * Per purpose: its category and the values the core hands over, in their default template order.
 * `name` (the person's profile name) and `text` (the whole message on one line) exist for every purpose.
 */
export const purposeSpecs = {
  ticket_reply: { category: "UTILITY", params: ["ticket", "reply"] },
  training_reminder: { category: "UTILITY", params: ["title", "when", "place"] },
  training_change: { category: "UTILITY", params: ["title", "change"] },
  registration_decision: { category: "UTILITY", params: ["business", "decision"] },
  weekend_digest: { category: "MARKETING", params: ["weekend", "text"] },
  broadcast: { category: "MARKETING", params: ["text"] },
} as const satisfies Record<MessagePurpose, { category: PurposeCategory; params: readonly string[] }>;

export const commonPurposeParams = ["name", "text"] as const;

/** Every parameter name a template of this purpose may use. */
export function paramsOf(purpose: MessagePurpose): readonly string[] {
  return [...new Set<string>([...purposeSpecs[purpose].params, ...commonPurposeParams])];
}

/** What the core says about a message sent outside a conversation. */
export interface PurposeOf {
  readonly name: MessagePurpose;
  /**
   * Values for the purpose's parameters (any text; the channel adapter makes it fit its rules); a function
   * when they depend on the recipient's language, which only the sender reads (bulk sends).
   */
  readonly params?:
    | Readonly<Record<string, string>>
    | ((language: Language) => Readonly<Record<string, string>>);
}

export function purposeParams(purpose: PurposeOf | undefined, language: Language): Record<string, string> {
  const params = purpose?.params;
  return { ...(typeof params === "function" ? params(language) : params) };
}

export function isMessagePurpose(value: unknown): value is MessagePurpose {
  return typeof value === "string" && (messagePurposes as readonly string[]).includes(value);
}
