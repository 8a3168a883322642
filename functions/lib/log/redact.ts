// Masks phone numbers, user ids, wamids, bot tokens and known secrets in anything about to be logged.
import { logKey } from "./pseudonym.js";

// Every pattern runs in linear time (tests/local/redaction-linear.test.ts checks the rules): a quantifier that
// eats a run starts only where the run starts (lookbehind), and adjacent quantified parts never overlap.
// Without the lookbehind, a 15 KB path of digits made the token pattern rescan the run from every digit.
const botTokenPattern = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}/g;
const bearerPattern = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
// Indonesian mobiles (+62 8.., 62 8.., 08..) and any +international number, separators allowed.
const phonePattern =
  /(?<![\w+])(?:(?:\+?62|0)[\s.-]?8\d(?:[\s.-]?\d){6,11}|\+\d(?:[\s.-]?\d){7,14})(?![\w])/g;

/** The patterns applied to every logged string (exported for the linear-time check). */
export const redactionPatterns: readonly RegExp[] = [botTokenPattern, bearerPattern, phonePattern];
const sensitiveKeys = /token|secret|password|authorization|signature|phone|wa_?id|contact/i;
// Fields holding a person's platform id (a WhatsApp id is a phone number, of any country).
const userIdKeys = /^(?:user_?id|chat_?id|recipient|sender|to|from)$/i;
// A bare run of 10-15 digits in text is taken for a phone number (Meta's wa_id: country code + number).
const bareNumberPattern = /(?<![\w+])\d{10,15}(?!\w)/g;
// A wamid is base64 of the number it was sent to or from: replaced by a short hash.
const wamidPattern = /wamid\.[A-Za-z0-9+/=_-]+/g;

/** A number-like id keeps its last 3 digits (enough to tell people apart in a log), whatever its length. */
export function maskId(value: string | number): string | number {
  const text = String(value);
  if (!/^-?\d{5,}$/.test(text)) return value;
  const digits = text.replace("-", "");
  return `${text.startsWith("-") ? "-" : ""}${"*".repeat(digits.length - 3)}${digits.slice(-3)}`;
}

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, "");
  if (digits.length < 8) return value;
  return `${"*".repeat(digits.length - 3)}${digits.slice(-3)}`;
}

function redactString(value: string, secrets: readonly string[]): string {
  let out = value;
  for (const secret of secrets) out = out.split(secret).join("[secret]");
  return out
    .replace(botTokenPattern, "[bot-token]")
    .replace(bearerPattern, "$1[secret]")
    .replace(wamidPattern, (match) => `wamid#${logKey(match)}`)
    .replace(phonePattern, (match) => maskPhone(match))
    .replace(bareNumberPattern, (match) => maskPhone(match));
}

export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (typeof value === "string") return redactString(value, secrets);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined)
    return value;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message, secrets),
      ...(value.cause !== undefined ? { cause: redact(value.cause, secrets, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, secrets, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (userIdKeys.test(key) && (typeof item === "string" || typeof item === "number")) {
        out[key] = typeof item === "string" ? redactString(String(maskId(item)), secrets) : maskId(item);
      } else if (sensitiveKeys.test(key) && typeof item === "string") {
        out[key] = /phone|wa_?id|contact/i.test(key) ? maskPhone(item) : "[secret]";
      } else {
        out[key] = redact(item, secrets, depth + 1);
      }
    }
    return out;
  }
  return String(value);
}
