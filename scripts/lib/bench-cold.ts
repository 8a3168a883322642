// Cold init as Lambda pays it: a fresh Node process imports the bundle (built as `sst deploy` builds it) and
// handles one event that does real work; measured are the time from spawn to the handler's answer and the
// process's CPU time at that moment (process.cpuUsage), not spawn-to-exit (a process that used `fetch` lingers
// ~250 ms after answering; Lambda freezes it instead). Interleaved rounds: every entry next to the bare
// grammY echo in each round, so the machine's drift hits both alike.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../../functions/lib/app/create-app.js";
import { parseConfig } from "../../functions/lib/config/config.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import { createDocumentClient } from "../../functions/lib/store/dynamo.js";
import { seedContacts } from "../../tests/outbox/seed.js";
import { localRegion } from "./dynamodb-local.js";
import { buildAsDeployed } from "./lambda-bundle.js";

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface ColdResult {
  readonly bytes: number;
  readonly event: string;
  /** Spawn to the handler's answer, ms. */
  readonly answerMs: Spread;
  /** User + system CPU of the process at the answer, ms. */
  readonly cpuMs: Spread;
  /** This entry's CPU / the echo's CPU in the same round. */
  readonly cpuVsEcho: Spread;
}

const spread = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
};

const bootstrap = `import { readFileSync } from "node:fs";
const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { handler } = await import(input.bundle);
const result = await handler(input.event, { getRemainingTimeInMillis: () => 60000 });
const cpu = process.cpuUsage();
const failed = (result?.statusCode ?? 200) >= 300 || (result?.batchItemFailures?.length ?? 0) > 0;
process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, failed, result }) + "\\n");
process.exit(0);
`;

function runCold(dir: string, bundle: string, event: unknown, env: Record<string, string>) {
  const input = join(dir, `event-${randomUUID()}.json`);
  writeFileSync(input, JSON.stringify({ bundle, event }));
  return new Promise<{ answerMs: number; cpuMs: number }>((resolve, reject) => {
    const started = performance.now();
    // BENCH_COLD_PROF_DIR: a V8 CPU profile of every cold run (where cold init spends its CPU).
    const profile = process.env.BENCH_COLD_PROF_DIR
      ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_COLD_PROF_DIR]
      : [];
    const child = spawn(process.execPath, [...profile, join(dir, "bootstrap.mjs"), input], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let answer: { answerMs: number; cpuMs: number; failed: boolean; result: unknown } | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!answer && out.includes("\n")) {
        const parsed = JSON.parse(out.slice(0, out.indexOf("\n")));
        answer = { answerMs: performance.now() - started, ...parsed };
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("exit", (code) => {
      if (!answer || code !== 0) reject(new Error(`cold run failed (${code}): ${err.slice(-400)}`));
      else if (answer.failed)
        reject(new Error(`handler answered a failure: ${JSON.stringify(answer.result)}`));
      else resolve({ answerMs: answer.answerMs, cpuMs: answer.cpuMs });
    });
  });
}

const apiEvent = (path: string, headers: Record<string, string>, body: string) => ({
  version: "2.0",
  rawPath: path,
  rawQueryString: "",
  headers: { "content-type": "application/json", ...headers },
  requestContext: { http: { method: "POST", path } },
  body,
  isBase64Encoded: false,
});

export interface ColdBenchInput {
  readonly root: string;
  /** What the deployed functions read from their environment (table, fakes, secrets). */
  readonly env: Record<string, string>;
  readonly echoSource: string;
  readonly rounds: number;
}

