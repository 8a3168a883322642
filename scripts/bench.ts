// `npm run bench`: a report, not a test. Webhook latency and DynamoDB requests per message (in-process,
// DynamoDB Local), Lambda bundle sizes and cold init next to a bare grammY echo, then the FAQ and broadcast
// benchmarks. Prints a table and writes bench/results.json.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../functions/lib/app/create-app.js";
import { parseConfig } from "../functions/lib/config/config.js";
import type { HttpRequest } from "../functions/lib/http/types.js";
import { createLogger } from "../functions/lib/log/logger.js";
import { createDocumentClient } from "../functions/lib/store/dynamo.js";
import { startFakeTelegramApi } from "../tests/fakes/telegram-api.js";
import { startFakeWhatsAppApi } from "../tests/fakes/whatsapp-api.js";
import { coldInitBench, type Spread } from "./lib/bench-cold.js";
import { formatRequestCounts, requestCountBench } from "./lib/bench-requests.js";
import { formatSaturation, saturationBench } from "./lib/bench-saturation.js";
import { formatScale, scaleBench } from "./lib/bench-scale.js";
import { createLocalClient, ensureTable, localRegion, startDynamoDbLocal } from "./lib/dynamodb-local.js";
import { buildAsDeployed, sstDeployBuildSummary } from "./lib/lambda-bundle.js";

const root = resolve(new URL("..", import.meta.url).pathname);
const token = "123456:BENCH-token";
const secret = "bench-secret";
const rounds = Number(process.env.BENCH_ROUNDS ?? 300);

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

let updateId = 1;
function textUpdate(userId: number, text: string) {
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Bench" },
      from: { id: userId, is_bot: false, first_name: "Bench" },
      text,
    },
  };
}

function request(update: object): HttpRequest {
  return {
    method: "POST",
    path: "/telegram",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    query: {},
    rawBody: Buffer.from(JSON.stringify(update)),
  };
}

async function webhookBench(endpoint: string, apiRoot: string) {
  const tableName = `bench-${Date.now()}`;
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  const counter = { requests: 0 };
  const documentClient = createDocumentClient({
    endpoint,
    region: localRegion,
    interceptors: [
      async (_call, next) => {
        counter.requests++;
        return next();
      },
    ],
  });
  const config = parseConfig(benchEnv(tableName, endpoint, apiRoot));
  const app = createApp(config, {
    logger: createLogger({ level: "silent" }),
    documentClient,
  });

  async function measure(users: number[], text: (i: number) => string) {
    const times: number[] = [];
    const before = counter.requests;
    for (const [i, user] of users.entries()) {
      const started = performance.now();
      const response = await app.http(request(textUpdate(user, text(i))));
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    }
    return { ...stats(times), dynamodbRequestsPerMessage: (counter.requests - before) / users.length };
  }

  // Warm-up (JIT, connections, FAQ index), as a warm Lambda would be.
  await measure(
    Array.from({ length: 60 }, (_, i) => 1 + (i % 10)),
    (i) => (i % 3 ? "menu" : "gmn cara daftar nib"),
  );
  const menuUsers = Array.from({ length: rounds }, (_, i) => 10_000 + (i % 50));
  const menu = await measure(menuUsers, () => "menu");
  // A registration step: people at the "owner name" question answer it.
  const registrants = Array.from({ length: rounds }, (_, i) => 50_000 + i);
  for (const user of registrants) {
    await app.http(request(textUpdate(user, "/daftar")));
    await app.http(
      request({
        update_id: updateId++,
        callback_query: {
          id: `q${updateId}`,
          from: { id: user, is_bot: false, first_name: "B" },
          chat_instance: "c",
          data: "reg:consent:yes",
        },
      }),
    );
  }
  const registrationStep = await measure(registrants, () => "Siti Rahayu");
  const faqUsers = Array.from({ length: rounds }, (_, i) => 90_000 + (i % 50));
  const faqAnswer = await measure(faqUsers, () => "gmn cara dapet pinjaman tanpa bunga?");
  return { menu, registrationStep, faqAnswer };
}

