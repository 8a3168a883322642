// One zod schema for every environment variable, parsed once by the composition root.

import * as z from "zod/mini";
import { defaultOfficeHours, type OfficeHours, parseClock } from "../core/handover/office-hours.js";
import { parseWeeklyTime } from "../core/promo/weekend.js";
import { addIssue } from "../core/zod-english.js";
import { whatsappTemplatesSchema } from "./whatsapp-templates.js";

const splitList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

const csvIds = z.pipe(
  z.pipe(z._default(z.string(), ""), z.transform(splitList)),
  z.array(z.string().check(z.regex(/^\d{1,20}$/, "must be numeric ids, comma-separated"))),
);

const optionalSecret = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined) => (value?.trim() ? value.trim() : undefined)),
);

/** An optional variable (blank = unset) that must match `pattern` when set. */
const optionalMatching = (pattern: RegExp, message: string) =>
  z.pipe(optionalSecret, z.optional(z.string().check(z.regex(pattern, message))));

/** A whole number from the environment, `min`..`max`, `fallback` when unset. */
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

const positiveNumber = (fallback: number) =>
  z._default(z.coerce.number().check(z.positive(), z.maximum(100_000)), fallback);

/** A URL with its trailing slashes removed. */
const baseUrl = (fallback: string) =>
  z.pipe(
    z._default(z.url(), fallback),
    z.transform((url: string) => url.replace(/\/+$/, "")),
  );

const switchValues = ["true", "false", "1", "0", "on", "off"] as const;
const onOff = (fallback: "true" | "false") =>
  z.pipe(
    z._default(z.enum(switchValues), fallback),
    z.transform((value: (typeof switchValues)[number]) => ["true", "1", "on"].includes(value)),
  );

/** A real calendar date "YYYY-MM-DD", or "MM-DD" for every year. */
const isHoliday = (value: string) => {
  const full = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : /^\d{2}-\d{2}$/.test(value) ? `2024-${value}` : "";
  const parsed = full ? new Date(`${full}T00:00:00Z`) : undefined;
  return !!parsed && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === full;
};

const dayMessage = "days are 1 (Monday) to 7 (Sunday)";
const officeHoursJson = z.strictObject({
  days: z.optional(
    z
      .array(z.number().check(z.int(), z.minimum(1, dayMessage), z.maximum(7, dayMessage)))
      .check(z.minLength(1, "at least one working day")),
  ),
  open: z.optional(z.string()),
  close: z.optional(z.string()),
  holidays: z.optional(
    z.array(
      z
        .string()
        .check(z.refine(isHoliday, "holidays are real dates: YYYY-MM-DD (once) or MM-DD (every year)")),
    ),
  ),
});

// OFFICE_HOURS='{"days":[1,2,3,4,5],"open":"08:00","close":"16:00","holidays":["12-25","2026-03-20"]}' (WIB).
const officeHoursSchema = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined, ctx): OfficeHours => {
    if (!value?.trim()) return defaultOfficeHours;
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      addIssue(ctx, 'must be JSON, e.g. {"days":[1,2,3,4,5],"open":"08:00","close":"16:00"}');
      return defaultOfficeHours;
    }
    const parsed = officeHoursJson.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        addIssue(ctx, `${issue.path.join(".") || "value"}: ${issue.message}`);
      return defaultOfficeHours;
    }
    const openMinute = parseClock(parsed.data.open ?? "08:00");
    const closeMinute = parseClock(parsed.data.close ?? "16:00");
    if (openMinute === undefined || closeMinute === undefined || openMinute >= closeMinute) {
      addIssue(ctx, 'open and close are WIB times "HH:MM", open before close');
      return defaultOfficeHours;
    }
    return {
      days: parsed.data.days ?? defaultOfficeHours.days,
      openMinute,
      closeMinute,
      holidays: parsed.data.holidays ?? defaultOfficeHours.holidays,
    };
  }),
);

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

const templateParamSources = ["text", "name"] as const;
export type TemplateParamSource = (typeof templateParamSources)[number];

