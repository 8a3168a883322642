// Single-use choices: a short token on the button ids of one message, kept in the conversation while valid.
// A button acts once, and only while its message is still the latest of its kind: an old "Ya, hapus" or a
// second tap on "Simpan" is answered plainly instead of acting again.
import { createHash } from "node:crypto";
import type { ConversationState } from "./contact.js";
import { choiceIdFits, type Reply } from "./replies.js";

const separator = "~";
/** Used tokens remembered per person: enough for any double tap, small on the conversation item. */
const usedKept = 5;

/** The token for the choices of one inbound update (a retried turn issues the same one). */
export function choiceTokenFor(dedupeKey: string): string {
  return createHash("sha256").update(dedupeKey).digest("base64url").slice(0, 6);
}

/** "reg:save~Ab3dE9" -> the plain id and its token (none on ordinary choices). */
export function splitChoiceToken(choiceId: string): { id: string; token?: string } {
  const at = choiceId.lastIndexOf(separator);
  if (at === -1) return { id: choiceId };
  return { id: choiceId.slice(0, at), token: choiceId.slice(at + 1) };
}

/** Puts the token on every `once` choice of the replies; true when there was one. */
export function attachChoiceToken(replies: Reply[], token: string): boolean {
  let issued = false;
  replies.forEach((reply, index) => {
    if (!reply.choices?.some((choice) => choice.once)) return;
    issued = true;
    const choices = reply.choices.map(({ once, ...choice }) => {
      const id = `${choice.id}${separator}${token}`;
      // A long id keeps working without the token rather than breaking Telegram's 64-byte limit.
      return once && choiceIdFits(id) ? { ...choice, id } : choice;
    });
    replies[index] = { ...reply, choices };
  });
  return issued;
}

/**
 * The conversation to store after a turn, with its token fields: a new token replaces the old one; a used
 * one moves to `usedTokens`; otherwise the live token survives only while the flow and step stay the same.
 */
export function withChoiceTokens(
  before: ConversationState | null,
  after: ConversationState | null | undefined,
  issued: string | undefined,
  used: string | undefined,
): ConversationState | null | undefined {
  if (after === undefined && !issued && !used) return undefined;
  const stored = after === undefined ? before : after;
  const base = stored ?? { flow: "idle", step: "idle", data: {} };
  const usedTokens = used
    ? [...(before?.usedTokens ?? []).filter((token) => token !== used), used].slice(-usedKept)
    : (before?.usedTokens ?? []);
  const sameState = !!before && before.flow === base.flow && before.step === base.step;
  const live = issued ?? (!used && sameState ? before?.choiceToken : undefined);
  const { choiceToken: _token, tokenClaim: _claim, usedTokens: _used, ...rest } = base;
  if (!stored && !live && !usedTokens.length) return null;
  return {
    ...rest,
    ...(live ? { choiceToken: live } : {}),
    ...(usedTokens.length ? { usedTokens } : {}),
  };
}
