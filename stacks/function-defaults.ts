// Shared Lambda settings for every function of the app. Plain data: nothing is created here.
//
// Checked against SST 4.17.1 (FunctionArgs in .sst/platform/src/components/aws/function.ts and the Go
// node runtime, pkg/runtime/node/build.go):
// - ESM is SST's default output (`bundle.mjs`) and SST ALREADY prepends a banner that defines
//   `require` (createRequire(import.meta.url)), `__filename` and `__dirname`. That is what grammY's
//   node build, node-fetch and the AWS SDK need (NOTES: "Dynamic require of "http" is not supported").
//   Our own `nodejs.banner` is appended AFTER SST's banner, so it must NOT declare `require` again:
//   a second `const require` is a SyntaxError at cold start. We therefore set no banner.
// - SST's esbuild defaults to keepNames: true; we still set it explicitly so a future default change
//   cannot break grammY (minified class names break `instanceof AbortSignal` checks).
// - No AWS SDK in the functions: DynamoDB and SQS go through functions/lib/aws (SigV4 + JSON protocol over
//   fetch); only @aws-sdk/util-dynamodb (~5 KB) is bundled. That took the webhook bundle from ~1.30 MB to
//   ~0.91 MB and the jobs bundles from ~0.78 MB to ~0.39 MB (README "Performance"), so no `external` is needed.
// - zod is imported as a namespace (`import * as z`) everywhere: `import { z }` drags in every zod
//   locale (~370 KB of the bundle).
// - grammY is imported as "grammy/web" in our code: it uses the runtime's global fetch instead of
//   node-fetch (whose whatwg-url/tr46 tables are ~280 KB of the bundle).

/** Pinned runtime. The code must also run on Node 20 locally: SST maps nodejs22.x to esbuild's es2023
 * target, which Node 20 runs too. Never rely on SST's default (nodejs24.x in v4). */
export const RUNTIME = "nodejs22.x" as const;

/** Graviton: ~20% cheaper per GB-second than x86_64 and no native modules in this app. */
export const ARCHITECTURE = "arm64" as const;

/**
 * Webhooks (Telegram, WhatsApp): answer fast. grammY's webhook adapter gives up after 10 s
 * (timeoutMilliseconds default) and Meta/Telegram retry slow answers, so the Lambda timeout only has
 * to be a little longer than grammY's own 10 s, so grammY's error (not a Lambda kill) is what we log.
 * It must stay under API Gateway's 30 s integration limit.
 */
export const WEBHOOK_TIMEOUT_SECONDS = 15;
/**
 * 512 MB: the bundle is ~0.9 MB (grammY, zod, the FAQ, locales), cold start ~0.2 s; Lambda gives CPU in proportion
 * to memory, and 512 MB keeps cold starts short while a warm request costs ~2-5 ms of compute.
 */
export const WEBHOOK_MEMORY_MB = 512;

/**
 * Outbox worker: one batch of up to 10 messages, sent one after another (1 msg/s per chat, ~30 msg/s
 * per bot on Telegram); a 429 `retry_after` of a few seconds may be waited out in place (auto-retry
 * with maxDelaySeconds <= 10). 10 x (0.3 s + occasional 10 s wait) fits well within 60 s.
 * The queue's visibility timeout is derived from this (>= 6x, AWS's recommendation).
 */
export const WORKER_TIMEOUT_SECONDS = 60;
export const WORKER_MEMORY_MB = 512;

/**
 * Weekend digest: reads the subscribers and ENQUEUES one outbox message each (SendMessageBatch of 10:
 * 5,000 users = 500 calls, well under a minute). 5 minutes leaves room; it runs once a week.
 */
export const DIGEST_TIMEOUT_SECONDS = 300;
export const DIGEST_MEMORY_MB = 512;

export type FunctionKind = "webhook" | "worker" | "digest";

const SETTINGS: Record<FunctionKind, { timeoutSeconds: number; memoryMb: number }> = {
  webhook: { timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS, memoryMb: WEBHOOK_MEMORY_MB },
  worker: { timeoutSeconds: WORKER_TIMEOUT_SECONDS, memoryMb: WORKER_MEMORY_MB },
  digest: { timeoutSeconds: DIGEST_TIMEOUT_SECONDS, memoryMb: DIGEST_MEMORY_MB },
};

/** esbuild options SST passes through (keepNames is the one grammY needs). */
export const NODEJS_BUNDLING = {
  format: "esm",
  minify: true,
  esbuild: { keepNames: true },
} as const;

/** "functions/telegram.ts" -> "functions/telegram.handler" (SST's `file.export` handler syntax). */
export function handlerRef(file: string, exportName = "handler"): string {
  const normalized = file.replaceAll("\\", "/");
  const withoutExtension = normalized.replace(/\.(ts|mts|js|mjs)$/, "");
  if (withoutExtension === normalized) {
    throw new Error(`handler file must end in .ts/.mts/.js/.mjs: ${file}`);
  }
  return `${withoutExtension}.${exportName}`;
}

export interface FunctionDefaultsInput {
  kind: FunctionKind;
  /** Production keeps logs longer; other stages keep one week (logs hold chat ids: UU PDP). */
  isProduction: boolean;
  environment?: Record<string, string>;
}

/** The common part of every sst.aws.Function's args; callers add handler, link and description. */
export function functionDefaults(input: FunctionDefaultsInput) {
  const settings = SETTINGS[input.kind];
  return {
    runtime: RUNTIME,
    architecture: ARCHITECTURE,
    timeout: `${settings.timeoutSeconds} seconds` as const,
    memory: `${settings.memoryMb} MB` as const,
    nodejs: NODEJS_BUNDLING,
    // Text format (the default): the app's logger already writes one JSON object per line.
    logging: { retention: input.isProduction ? ("1 month" as const) : ("1 week" as const) },
    environment: { ...input.environment },
  };
}

export function timeoutSecondsOf(kind: FunctionKind): number {
  return SETTINGS[kind].timeoutSeconds;
}