/** The variables that together switch WhatsApp on (WHATSAPP_PHONE_NUMBER_ID alone is stage-wide, not secret). */
const whatsappRequired = [
  "WHATSAPP_TOKEN",
  "WHATSAPP_PHONE_NUMBER_ID",
  "WHATSAPP_APP_SECRET",
  "WHATSAPP_VERIFY_TOKEN",
] as const;
const whatsappSecrets = ["WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"] as const;

const envSchema = z
  .object({
    PORT: integer(0, 65535, 3000),
    // Where staff open the console (the bot's "/konsol" links); default: the local server.
    CONSOLE_BASE_URL: z.pipe(
      optionalSecret,
      z.optional(
        z.url({
          protocol: /^https?$/,
          error: "must be an http(s) URL, e.g. https://abc.execute-api.ap-southeast-3.amazonaws.com",
        }),
      ),
    ),
    // Staff console API calls per session, and sign-in attempts per client address, per minute.
    CONSOLE_API_RATE_PER_MINUTE: integer(1, 100_000, 300),
    CONSOLE_LOGIN_RATE_PER_MINUTE: integer(1, 100_000, 20),
    DATA_DIR: z._default(z.string().check(z.minLength(1)), ".data"),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    TABLE_NAME: z._default(
      z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, "3-255 letters, digits, '_', '-' or '.'")),
      "umkm-bot",
    ),
    AWS_REGION: z._default(z.string(), "ap-southeast-3"),
    TELEGRAM_BOT_TOKEN: optionalMatching(
      /^\d+:[A-Za-z0-9_-]+$/,
      "must look like 123456:ABC-def (from @BotFather)",
    ),
    TELEGRAM_BOT_USERNAME: z._default(z.string(), "umkm_bandarlampung_bot"),
    TELEGRAM_API_ROOT: baseUrl("https://api.telegram.org"),
    TELEGRAM_WEBHOOK_SECRET: optionalMatching(
      /^[A-Za-z0-9_-]{1,256}$/,
      "1-256 characters A-Z, a-z, 0-9, _ and - (Telegram's rule)",
    ),
    TELEGRAM_MODE: z.optional(z.enum(["polling", "webhook"])),
    STAFF_TELEGRAM_IDS: csvIds,
    // A Telegram group (or chat) where handover tickets go; group ids are negative (-100...).
    STAFF_TELEGRAM_CHAT_ID: optionalMatching(
      /^-?\d{1,20}$/,
      "must be a numeric Telegram chat id, e.g. -1001234567890",
    ),
    WHATSAPP_TOKEN: optionalSecret,
    WHATSAPP_PHONE_NUMBER_ID: optionalMatching(/^\d{1,30}$/, "must be the numeric phone number id from Meta"),
    WHATSAPP_APP_SECRET: optionalSecret,
    WHATSAPP_VERIFY_TOKEN: optionalSecret,
    WHATSAPP_API_BASE: baseUrl("https://graph.facebook.com"),
    WHATSAPP_API_VERSION: z._default(
      z.string().check(z.regex(/^v\d{1,3}\.\d{1,3}$/, "must look like v21.0")),
      "v23.0",
    ),
    WHATSAPP_TEMPLATE_NAME: optionalMatching(
      /^[a-z0-9_]{1,512}$/,
      "lower-case letters, digits and _ (a template name from Meta)",
    ),
    // The business's public number (digits, international format): wa.me links on posters (admin qr).
    WHATSAPP_DISPLAY_NUMBER: optionalMatching(
      /^[1-9]\d{7,14}$/,
      "digits only, in international format (e.g. 6281234567890)",
    ),
    WHATSAPP_TEMPLATE_LANGUAGE: z._default(
      z.string().check(z.regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "a template language code such as id or en_US")),
      "id",
    ),
    WHATSAPP_TEMPLATE_PARAMS: z.pipe(
      z.pipe(z._default(z.string(), "text"), z.transform(splitList)),
      z.array(z.enum(templateParamSources, "comma-separated list of: text, name")),
    ),
    // Approved templates per purpose and language (JSON); WHATSAPP_TEMPLATE_NAME covers the rest.
    WHATSAPP_TEMPLATES: whatsappTemplatesSchema,
    STAFF_WHATSAPP_IDS: csvIds,
    LOG_LEVEL: z._default(z.enum(logLevels), "info"),
    // Per-person flood control (staff exempt).
    USER_RATE_LIMIT_PER_MINUTE: integer(1, 10_000, 30),
    USER_MUTE_SECONDS: integer(1, 86_400, 300),
    // How long a turn's sends may take before the rest goes to the outbox (webhooks must answer in time).
    REPLY_SEND_BUDGET_MS: integer(100, 20_000, 8_000),
    // An FAQ topic checked longer ago than this is listed for staff to check again (/statistik, the CLI).
    KNOWLEDGE_MAX_AGE_DAYS: integer(1, 3650, 180),
    // Seller weekend promotions.
    PROMO_MAX_PER_WEEKEND: integer(1, 50, 3),
    PROMO_CUTOFF: z.pipe(
      z._default(z.string(), "FRI 12:00"),
      z.transform((value: string, ctx) => {
        const parsed = parseWeeklyTime(value);
        if (!parsed) addIssue(ctx, 'must look like "FRI 12:00" (weekday and WIB time)');
        return parsed ?? { weekday: "FRI" as const, hour: 12, minute: 0 };
      }),
    ),
    DIGEST_EMPTY_NOTE: onOff("false"),
    PROMO_MODERATION: onOff("true"),
    // When staff answer handover tickets (idle tickets close after 24 office hours).
    OFFICE_HOURS: officeHoursSchema,
    // Outbox (bulk sends: broadcasts, the weekend digest).
    OUTBOX_QUEUE_URL: z.optional(z.url()),
    // An SQS-compatible endpoint instead of AWS's (moto_server in tests), like DYNAMODB_ENDPOINT.
    SQS_ENDPOINT: z.optional(z.url()),
    TELEGRAM_RATE_PER_SECOND: positiveNumber(25),
    TELEGRAM_RATE_PER_CHAT_PER_SECOND: positiveNumber(1),
    WHATSAPP_RATE_PER_SECOND: positiveNumber(60),
    WHATSAPP_PAIR_RATE_SECONDS: positiveNumber(6),
    OUTBOX_WORKER_INSTANCES: integer(1, 100, 1),
    OUTBOX_CONCURRENCY: integer(1, 100, 8),
    OUTBOX_MAX_ATTEMPTS: integer(1, 20, 5),
    OUTBOX_LEASE_SECONDS: positiveNumber(120),
    OUTBOX_VISIBILITY_SECONDS: positiveNumber(150),
    OUTBOX_BACKOFF_MS: integer(0, 60_000, 500),
    OUTBOX_POLL_MS: integer(10, 60_000, 250),
  })
  .check(
    z.superRefine(
      (env, ctx) => {
        // Any WhatsApp secret set means "WhatsApp on": then every required variable must be there.
        if (!whatsappSecrets.some((name) => env[name])) return;
        for (const name of whatsappRequired.filter((required) => !env[required])) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `missing: WhatsApp needs ${whatsappRequired.join(", ")} together`,
          });
        }
      },
      // Also when other variables are invalid: the operator sees every problem at once.
      { when: (payload) => typeof payload.value === "object" && payload.value !== null },
    ),
    z.superRefine((env, ctx) => {
      // A message must not come back to a worker before a dead worker's claim on it has expired.
      if (env.OUTBOX_VISIBILITY_SECONDS <= env.OUTBOX_LEASE_SECONDS) {
        ctx.addIssue({
          code: "custom",
          path: ["OUTBOX_VISIBILITY_SECONDS"],
          message: "must be longer than OUTBOX_LEASE_SECONDS",
        });
      }
    }),
  );

