// `npm run bench:broadcast`: one broadcast per channel through the real outbox (planner, local queue,
// worker, rate limiter, DynamoDB Local) against fake platform APIs that ENFORCE the configured limit
// (429 / 130429 above it). Reports messages/s as a share of the limit, duplicates and losses.
// Not a test: numbers depend on the machine. Target: >= 90% of the limit, 0 duplicates, 0 losses.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../functions/lib/app/create-app.js";
import { parseConfig } from "../functions/lib/config/config.js";
import { createDocumentClient } from "../functions/lib/store/dynamo.js";
import { startFakeTelegramApi } from "../tests/fakes/telegram-api.js";
import { seedContacts } from "../tests/outbox/seed.js";
import { createLocalClient, ensureTable, startDynamoDbLocal } from "./lib/dynamodb-local.js";

const telegramLimit = Number(process.env.TELEGRAM_RATE_PER_SECOND ?? 25);
const whatsappLimit = Number(process.env.WHATSAPP_RATE_PER_SECOND ?? 60);
const telegramRecipients = Number(process.env.BENCH_TELEGRAM_RECIPIENTS ?? telegramLimit * 20);
const whatsappRecipients = Number(process.env.BENCH_WHATSAPP_RECIPIENTS ?? whatsappLimit * 20);

/** A minimal Graph API that accepts at most `limit` messages in any 1 s window, else 130429. */
async function startEnforcingGraphApi(limit: number) {
  const accepted: { to: string; at: number }[] = [];
  const recent: number[] = [];
  let rejected = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to: string };
    const now = Date.now();
    while (recent.length && recent[0]! <= now - 1000) recent.shift();
    res.setHeader("content-type", "application/json");
    if (recent.length >= limit) {
      rejected++;
      res.writeHead(429);
      res.end(
        JSON.stringify({
          error: { message: "Rate limit hit", type: "OAuthException", code: 130429, fbtrace_id: "x" },
        }),
      );
      return;
    }
    recent.push(now);
    accepted.push({ to: payload.to, at: now });
    res.writeHead(200);
    res.end(
      JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.${accepted.length}` }] }),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    rejected: () => rejected,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function analyse(
  name: string,
  limit: number,
  expected: readonly string[],
  accepted: { to: string; at: number }[],
  rejected: number,
) {
  const perRecipient = new Map<string, number>();
  for (const { to } of accepted) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
  const losses = expected.filter((id) => !perRecipient.has(id)).length;
  const times = accepted.map((a) => a.at).sort((a, b) => a - b);
  const seconds = (times.at(-1)! - times[0]!) / 1000;
  const rate = (accepted.length - 1) / seconds;
  return {
    channel: name,
    recipients: expected.length,
    limitPerSecond: limit,
    achievedPerSecond: Number(rate.toFixed(2)),
    ratioOfLimit: Number((rate / limit).toFixed(3)),
    duplicates,
    losses,
    rejectedAbove429: rejected,
    seconds: Number(seconds.toFixed(1)),
  };
}

interface Phase {
  readonly channel: "telegram" | "whatsapp";
  readonly limit: number;
  readonly recipients: number;
}

async function runPhase(phase: Phase, endpoint: string) {
  const tableName = `bench-${phase.channel}-${Date.now()}`;
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  const documentClient = createDocumentClient({ region: "ap-southeast-3", endpoint });
  const telegram = await startFakeTelegramApi({ ratePerSecond: telegramLimit });
  const graph = await startEnforcingGraphApi(whatsappLimit);
  try {
    const ids = Array.from({ length: phase.recipients }, (_, i) =>
      phase.channel === "telegram" ? String(100_000 + i) : `62812${String(i).padStart(7, "0")}`,
    );
    await seedContacts(
      documentClient,
      tableName,
      ids.map((userId) => ({ channel: phase.channel, userId, lastInboundAt: Date.now() })),
    );
    const config = parseConfig({
      ...process.env,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
      TELEGRAM_BOT_TOKEN: "123456:BENCH-token",
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_MODE: "webhook",
      WHATSAPP_TOKEN: "bench",
      WHATSAPP_PHONE_NUMBER_ID: "1234567890",
      WHATSAPP_APP_SECRET: "bench",
      WHATSAPP_VERIFY_TOKEN: "bench",
      WHATSAPP_API_BASE: graph.url,
      TELEGRAM_RATE_PER_SECOND: String(telegramLimit),
      WHATSAPP_RATE_PER_SECOND: String(whatsappLimit),
      OUTBOX_CONCURRENCY: process.env.OUTBOX_CONCURRENCY ?? "32",
      OUTBOX_POLL_MS: "50",
    });
    const app = createApp(config, { documentClient });
    const runner = app.outbox.startLocal();
    const now = new Date();
    const id = `bench${phase.channel.slice(0, 2)}01`;
    await app.outbox.jobs.create({
      id,
      audience: { kind: "semua" },
      content: { text: "Bench broadcast" },
      createdByLanguage: "id",
      sendAt: now,
      now,
    });
    const started = Date.now();
    for (;;) {
      const job = await app.outbox.jobs.get(id);
      if (job?.state === "done") {
        console.error(
          `${phase.channel}: job done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(job.counters)}`,
        );
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await runner.stop();
    if (phase.channel === "telegram") {
      const accepted = telegram.calls
        .filter((c) => c.method === "sendMessage" && c.status === 200)
        .map((c) => ({ to: String(c.payload.chat_id), at: c.at! }));
      return analyse("telegram", telegramLimit, ids, accepted, telegram.rejected.count);
    }
    return analyse("whatsapp", whatsappLimit, ids, graph.accepted, graph.rejected());
  } finally {
    await telegram.close();
    await graph.close();
  }
}

async function main() {
  const local = await startDynamoDbLocal();
  const results = [];
  try {
    // One channel at a time: DynamoDB Local (one JVM) is the bottleneck, not the limiter.
    results.push(
      await runPhase(
        { channel: "telegram", limit: telegramLimit, recipients: telegramRecipients },
        local.endpoint,
      ),
    );
    results.push(
      await runPhase(
        { channel: "whatsapp", limit: whatsappLimit, recipients: whatsappRecipients },
        local.endpoint,
      ),
    );
  } finally {
    await local.stop();
  }
  console.log(JSON.stringify(results, null, 2));
  const ok = results.every((r) => r.ratioOfLimit >= 0.9 && r.duplicates === 0 && r.losses === 0);
  console.error(ok ? "target met: >= 90% of the limit, 0 duplicates, 0 losses" : "target NOT met");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
