// After `npx sst deploy`: point Telegram at the deployed API and print the WhatsApp (Meta) steps.
//
//   npx sst shell --stage production -- npx tsx scripts/register-webhooks.ts
//   (inside `sst shell` the API URL and both Telegram secrets come from the linked resources), or
//   TELEGRAM_BOT_TOKEN=... TELEGRAM_WEBHOOK_SECRET=... npx tsx scripts/register-webhooks.ts --url https://xxxx.execute-api.ap-southeast-3.amazonaws.com
//
// Never prints a secret. Uses the global fetch (Node >= 20).
import { pathToFileURL } from "node:url";
import { Resource } from "sst";
import { linkedEnvironment } from "../functions/lib/config/sst-resources.js";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export interface Settings {
  apiUrl: string;
  token: string;
  webhookSecret: string;
  telegramApiRoot: string;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseUrlFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--url") return argv[i + 1];
    if (arg.startsWith("--url=")) return arg.slice("--url=".length);
  }
  return undefined;
}

function linkedApiUrl(): string | undefined {
  try {
    if (!("Api" in Resource)) return undefined;
    const api = (Resource as unknown as Record<string, { url?: unknown }>).Api;
    return typeof api?.url === "string" ? api.url : undefined;
  } catch {
    return undefined;
  }
}

export function resolveSettings(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  linked: Record<string, string> = {},
  linkedUrl?: string,
): Settings {
  const problems: string[] = [];
  const rawUrl = parseUrlFlag(argv) ?? env.API_URL ?? linkedUrl;
  let apiUrl = "";
  if (!rawUrl) {
    problems.push(
      "the API URL is missing: pass --url <api url> or set API_URL (see `npx sst deploy` output: api)",
    );
  } else {
    try {
      const url = new URL(rawUrl);
      const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
      if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
        problems.push("the API URL must use https:// (Telegram only calls HTTPS webhooks)");
      }
      apiUrl = url.toString().replace(/\/+$/, "");
    } catch {
      problems.push(`the API URL is not a valid URL: ${rawUrl}`);
    }
  }
  const token = env.TELEGRAM_BOT_TOKEN?.trim() || linked.TELEGRAM_BOT_TOKEN;
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || linked.TELEGRAM_WEBHOOK_SECRET;
  if (!token) problems.push("TELEGRAM_BOT_TOKEN is not set");
  else if (!/^\d+:[A-Za-z0-9_-]+$/.test(token))
    problems.push("TELEGRAM_BOT_TOKEN does not look like 123456:ABC-def");
  if (!webhookSecret) problems.push("TELEGRAM_WEBHOOK_SECRET is not set");
  else if (!/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    problems.push("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ and -");
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return {
    apiUrl,
    token: token!,
    webhookSecret: webhookSecret!,
    telegramApiRoot: (env.TELEGRAM_API_ROOT?.trim() || "https://api.telegram.org").replace(/\/+$/, ""),
  };
}

/** Removes every secret from text that is about to be printed. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

interface TelegramResponse<T> {
  ok: boolean;
  result?: T;
  description?: string;
  error_code?: number;
}

async function callTelegram<T>(settings: Settings, method: string, body: unknown): Promise<T> {
  const response = await fetch(`${settings.telegramApiRoot}/bot${settings.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const data = (await response.json().catch(() => ({ ok: false }))) as TelegramResponse<T>;
  if (!data.ok) {
    throw new Error(
      `Telegram ${method} failed: ${data.error_code ?? response.status} ${data.description ?? ""}`,
    );
  }
  return data.result as T;
}

export function setWebhookBody(settings: Settings) {
  return {
    url: `${settings.apiUrl}/telegram`,
    secret_token: settings.webhookSecret,
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: false,
  };
}

export async function registerWebhooks(settings: Settings, log: (line: string) => void = console.log) {
  await callTelegram<boolean>(settings, "setWebhook", setWebhookBody(settings));
  const info = await callTelegram<{
    url: string;
    pending_update_count: number;
    last_error_message?: string;
  }>(settings, "getWebhookInfo", {});
  log(`Telegram webhook set: ${info.url}`);
  log(`  pending updates: ${info.pending_update_count}`);
  if (info.last_error_message) log(`  last delivery error: ${info.last_error_message}`);
  log("");
  log("WhatsApp (Meta App Dashboard > your app > WhatsApp > Configuration > Webhook > Edit):");
  log(`  Callback URL:  ${settings.apiUrl}/whatsapp`);
  log("  Verify token:  the value you stored with `npx sst secret set WhatsappVerifyToken ...`");
  log("                 (show it with `npx sst secret list --stage <stage>`; it is not printed here)");
  log("  Then press 'Verify and save' (Meta calls GET /whatsapp once) and under 'Webhook fields'");
  log("  subscribe to 'messages'. The app secret (App settings > Basic) must equal WhatsappAppSecret.");
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      "Usage: npx tsx scripts/register-webhooks.ts [--url <api url>]   (see the header of this file)",
    );
    return;
  }
  let settings: Settings | undefined;
  try {
    settings = resolveSettings(argv, process.env, linkedEnvironment(), linkedApiUrl());
    await registerWebhooks(settings);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const secrets = settings ? [settings.token, settings.webhookSecret] : [];
    console.error(redact(message, secrets));
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
