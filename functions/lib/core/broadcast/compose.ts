// What a broadcast may be, shared by the chat flow (/siaran) and the staff console: the text rules, which
// audiences a console role may reach, and creating the job once per confirmation.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Audience, OutboxContent, OutboxJob } from "../outbox/model.js";
import type { JobRepository } from "../outbox/ports.js";

export const maxTextLength = 3500;
/** Telegram captions are limited to 1024 characters, WhatsApp image captions likewise. */
export const maxCaptionLength = 1000;
export const minTextLength = 2;

/** The audiences staff choose from, in menu order ("person" is a reply retry, never chosen). */
export const broadcastAudienceKinds = ["semua", "penjual", "pelanggan", "kategori", "kecamatan"] as const;
export type BroadcastAudienceKind = (typeof broadcastAudienceKinds)[number];

/** Audiences made only of approved sellers. */
export const sellerAudienceKinds: readonly BroadcastAudienceKind[] = ["penjual", "kategori", "kecamatan"];

export const isSellerAudience = (audience: Pick<Audience, "kind">): boolean =>
  (sellerAudienceKinds as readonly string[]).includes(audience.kind);

/** `petugas` broadcast to sellers only; admins to everyone. */
export const mayBroadcastTo = (role: "admin" | "petugas", audience: Pick<Audience, "kind">): boolean =>
  role === "admin" || isSellerAudience(audience);

export type TextCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: "tooShort" | "tooLong"; readonly max: number };

/** A broadcast text (or a photo's caption), already trimmed. */
export function checkBroadcastText(text: string, withPhoto = false): TextCheck {
  const max = withPhoto ? maxCaptionLength : maxTextLength;
  if (text.length < minTextLength) return { ok: false, error: "tooShort", max };
  if (text.length > max) return { ok: false, error: "tooLong", max };
  return { ok: true };
}

export interface NewBroadcast {
  /** Derived from what confirmed it: a retried confirmation makes the same job, not a second one. */
  readonly id: string;
  readonly audience: Audience;
  readonly content: OutboxContent;
  /** The staff member who gets the reports (absent for the CLI). */
  readonly createdBy?: UserRef;
  readonly createdByLanguage: Language;
  /** Absent, or not in the future: send now. */
  readonly sendAt?: number;
  readonly now: Date;
}

/** Creates the broadcast job once; the planner starts it at sendAt (every minute on AWS, polled locally). */
export async function createBroadcast(
  jobs: JobRepository,
  input: NewBroadcast,
): Promise<{ readonly job: OutboxJob; readonly created: boolean }> {
  const sendAt = input.sendAt && input.sendAt > input.now.getTime() ? new Date(input.sendAt) : input.now;
  return jobs.create({
    id: input.id,
    audience: input.audience,
    content: input.content,
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    createdByLanguage: input.createdByLanguage,
    sendAt,
    now: input.now,
  });
}
