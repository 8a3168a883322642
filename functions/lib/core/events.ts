// Normalised inbound events: what any channel adapter hands to the core.

export const channels = ["telegram", "whatsapp"] as const;
export type Channel = (typeof channels)[number];

/** A person on one channel (Telegram user id, WhatsApp wa_id). */
export interface UserRef {
  readonly channel: Channel;
  readonly userId: string;
}

export type InboundPayload =
  | {
      readonly kind: "text";
      readonly text: string;
      /** The message this one answers (a Telegram reply): its platform id and, when known, its text. */
      readonly replyTo?: { readonly messageId: string; readonly text?: string };
    }
  /** A button, inline keyboard or list choice: the id the core put on the choice. */
  | { readonly kind: "choice"; readonly choiceId: string }
  /** Slash command (Telegram) or keyword command (WhatsApp), without the slash, lower case. */
  | { readonly kind: "command"; readonly command: string; readonly args: string }
  | { readonly kind: "contact"; readonly phone: string; readonly isSender: boolean }
  | { readonly kind: "location"; readonly latitude: number; readonly longitude: number }
  | { readonly kind: "photo"; readonly mediaId: string; readonly caption?: string }
  /** Something the bot does not understand (sticker, voice, edit, document...). */
  | { readonly kind: "unsupported"; readonly what: string };

export interface InboundEvent {
  /** Platform-unique id used for exactly-once processing (e.g. "telegram:update:42", "whatsapp:wamid.X"). */
  readonly dedupeKey: string;
  readonly user: UserRef;
  readonly receivedAt: Date;
  /** Display data the platform gave us; never required. */
  readonly profile: {
    readonly name?: string;
    readonly languageCode?: string;
    /** The public @username (Telegram), for a t.me link when a seller agrees to be contacted. */
    readonly username?: string;
  };
  readonly payload: InboundPayload;
}

/**
 * Something that happened to a person's account rather than a message they wrote: nothing is answered.
 * `identity.changed`: the person now has another id on the channel (a WhatsApp number change), their data
 * moves with them. `reachability.changed`: the person blocked (or unblocked) the bot.
 */
export type AccountEvent =
  | {
      readonly kind: "identity.changed";
      readonly dedupeKey: string;
      readonly from: UserRef;
      readonly to: UserRef;
      readonly at: Date;
    }
  | {
      readonly kind: "reachability.changed";
      readonly dedupeKey: string;
      readonly user: UserRef;
      readonly reachable: boolean;
      readonly reason: string;
      readonly at: Date;
    };
