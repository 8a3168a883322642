// One zod schema for every environment variable, parsed once by the composition root.
import { z } from "zod";

const csvIds = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^\d{1,20}$/, "must be numeric ids, comma-separated")));

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default(".data"),
    DYNAMODB_ENDPOINT: z.url().optional(),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, "3-255 letters, digits, '_', '-' or '.'")
      .default("umkm-bot"),
    AWS_REGION: z.string().default("ap-southeast-3"),
    TELEGRAM_BOT_TOKEN: optionalSecret.pipe(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]+$/, "must look like 123456:ABC-def (from @BotFather)")
        .optional(),
    ),
    TELEGRAM_BOT_USERNAME: z.string().default("umkm_bandarlampung_bot"),
    TELEGRAM_API_ROOT: z
      .url()
      .default("https://api.telegram.org")
      .transform((url) => url.replace(/\/+$/, "")),
    TELEGRAM_WEBHOOK_SECRET: optionalSecret.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        .optional(),
    ),
    TELEGRAM_MODE: z.enum(["polling", "webhook"]).optional(),
    STAFF_TELEGRAM_IDS: csvIds,
    LOG_LEVEL: z.enum(logLevels).default("info"),
  })
  .transform((env) => ({
    port: env.PORT,
    dataDir: env.DATA_DIR,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT,
    tableName: env.TABLE_NAME,
    awsRegion: env.AWS_REGION,
    logLevel: env.LOG_LEVEL,
    telegram: {
      token: env.TELEGRAM_BOT_TOKEN,
      botUsername: env.TELEGRAM_BOT_USERNAME,
      apiRoot: env.TELEGRAM_API_ROOT,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
      // Polling is the convenient default on a laptop once a token exists.
      mode: env.TELEGRAM_MODE ?? (env.TELEGRAM_BOT_TOKEN ? "polling" : "webhook"),
      staffIds: env.STAFF_TELEGRAM_IDS,
    },
  }));

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