export const configSchema = z.pipe(
  envSchema,
  z.transform((env: z.output<typeof envSchema>) => ({
    port: env.PORT,
    consoleBaseUrl: (env.CONSOLE_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    consoleRate: {
      apiPerMinute: env.CONSOLE_API_RATE_PER_MINUTE,
      loginPerMinute: env.CONSOLE_LOGIN_RATE_PER_MINUTE,
    },
    dataDir: env.DATA_DIR,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT,
    tableName: env.TABLE_NAME,
    awsRegion: env.AWS_REGION,
    logLevel: env.LOG_LEVEL,
    floodControl: { perMinute: env.USER_RATE_LIMIT_PER_MINUTE, muteMs: env.USER_MUTE_SECONDS * 1000 },
    replyBudgetMs: env.REPLY_SEND_BUDGET_MS,
    knowledgeMaxAgeDays: env.KNOWLEDGE_MAX_AGE_DAYS,
    officeHours: env.OFFICE_HOURS,
    promo: {
      maxPerWeekend: env.PROMO_MAX_PER_WEEKEND,
      cutoff: env.PROMO_CUTOFF,
      moderation: env.PROMO_MODERATION,
      digestEmptyNote: env.DIGEST_EMPTY_NOTE,
    },
    telegram: {
      token: env.TELEGRAM_BOT_TOKEN,
      botUsername: env.TELEGRAM_BOT_USERNAME,
      apiRoot: env.TELEGRAM_API_ROOT,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
      // Polling is the convenient default on a laptop once a token exists.
      mode: env.TELEGRAM_MODE ?? (env.TELEGRAM_BOT_TOKEN ? "polling" : "webhook"),
      staffIds: env.STAFF_TELEGRAM_IDS,
      staffChatId: env.STAFF_TELEGRAM_CHAT_ID,
    },
    whatsapp: {
      /** On when the token, phone number id, app secret and verify token are all set (checked above). */
      enabled: Boolean(
        env.WHATSAPP_TOKEN &&
          env.WHATSAPP_PHONE_NUMBER_ID &&
          env.WHATSAPP_APP_SECRET &&
          env.WHATSAPP_VERIFY_TOKEN,
      ),
      token: env.WHATSAPP_TOKEN,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      appSecret: env.WHATSAPP_APP_SECRET,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN,
      apiBase: env.WHATSAPP_API_BASE,
      apiVersion: env.WHATSAPP_API_VERSION,
      displayNumber: env.WHATSAPP_DISPLAY_NUMBER,
      template: env.WHATSAPP_TEMPLATE_NAME
        ? {
            name: env.WHATSAPP_TEMPLATE_NAME,
            language: env.WHATSAPP_TEMPLATE_LANGUAGE,
            params: env.WHATSAPP_TEMPLATE_PARAMS,
          }
        : undefined,
      templates: env.WHATSAPP_TEMPLATES,
      staffIds: env.STAFF_WHATSAPP_IDS,
    },
    outbox: {
      /** SQS when set (AWS); otherwise the DynamoDB-backed local queue polled by `npm start`. */
      queueUrl: env.OUTBOX_QUEUE_URL,
      sqsEndpoint: env.SQS_ENDPOINT,
      /** Per worker instance: the channel limits are shared by OUTBOX_WORKER_INSTANCES instances. */
      rates: {
        telegram: {
          perSecond: env.TELEGRAM_RATE_PER_SECOND / env.OUTBOX_WORKER_INSTANCES,
          perChatIntervalMs: 1000 / env.TELEGRAM_RATE_PER_CHAT_PER_SECOND,
        },
        whatsapp: {
          perSecond: env.WHATSAPP_RATE_PER_SECOND / env.OUTBOX_WORKER_INSTANCES,
          perChatIntervalMs: env.WHATSAPP_PAIR_RATE_SECONDS * 1000,
        },
      },
      concurrency: env.OUTBOX_CONCURRENCY,
      maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
      visibilityMs: env.OUTBOX_VISIBILITY_SECONDS * 1000,
      backoffMs: env.OUTBOX_BACKOFF_MS,
      pollMs: env.OUTBOX_POLL_MS,
    },
  })),
);

export type Config = z.output<typeof configSchema>;
export type LogLevel = (typeof logLevels)[number];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[], cause?: unknown) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`, { cause });
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the whole environment at once and reports EVERY problem, never a secret's value. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`,
    );
    throw new ConfigError(problems, result.error);
  }
  return result.data;
}
