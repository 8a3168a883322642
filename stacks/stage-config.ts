// Non-secret, per-stage settings. Values come from the shell (or `.env` / `.env.<stage>`, which SST
// loads before running sst.config.ts) at deploy time, with the defaults below. Secrets never go here:
// they are sst.Secret values (stacks/secrets.ts).

export const PRODUCTION_STAGE = "production";

export interface StageConfig {
  stage: string;
  isProduction: boolean;
  /** Plain Lambda environment shared by every function. */
  environment: Record<string, string>;
  /** EventBridge Scheduler expression for the weekend digest, evaluated in Asia/Jakarta. */
  digestSchedule: `cron(${string})`;
  /** E-mail that receives the dead-letter-queue alarm (optional; SNS asks to confirm it once). */
  alarmEmail: string | undefined;
}

/** Friday 17:00 WIB: before the Saturday/Sunday morning market at Taman UMKM Bung Karno. */
export const DEFAULT_DIGEST_SCHEDULE = "cron(0 17 ? * FRI *)";

export function stageConfig(
  stage: string,
  env: Record<string, string | undefined> = process.env,
): StageConfig {
  const isProduction = stage === PRODUCTION_STAGE;
  const pick = (name: string, fallback: string) => env[name]?.trim() || fallback;
  const environment: Record<string, string> = {
    NODE_ENV: "production",
    APP_STAGE: stage,
    LOG_LEVEL: pick("LOG_LEVEL", isProduction ? "info" : "debug"),
    // On Lambda the bot always answers webhooks; config.ts would pick polling when a token exists.
    TELEGRAM_MODE: "webhook",
    TELEGRAM_BOT_USERNAME: pick("TELEGRAM_BOT_USERNAME", "umkm_bandarlampung_bot"),
    TELEGRAM_API_ROOT: pick("TELEGRAM_API_ROOT", "https://api.telegram.org"),
    STAFF_TELEGRAM_IDS: pick("STAFF_TELEGRAM_IDS", ""),
    STAFF_TELEGRAM_CHAT_ID: pick("STAFF_TELEGRAM_CHAT_ID", ""),
    WHATSAPP_PHONE_NUMBER_ID: pick("WHATSAPP_PHONE_NUMBER_ID", ""),
    WHATSAPP_API_BASE: pick("WHATSAPP_API_BASE", "https://graph.facebook.com"),
    WHATSAPP_API_VERSION: pick("WHATSAPP_API_VERSION", "v23.0"),
    STAFF_WHATSAPP_IDS: pick("STAFF_WHATSAPP_IDS", ""),
    // Empty: Mon-Fri 08:00-16:00 WIB with the fixed-date national holidays (config.ts).
    OFFICE_HOURS: pick("OFFICE_HOURS", ""),
    // Only when set: otherwise stacks/api.ts points the console links at the API's own URL.
    ...(env.CONSOLE_BASE_URL?.trim() ? { CONSOLE_BASE_URL: env.CONSOLE_BASE_URL.trim() } : {}),
  };
  const schedule = pick("DIGEST_SCHEDULE", DEFAULT_DIGEST_SCHEDULE);
  if (!/^cron\(.+\)$/.test(schedule))
    throw new Error(`DIGEST_SCHEDULE must look like cron(...): ${schedule}`);
  return {
    stage,
    isProduction,
    environment,
    digestSchedule: schedule as `cron(${string})`,
    alarmEmail: env.ALARM_EMAIL?.trim() || undefined,
  };
}
