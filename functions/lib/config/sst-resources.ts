// Maps SST-linked resources (Lambda only) to the env var names config.ts reads. Never throws: on a
// laptop or in tests nothing is linked and this returns {}. The config module merges it under
// process.env. Resource names match stacks/*.ts.
import { Resource } from "sst";

type Field = "name" | "value" | "url";

/** env var -> [SST resource name, property of the linked resource]. */
const LINKS: Record<string, readonly [resource: string, field: Field]> = {
  TABLE_NAME: ["Table", "name"],
  TELEGRAM_BOT_TOKEN: ["TelegramBotToken", "value"],
  TELEGRAM_WEBHOOK_SECRET: ["TelegramWebhookSecret", "value"],
  WHATSAPP_TOKEN: ["WhatsappToken", "value"],
  WHATSAPP_APP_SECRET: ["WhatsappAppSecret", "value"],
  WHATSAPP_VERIFY_TOKEN: ["WhatsappVerifyToken", "value"],
  OUTBOX_QUEUE_URL: ["OutboxQueue", "url"],
};

export function linkedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [envName, [resource, field]] of Object.entries(LINKS)) {
    try {
      // `in` is safe (reading an unlinked Resource.X throws); both may throw on a corrupt SST env.
      if (!(resource in Resource)) continue;
      const linked: unknown = (Resource as unknown as Record<string, unknown>)[resource];
      const value =
        typeof linked === "object" && linked !== null
          ? (linked as Record<string, unknown>)[field]
          : undefined;
      if (typeof value === "string" && value !== "") env[envName] = value;
    } catch {
      // Nothing usable is linked: local defaults apply.
    }
  }
  return env;
}
