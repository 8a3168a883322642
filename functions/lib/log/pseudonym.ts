// Stable short pseudonyms for ids that must not reach the log raw (a WhatsApp wamid encodes the number).
import { createHash } from "node:crypto";

/** Truncated SHA-256: the same id always gives the same key, so log lines can still be correlated. */
export function logKey(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 12);
}