export async function coldInitBench(input: ColdBenchInput): Promise<Record<string, ColdResult>> {
  const { root, env } = input;
  mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
  const dir = mkdtempSync(join(root, "node_modules/.cache/umkm-cold-"));
  writeFileSync(join(dir, "bootstrap.mjs"), bootstrap);
  writeFileSync(join(dir, "echo.ts"), input.echoSource);
  const config = parseConfig(env);
  const documentClient = createDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT, region: localRegion });
  const app = createApp(config, { logger: createLogger({ level: "silent" }), documentClient });
  // The worker's delivery goes to a known Telegram contact.
  await seedContacts(documentClient, config.tableName, [{ channel: "telegram", userId: "5005" }]);
  const question = "min sy mau nanya, syarat pinjaman tanpa bunga dr pemkot apa aja ya?";
  const telegramEvent = (round: number) =>
    apiEvent(
      "/telegram",
      { "x-telegram-bot-api-secret-token": env.TELEGRAM_WEBHOOK_SECRET ?? "" },
      JSON.stringify({
        update_id: 900_000 + round,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 60_000 + round, type: "private", first_name: "C" },
          from: { id: 60_000 + round, is_bot: false, first_name: "C" },
          text: question,
        },
      }),
    );
  const whatsappEvent = (round: number) => {
    const from = `62812${String(700_000 + round).padStart(7, "0")}`;
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: "6281100000000",
                  phone_number_id: env.WHATSAPP_PHONE_NUMBER_ID,
                },
                contacts: [{ profile: { name: "C" }, wa_id: from }],
                messages: [
                  {
                    from,
                    id: `wamid.COLD${round}${Date.now()}`,
                    timestamp: "1",
                    type: "text",
                    text: { body: question },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac("sha256", env.WHATSAPP_APP_SECRET ?? "")
      .update(body)
      .digest("hex")}`;
    return apiEvent("/whatsapp", { "x-hub-signature-256": signature }, body);
  };
  // A worker batch with one delivery: a job for the seeded contact (the worker's claim makes its record).
  const workerEvent = async (round: number) => {
    const id = `cold${Date.now().toString(36)}${round}`;
    const now = new Date();
    const to = { channel: "telegram" as const, userId: "5005" };
    await app.outbox.jobs.create({
      id,
      audience: { kind: "semua" },
      content: { text: `Cold ${id}` },
      createdByLanguage: "id",
      sendAt: now,
      now,
    });
    const body = JSON.stringify({ jobId: id, ...to });
    return {
      Records: [
        {
          messageId: randomUUID(),
          receiptHandle: randomUUID(),
          body,
          attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()) },
          messageAttributes: {},
          md5OfBody: "",
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:ap-southeast-3:123456789012:OutboxQueue",
          awsRegion: "ap-southeast-3",
        },
      ],
    };
  };
  const entries: Record<string, { file: string; event: string; make: (round: number) => unknown }> = {
    "bare grammY echo": { file: join(dir, "echo.ts"), event: "Telegram text (echoed)", make: telegramEvent },
    "functions/telegram.ts": {
      file: join(root, "functions/telegram.ts"),
      event: "Telegram FAQ question, new person",
      make: telegramEvent,
    },
    "functions/whatsapp.ts": {
      file: join(root, "functions/whatsapp.ts"),
      event: "signed WhatsApp FAQ question, new person",
      make: whatsappEvent,
    },
    "functions/outbox-worker.ts": {
      file: join(root, "functions/outbox-worker.ts"),
      event: "SQS batch, one Telegram delivery",
      make: workerEvent,
    },
    "functions/outbox-dispatch.ts": {
      file: join(root, "functions/outbox-dispatch.ts"),
      event: "Scheduler {} (nothing due)",
      make: () => ({}),
    },
    "functions/weekend-digest.ts": {
      file: join(root, "functions/weekend-digest.ts"),
      event: "Scheduler {}",
      make: () => ({}),
    },
    "functions/hourly.ts": {
      file: join(root, "functions/hourly.ts"),
      event: "Scheduler {}",
      make: () => ({}),
    },
  };
  // BENCH_COLD_ONLY=telegram,whatsapp: just those entries next to the echo (a quicker A/B while changing one).
  const only = process.env.BENCH_COLD_ONLY?.split(",").filter(Boolean);
  if (only?.length)
    for (const name of Object.keys(entries))
      if (name !== "bare grammY echo" && !only.some((part) => name.includes(part))) delete entries[name];
  try {
    const bundles: Record<string, { path: string; bytes: number }> = {};
    for (const [name, entry] of Object.entries(entries)) {
      const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, "_")}.mjs`);
      bundles[name] = { path, bytes: await buildAsDeployed(entry.file, path) };
    }
    const samples: Record<string, { answer: number[]; cpu: number[]; ratio: number[] }> = {};
    for (const name of Object.keys(entries)) samples[name] = { answer: [], cpu: [], ratio: [] };
    for (let round = 0; round < input.rounds; round++) {
      const echo = await runCold(
        dir,
        bundles["bare grammY echo"]!.path,
        await entries["bare grammY echo"]!.make(round),
        env,
      );
      samples["bare grammY echo"]!.answer.push(echo.answerMs);
      samples["bare grammY echo"]!.cpu.push(echo.cpuMs);
      samples["bare grammY echo"]!.ratio.push(1);
      for (const [name, entry] of Object.entries(entries)) {
        if (name === "bare grammY echo") continue;
        const run = await runCold(dir, bundles[name]!.path, await entry.make(round), env);
        samples[name]!.answer.push(run.answerMs);
        samples[name]!.cpu.push(run.cpuMs);
        samples[name]!.ratio.push(run.cpuMs / echo.cpuMs);
      }
    }
    return Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [
        name,
        {
          bytes: bundles[name]!.bytes,
          event: entry.event,
          answerMs: spread(samples[name]!.answer),
          cpuMs: spread(samples[name]!.cpu),
          cpuVsEcho: spread(samples[name]!.ratio),
        },
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