/**
 * Wall time of a fresh node process, and its CPU time (user + system, all its threads) when the runner
 * reports it on fd 3: on a shared machine, waiting for a core inflates the wall time, not the CPU time.
 */
function runNodeTimed(file: string, env: Record<string, string>): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    let err = "";
    let cpu = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdio[3]?.on("data", (chunk: Buffer) => {
      cpu += chunk.toString();
    });
    child.on("close", (code) => {
      const usage = cpu ? (JSON.parse(cpu) as { user: number; system: number }) : { user: 0, system: 0 };
      const cpuMs = (usage.user + usage.system) / 1000;
      if (code === 0) resolvePromise({ wallMs: performance.now() - started, cpuMs });
      else reject(new Error(`cold start failed (${code}): ${err.slice(-400)}`));
    });
  });
}

/** Appended to a cold-start runner: its CPU time on fd 3 as the process exits. */
const reportCpu = `const { writeSync } = await import("node:fs");
process.on("exit", () => writeSync(3, JSON.stringify(process.cpuUsage())));`;

/** What a deployed function reads from its environment, pointed at DynamoDB Local and the fake APIs. */
function benchEnv(
  tableName: string,
  endpoint: string,
  apiRoot: string,
  whatsappBase = apiRoot,
): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_MODE: "webhook",
    LOG_LEVEL: "silent",
    WHATSAPP_TOKEN: "bench-wa-token",
    WHATSAPP_PHONE_NUMBER_ID: "1234567890",
    WHATSAPP_APP_SECRET: "bench-app-secret",
    WHATSAPP_VERIFY_TOKEN: "bench-verify",
    WHATSAPP_API_BASE: whatsappBase,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  };
}

/** Bundle sizes and cold init (scripts/lib/bench-cold.ts) of every entry next to a bare grammY echo. */
async function bundleBench(endpoint: string, apiRoot: string, whatsappBase: string) {
  const tableName = `bench-cold-${Date.now()}`;
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  return coldInitBench({
    root,
    env: benchEnv(tableName, endpoint, apiRoot, whatsappBase),
    echoSource: `import { Bot, webhookCallback } from "${join(root, "node_modules/grammy/out/mod.js")}";
const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN, { botInfo: { id: 123456, is_bot: true, first_name: "Echo", username: "echo_bot", can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false }, client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
export const handler = webhookCallback(bot, "aws-lambda-async", { secretToken: process.env.TELEGRAM_WEBHOOK_SECRET });
`,
    rounds: Number(process.env.BENCH_COLD_ROUNDS ?? 9),
  });
}

