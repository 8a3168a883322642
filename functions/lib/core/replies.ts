// Neutral replies: what the core answers; each channel adapter renders them within its platform's limits.

export interface Choice {
  /** Opaque action id, <= 64 bytes (Telegram callback data limit), routed back as a `choice` event. */
  readonly id: string;
  readonly label: string;
  /** Shown where the platform has room (WhatsApp list rows). */
  readonly description?: string;
  /**
   * Single-use and bound to the conversation as it is now: the router adds a token to the id, and the
   * button acts only while that token is the conversation's latest one (core/choice-tokens.ts).
   */
  readonly once?: boolean;
}

export interface Reply {
  readonly text: string;
  readonly choices?: readonly Choice[];
  /** Label for the list button on WhatsApp ("Pilih"). */
  readonly choicesTitle?: string;
  /** A photo to send with `text` as caption: a platform media id or an https URL. */
  readonly photo?: string;
  /** A map pin sent after `text` (the market, with a stall in its address). */
  readonly location?: {
    readonly latitude: number;
    readonly longitude: number;
    readonly name: string;
    readonly address: string;
  };
  /** Ask the platform to offer the user's own phone number / location, with this button label. */
  readonly request?: { readonly kind: "contact" | "location"; readonly label: string };
}

export const maxChoiceIdBytes = 64;

export function choiceIdFits(id: string): boolean {
  return new TextEncoder().encode(id).length <= maxChoiceIdBytes;
}