/** Bytes of each Lambda entry's bundle, built as `sst deploy` builds it (the .mjs in the function's zip). */
async function bundleSizes(): Promise<Record<string, number>> {
  mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
  const dir = mkdtempSync(join(root, "node_modules/.cache/umkm-bundles-"));
  try {
    const sizes: Record<string, number> = {};
    for (const name of [
      "telegram",
      "whatsapp",
      "console",
      "outbox-worker",
      "outbox-dispatch",
      "weekend-digest",
      "hourly",
    ]) {
      const entry = join(root, `functions/${name}.ts`);
      if (existsSync(entry))
        sizes[`functions/${name}.ts`] = await buildAsDeployed(entry, join(dir, `${name}.mjs`));
    }
    return sizes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first free-text message after a cold start (FAQ index and understanding built on first use). */
const coldTextEvent = `const body = JSON.stringify({ update_id: Math.floor(Math.random() * 1e9), message: { message_id: 1, date: 1, chat: { id: 4343, type: "private", first_name: "C" }, from: { id: 4343, is_bot: false, first_name: "C" }, text: "min sy mau nanya, syarat pinjaman tanpa bunga dr pemkot apa aja ya?" } });
const result = await handler({ rawPath: "/telegram", requestContext: { http: { method: "POST" } }, headers: { "x-telegram-bot-api-secret-token": ${JSON.stringify(secret)} }, body, isBase64Encoded: false }, {});
if ((result?.statusCode ?? 200) >= 300) { console.error(JSON.stringify(result)); process.exit(1); }`;

/**
 * Cold start + first free-text message, this tree against a baseline commit (BENCH_BASELINE_REF, default:
 * the commit before the understanding layer), bundled alike and run in interleaved rounds.
 */
async function coldTextBench(endpoint: string, apiRoot: string) {
  const baselineRef = process.env.BENCH_BASELINE_REF ?? "b80fd48~1";
  mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
  const dir = mkdtempSync(join(root, "node_modules/.cache/umkm-cold-text-"));
  const tableName = `bench-cold-text-${Date.now()}`;
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  const worktree = join(dir, "baseline");
  const git = (args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  try {
    git(["worktree", "add", "--detach", worktree, baselineRef]);
    symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { baselineRef, error: `baseline ${baselineRef} not available: ${String(error).slice(0, 200)}` };
  }
  try {
    const runners: Record<"head" | "baseline", string> = { head: "", baseline: "" };
    for (const [name, tree] of [
      ["head", root],
      ["baseline", worktree],
    ] as const) {
      const out = join(dir, `${name}.mjs`);
      await buildAsDeployed(join(tree, "functions/telegram.ts"), out);
      runners[name] = `${out}.run.mjs`;
      writeFileSync(
        runners[name],
        `${reportCpu}\nconst { handler } = await import(${JSON.stringify(out)});\n${coldTextEvent}`,
      );
    }
    const env = benchEnv(tableName, endpoint, apiRoot);
    const times = { head: [] as number[], baseline: [] as number[] };
    const cpu = { head: [] as number[], baseline: [] as number[] };
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    // Interleaved A/B rounds: the machine's drift hits both sides alike.
    for (let i = 0; i < 15; i++) {
      const baseline = await runNodeTimed(runners.baseline, env);
      const head = await runNodeTimed(runners.head, env);
      times.baseline.push(baseline.wallMs);
      times.head.push(head.wallMs);
      ratios.push(head.wallMs / baseline.wallMs);
      cpu.baseline.push(baseline.cpuMs);
      cpu.head.push(head.cpuMs);
      cpuRatios.push(head.cpuMs / baseline.cpuMs);
    }
    const range = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: stats(values).p50, min: sorted[0], max: sorted.at(-1) };
    };
    return {
      baselineRef,
      head: stats(times.head),
      baseline: stats(times.baseline),
      ratio: range(ratios),
      // The process's CPU time (all threads): what the change costs, less the machine's load.
      cpu: { head: stats(cpu.head), baseline: stats(cpu.baseline), ratio: range(cpuRatios) },
    };
  } finally {
    try {
      git(["worktree", "remove", "--force", worktree]);
    } catch {
      // Already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function runScript(script: string, args: string[] = []): Promise<string> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => resolvePromise(code === 0 ? out : `${out}\n(exit ${code})`));
  });
}

/**
 * npm start as a child process under load (its own DynamoDB Local). BENCH_SATURATION_BASELINE_REF: also run that
 * commit's npm start (a worktree), alternating window by window, for a before/after on a shared machine.
 */
async function runSaturation(apiRoot: string) {
  const levels = process.env.BENCH_SATURATION_LEVELS?.split(",").map(Number);
  const baselineRef = process.env.BENCH_SATURATION_BASELINE_REF;
  const git = (args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  let dir: string | undefined;
  let worktree: string | undefined;
  if (baselineRef) {
    mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
    dir = mkdtempSync(join(root, "node_modules/.cache/umkm-saturation-"));
    worktree = join(dir, "baseline");
    git(["worktree", "add", "--detach", worktree, baselineRef]);
    symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
  }
  try {
    const result = await saturationBench({
      root,
      apiRoot,
      token,
      secret,
      ...(worktree ? { baselineRoot: worktree } : {}),
      ...(levels ? { levels } : {}),
      ...(process.env.BENCH_SATURATION_ROUNDS ? { rounds: Number(process.env.BENCH_SATURATION_ROUNDS) } : {}),
      ...(process.env.BENCH_SATURATION_WINDOW_MS
        ? { windowMs: Number(process.env.BENCH_SATURATION_WINDOW_MS) }
        : {}),
      ...(process.env.BENCH_SATURATION_LOG_LEVEL ? { logLevel: process.env.BENCH_SATURATION_LOG_LEVEL } : {}),
      ...(process.env.BENCH_CPU_PROF_DIR ? { cpuProfDir: resolve(process.env.BENCH_CPU_PROF_DIR) } : {}),
    });
    return { ...result, baselineRef };
  } finally {
    if (worktree) {
      try {
        git(["worktree", "remove", "--force", worktree]);
      } catch {
        // Already gone.
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const spreadText = (value: Spread) => `${value.median} [${value.min}..${value.max}]`;

async function main() {
  if (process.argv.includes("--only") && process.argv.includes("saturation")) {
    // Unvalidated and forgetful: the fake shares the cores with the server under test.
    const fake = await startFakeTelegramApi({ validate: false });
    const forget = setInterval(() => fake.clear(), 2_000);
    try {
      const saturation = await runSaturation(fake.url);
      console.log(formatSaturation(saturation, saturation.baselineRef));
    } finally {
      clearInterval(forget);
      await fake.close();
    }
    return;
  }
  // `npm run bench -- --only bundles`: every entry's size as deployed, nothing else (a few seconds).
  if (process.argv.includes("--only") && process.argv.includes("bundles")) {
    console.log(sstDeployBuildSummary);
    console.log(JSON.stringify(await bundleSizes(), null, 2));
    return;
  }
  const store = await startDynamoDbLocal();
  const fake = await startFakeTelegramApi();
  const whatsappFake = await startFakeWhatsAppApi();
  try {
    // `npm run bench -- --only cold`: just bundle sizes and cold init against the echo (interleaved rounds).
    if (process.argv.includes("--only") && process.argv.includes("cold")) {
      console.log(sstDeployBuildSummary);
      console.log(JSON.stringify(await bundleBench(store.endpoint, fake.url, whatsappFake.url), null, 2));
      return;
    }
    // `npm run bench -- --only requests`: DynamoDB requests and capacity per flow against the issue #21 targets.
    if (process.argv.includes("--only") && process.argv.includes("requests")) {
      console.log(formatRequestCounts(await requestCountBench(store.endpoint, fake)));
      return;
    }
    // `npm run bench -- --only scale`: per-recipient and /statistik costs at 1k/10k/100k users (BENCH_SCALE_SIZES).
    if (process.argv.includes("--only") && process.argv.includes("scale")) {
      const sizes = process.env.BENCH_SCALE_SIZES?.split(",").map(Number);
      const points = await scaleBench(store.endpoint, fake, {
        ...(sizes ? { sizes } : {}),
        ...(process.env.BENCH_SCALE_SAMPLE ? { sample: Number(process.env.BENCH_SCALE_SAMPLE) } : {}),
        log: (line) => console.log(line),
      });
      console.log(`\n${formatScale(points)}`);
      mkdirSync(join(root, "bench"), { recursive: true });
      // The measured counts `npm run costs` prices (scripts/costs.ts).
      writeFileSync(
        join(root, "bench/scale.json"),
        `${JSON.stringify({ at: new Date().toISOString(), points }, null, 2)}\n`,
      );
      console.log("Wrote bench/scale.json");
      return;
    }
    // `npm run bench -- --only cold-text`: just the cold start A/B (a change to start-up code, measured quickly).
    if (process.argv.includes("--only") && process.argv.includes("cold-text")) {
      console.log(JSON.stringify(await coldTextBench(store.endpoint, fake.url), null, 2));
      return;
    }
    console.log(`Webhook latency, ${rounds} messages each (in-process, DynamoDB Local, fake Bot API)...`);
    const webhook = await webhookBench(store.endpoint, fake.url);
    console.log("npm start at saturation (closed loop, interleaved rounds)...");
    const forget = setInterval(() => fake.clear(), 2_000);
    const saturation = await runSaturation(fake.url).finally(() => clearInterval(forget));
    console.log(`Bundles and cold init (${sstDeployBuildSummary})...`);
    const bundles = await bundleBench(store.endpoint, fake.url, whatsappFake.url);
    console.log("Cold start + first free-text message, this tree vs a baseline commit (interleaved)...");
    const coldText = await coldTextBench(store.endpoint, fake.url);
    console.log("FAQ benchmark...");
    const faq = await runScript("scripts/bench-faq.ts");
    const broadcastScript = join(root, "scripts/bench-broadcast.ts");
    const broadcast = existsSync(broadcastScript)
      ? await runScript("scripts/bench-broadcast.ts")
      : "not available yet";

    const table = [
      ["metric", "value", "target"],
      [
        "menu message p50/p95/p99 ms",
        `${webhook.menu.p50} / ${webhook.menu.p95} / ${webhook.menu.p99}`,
        "p99 < 50",
      ],
      [
        "registration step p50/p95/p99 ms",
        `${webhook.registrationStep.p50} / ${webhook.registrationStep.p95} / ${webhook.registrationStep.p99}`,
        "p99 < 50",
      ],
      [
        "FAQ answer p50/p95/p99 ms",
        `${webhook.faqAnswer.p50} / ${webhook.faqAnswer.p95} / ${webhook.faqAnswer.p99}`,
        "p99 < 50",
      ],
      ["DynamoDB requests / menu message", String(webhook.menu.dynamodbRequestsPerMessage), "<= 3"],
      [
        "DynamoDB requests / registration step",
        String(webhook.registrationStep.dynamodbRequestsPerMessage),
        "",
      ],
      [
        "npm start saturation msg/s (median [min..max])",
        `${saturation.saturation.perSecond.median} [${saturation.saturation.perSecond.min}..${saturation.saturation.perSecond.max}] at ${saturation.saturation.workers} workers`,
        "",
      ],
      [
        "  per message: Node CPU / DynamoDB Local CPU ms",
        `${saturation.saturation.nodeCpuMsPerMessage.median} / ${saturation.saturation.jvmCpuMsPerMessage.median}`,
        "",
      ],
      ...Object.entries(bundles).map(([name, result]) => [
        `${name} (${result.event}): bundle bytes (KiB) / cold answer ms / cold CPU ms (x echo), median [min..max]`,
        `${result.bytes} (${(result.bytes / 1024).toFixed(0)}) / ${spreadText(result.answerMs)} / ${spreadText(result.cpuMs)} (${spreadText(result.cpuVsEcho)})`,
        name === "bare grammY echo" ? "reference" : "< 1,000,000 bytes, CPU <= 1.5x echo",
      ]),
    ];
    if ("head" in coldText && coldText.head && coldText.baseline) {
      table.push([
        `cold + first free text p50 ms (vs ${coldText.baselineRef})`,
        `${coldText.head.p50} vs ${coldText.baseline.p50}, ratio p50 ${coldText.ratio.p50} [${coldText.ratio.min?.toFixed(2)}..${coldText.ratio.max?.toFixed(2)}]`,
        "ratio <= 1.0 (no slower)",
      ]);
      table.push([
        "cold + first free text CPU ms (process, all threads)",
        `${coldText.cpu.head.p50} vs ${coldText.cpu.baseline.p50}, ratio p50 ${coldText.cpu.ratio.p50} [${coldText.cpu.ratio.min?.toFixed(2)}..${coldText.cpu.ratio.max?.toFixed(2)}]`,
        "report",
      ]);
    } else table.push(["cold + first free text", "error" in coldText ? coldText.error : "-", ""]);
    const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
    for (const row of table) console.log(row.map((cell, col) => cell.padEnd(widths[col]!)).join("  "));
    console.log(`\n--- Saturation ---\n${formatSaturation(saturation)}`);
    console.log(`\n--- FAQ (bench:faq) ---\n${faq.trim()}`);
    console.log(`\n--- Broadcast (bench:broadcast) ---\n${broadcast.trim()}`);
    mkdirSync(join(root, "bench"), { recursive: true });
    writeFileSync(
      join(root, "bench/results.json"),
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rounds, webhook, saturation, bundleBuild: sstDeployBuildSummary, bundles, coldText, faq, broadcast }, null, 2)}\n`,
    );
    console.log("\nWrote bench/results.json");
  } finally {
    await whatsappFake.close();
    await fake.close();
    await store.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
