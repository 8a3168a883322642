// Offline infrastructure test: stubs SST's globals, runs the stack factories and sst.config.ts, and
// checks what they would deploy. Needs no AWS credentials and no `sst install`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createTableInput,
  keyAttributeNames,
  tableDefinition,
} from "../../functions/lib/store/table-definition.js";
import {
  type Args,
  durationSeconds,
  handlerProblems,
  installSstStubs,
  type SstRecorder,
} from "./sst-stubs.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

type Module = Record<string, unknown>;
const load = async (relative: string): Promise<Module> =>
  (await import(/* @vite-ignore */ pathToFileURL(join(ROOT, relative)).href)) as Module;
// biome-ignore lint/suspicious/noExplicitAny: factories are plain JS functions here.
type Factory = (...args: any[]) => any;
const fn = (module: Module, name: string) => module[name] as Factory;

// A scratch project root holding throw-away handlers, so the factories are tested without waiting for
// functions/whatsapp.ts, functions/outbox-worker.ts and the digest handler to arrive.
let scratch: string;
const HANDLER_SOURCE = "export const handler = async () => ({ statusCode: 200 });\n";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "infra-test-"));
  mkdirSync(join(scratch, "functions"));
  for (const name of ["telegram", "whatsapp", "console", "worker", "digest"]) {
    writeFileSync(join(scratch, "functions", `${name}.ts`), HANDLER_SOURCE);
  }
  writeFileSync(join(scratch, "functions", "no-export.ts"), "export const notTheHandler = 1;\n");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let sst: SstRecorder | undefined;
const stubs = (stage: string, root = scratch) => {
  sst = installSstStubs({ stage, root });
  return sst;
};
afterEach(() => {
  sst?.restore();
  sst = undefined;
});

const linkNames = (rec: SstRecorder, args: Args) => {
  const links = (args.link ?? []) as unknown[];
  return links.map((link) => rec.nameOf(link) ?? `<not a resource of this app: ${String(link)}>`);
};

/** Shared assertions for every Lambda the stacks define. */
function expectGoodFunction(rec: SstRecorder, root: string, owner: string, args: Args) {
  expect(handlerProblems(root, args.handler), owner).toEqual([]);
  for (const name of linkNames(rec, args)) {
    expect(
      rec.resources.map((r) => r.name),
      `${owner} links ${name}`,
    ).toContain(name);
  }
  expect(args.runtime, owner).toBe("nodejs22.x");
  expect(args.architecture, owner).toBe("arm64");
  const nodejs = args.nodejs as { format?: string; minify?: boolean; banner?: string; esbuild?: Args };
  expect(nodejs.esbuild?.keepNames, `${owner}: grammY needs keepNames`).toBe(true);
  expect(
    nodejs.esbuild?.external,
    `${owner}: the AWS SDK is bundled (pinned version, faster cold start)`,
  ).toBeUndefined();
  expect(nodejs.format ?? "esm").toBe("esm");
  // SST's ESM banner already defines `require`; a second declaration is a SyntaxError at cold start.
  expect(String(nodejs.banner ?? "")).not.toMatch(/\b(const|let|var)\s+require\b/);
  expect(durationSeconds(args.timeout)).toBeGreaterThan(0);
}

const sstDeps = async () => ({
  storage: fn(await load("stacks/storage.ts"), "createStorage")({ isProduction: false }),
  secrets: fn(await load("stacks/secrets.ts"), "createSecrets")(),
});

describe("storage", () => {
  it("maps tableDefinition to sst.aws.Dynamo: keys, GSIs, TTL, all-string key fields", async () => {
    const rec = stubs("dev");
    fn(await load("stacks/storage.ts"), "createStorage")({ isProduction: false });
    const table = rec.byName("Table").args;
    expect(table.fields).toEqual(Object.fromEntries(keyAttributeNames().map((name) => [name, "string"])));
    expect(table.primaryIndex).toEqual({
      hashKey: tableDefinition.partitionKey,
      rangeKey: tableDefinition.sortKey,
    });
    const gsis = table.globalIndexes as Record<string, { hashKey: string; rangeKey: string }>;
    expect(Object.keys(gsis).sort()).toEqual(tableDefinition.globalIndexes.map((i) => i.name).sort());
    for (const index of tableDefinition.globalIndexes) {
      expect(gsis[index.name]).toMatchObject({ hashKey: index.partitionKey, rangeKey: index.sortKey });
    }
    expect(table.ttl).toBe(tableDefinition.ttlAttribute);
    // Same shape as the CreateTable input used by DynamoDB Local and the store tests.
    const local = createTableInput("x");
    expect(Object.keys(table.fields as Args).sort()).toEqual(
      local.AttributeDefinitions.map((a) => a.AttributeName).sort(),
    );
    expect(local.GlobalSecondaryIndexes.map((i) => i.IndexName).sort()).toEqual(Object.keys(gsis).sort());
    // Both project the same few attributes (INCLUDE), never ALL: a chat turn's contact update writes no index.
    for (const index of local.GlobalSecondaryIndexes) {
      expect(index.Projection.ProjectionType).toBe("INCLUDE");
      expect((gsis[index.IndexName] as unknown as { projection: string[] }).projection).toEqual(
        index.Projection.NonKeyAttributes,
      );
    }
    expect((gsis.gsi1 as unknown as { projection: string[] }).projection).not.toContain("lastInboundAt");
  });

  it.each([
    ["production", true],
    ["dev", false],
  ])("on-demand, point-in-time recovery and deletion protection on %s: %s", async (stage, production) => {
    const rec = stubs(stage);
    fn(await load("stacks/storage.ts"), "createStorage")({ isProduction: production });
    const args = rec.byName("Table").args;
    const tableArgs: Args = {};
    (args.transform as { table: (a: Args) => void }).table(tableArgs);
    expect(tableArgs).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: production },
    });
    expect(args.deletionProtection).toBe(production);
  });
});

describe("api", () => {
  it("routes the webhooks to functions exporting handler, each linked least-privilege", async () => {
    const rec = stubs("dev");
    const deps = await sstDeps();
    const result = fn(
      await load("stacks/api.ts"),
      "createApi",
    )({
      ...deps,
      isProduction: false,
      environment: { TELEGRAM_MODE: "webhook" },
      handlers: {
        telegram: "functions/telegram.ts",
        whatsapp: "functions/whatsapp.ts",
        console: "functions/console.ts",
      },
    });
    expect(rec.routes.map((r) => r.route).sort()).toEqual([
      "GET /konsol",
      "GET /konsol/{proxy+}",
      "GET /whatsapp",
      "POST /konsol/api/{proxy+}",
      "POST /telegram",
      "POST /whatsapp",
    ]);
    const linksOf = (route: string) => {
      const r = rec.routes.find((x) => x.route === route)!;
      const { owner, args } = rec.routeFunction(r);
      expectGoodFunction(rec, scratch, owner, args);
      expect(durationSeconds(args.timeout)).toBeLessThanOrEqual(15); // fast answers; API GW max is 30 s
      expect(args.environment).toMatchObject({ TELEGRAM_MODE: "webhook" });
      return linkNames(rec, args).sort();
    };
    expect(linksOf("POST /telegram")).toEqual(["Table", "TelegramBotToken", "TelegramWebhookSecret"]);
    const whatsapp = ["Table", "WhatsappAppSecret", "WhatsappToken", "WhatsappVerifyToken"];
    expect(linksOf("GET /whatsapp")).toEqual(whatsapp);
    expect(linksOf("POST /whatsapp")).toEqual(whatsapp);
    // GET and POST share one function.
    const getFn = rec.routeFunction(rec.routes.find((x) => x.route === "GET /whatsapp")!).owner;
    expect(rec.routeFunction(rec.routes.find((x) => x.route === "POST /whatsapp")!).owner).toBe(getFn);
    // The console: one function for its three routes, its page's files copied next to the bundle, and the
    // bot's links pointing at this API.
    const consoleFn = rec.routeFunction(rec.routes.find((x) => x.route === "GET /konsol")!);
    for (const route of ["GET /konsol/{proxy+}", "POST /konsol/api/{proxy+}"])
      expect(rec.routeFunction(rec.routes.find((x) => x.route === route)!).owner).toBe(consoleFn.owner);
    expect(linksOf("GET /konsol")).toEqual([
      "Table",
      "TelegramBotToken",
      "TelegramWebhookSecret",
      "WhatsappAppSecret",
      "WhatsappToken",
      "WhatsappVerifyToken",
    ]);
    expect(consoleFn.args.copyFiles).toEqual([{ from: "functions/lib/console/public", to: "konsol" }]);
    expect(existsSync(join(ROOT, "functions/lib/console/public/index.html"))).toBe(true);
    expect(consoleFn.args.environment).toMatchObject({
      CONSOLE_BASE_URL: expect.stringMatching(/^https:\/\//),
    });
    expect(result.consoleUrl).toMatch(/^https:\/\/.+\/konsol$/);
    expect(result.telegramWebhookUrl).toMatch(/^https:\/\/.+\/telegram$/);
    expect(result.whatsappWebhookUrl).toMatch(/^https:\/\/.+\/whatsapp$/);
  });

  it("leaves WhatsApp out while its handler is not wired", async () => {
    const rec = stubs("dev");
    fn(
      await load("stacks/api.ts"),
      "createApi",
    )({
      ...(await sstDeps()),
      isProduction: false,
      environment: {},
      handlers: { telegram: "functions/telegram.ts" },
    });
    expect(rec.routes.map((r) => r.route)).toEqual(["POST /telegram"]);
  });

  it("the handler check catches a missing file and a file without `handler`", () => {
    expect(handlerProblems(scratch, "functions/telegram.handler")).toEqual([]);
    expect(handlerProblems(scratch, "functions/nope.handler")[0]).toMatch(/handler file not found/);
    expect(handlerProblems(scratch, "functions/no-export.handler")[0]).toMatch(/does not export "handler"/);
  });
});

describe("messaging", () => {
  it("outbox queue with DLQ, one worker with partial batch responses and capped concurrency", async () => {
    const rec = stubs("dev");
    const deps = await sstDeps();
    const messagingModule = await load("stacks/messaging.ts");
    const defaults = await load("stacks/function-defaults.ts");
    const messaging = fn(messagingModule, "createMessaging")({});
    fn(messagingModule, "subscribeOutboxWorker")(messaging, {
      ...deps,
      handler: "functions/worker.ts",
      isProduction: false,
      environment: {},
    });

    const queue = rec.byName("OutboxQueue").args;
    const dlq = rec.byName("OutboxDlq");
    expect(queue.dlq).toEqual({ queue: (dlq.instance as { arn: string }).arn, retry: 5 });
    expect(rec.subscriptions).toHaveLength(1);
    const [subscription] = rec.subscriptions;
    expect(subscription!.queue).toBe("OutboxQueue");
    const worker = subscription!.subscriber as Args;
    expectGoodFunction(rec, scratch, "outbox worker", worker);
    expect(linkNames(rec, worker).sort()).toEqual([
      "Table",
      "TelegramBotToken",
      "WhatsappAppSecret",
      "WhatsappToken",
      "WhatsappVerifyToken",
    ]);
    // Each of the (at most) WORKER_MAX_CONCURRENCY instances paces itself at its share of the limits.
    expect(worker.environment).toMatchObject({
      OUTBOX_WORKER_INSTANCES: String(messagingModule.WORKER_MAX_CONCURRENCY),
    });

    const batch = subscription!.args!.batch as { partialResponses: boolean; size: number };
    expect(batch).toMatchObject({ partialResponses: true, size: 10 });
    const esm: Args = {};
    (subscription!.args!.transform as { eventSourceMapping: (a: Args) => void }).eventSourceMapping(esm);
    const maxConcurrency = (esm.scalingConfig as { maximumConcurrency: number }).maximumConcurrency;
    expect(maxConcurrency).toBe(messagingModule.WORKER_MAX_CONCURRENCY);
    expect(maxConcurrency).toBeGreaterThanOrEqual(2); // AWS minimum
    expect(maxConcurrency).toBeLessThanOrEqual(6); // sequential sends at <= 5 msg/s each stay under ~30 msg/s

    const workerTimeout = durationSeconds(worker.timeout);
    expect(workerTimeout).toBe(defaults.WORKER_TIMEOUT_SECONDS);
    expect(durationSeconds(queue.visibilityTimeout)).toBeGreaterThanOrEqual(6 * workerTimeout);

    // DLQ keeps messages longer than the main queue (age counts from the original enqueue).
    const retention = (args: Args) =>
      (args.transform as { queue: { messageRetentionSeconds: number } }).queue.messageRetentionSeconds;
    expect(retention(dlq.args)).toBeGreaterThan(retention(queue));

    const [alarm] = rec.ofType("aws.cloudwatch.MetricAlarm");
    expect(alarm!.args).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "stub-OutboxDlq" },
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
  });

  it("sends the DLQ alarm to an e-mail topic only when one is configured", async () => {
    const rec = stubs("dev");
    fn(await load("stacks/messaging.ts"), "createMessaging")({ alarmEmail: "ops@example.org" });
    expect(rec.byName("OpsAlarmsEmail").args).toMatchObject({
      protocol: "email",
      endpoint: "ops@example.org",
    });
    const topicArn = (rec.byName("OpsAlarms").instance as { arn: string }).arn;
    expect(rec.byName("OutboxDlqAlarm").args.alarmActions).toEqual([topicArn]);
  });

  it("refuses a second subscriber, like SST", async () => {
    stubs("dev");
    const deps = await sstDeps();
    const m = await load("stacks/messaging.ts");
    const messaging = fn(m, "createMessaging")({});
    const input = { ...deps, handler: "functions/worker.ts", isProduction: false, environment: {} };
    fn(m, "subscribeOutboxWorker")(messaging, input);
    expect(() => fn(m, "subscribeOutboxWorker")(messaging, input)).toThrow(/multiple times/);
  });
});

describe("schedules", () => {
  it("weekend digest: Friday 17:00 Asia/Jakarta with retries and a DLQ", async () => {
    const rec = stubs("dev");
    const deps = await sstDeps();
    const messaging = fn(await load("stacks/messaging.ts"), "createMessaging")({});
    fn(
      await load("stacks/schedules.ts"),
      "createWeekendDigest",
    )({
      ...deps,
      messaging,
      handler: "functions/digest.ts",
      isProduction: false,
      environment: {},
    });
    const cron = rec.byName("WeekendDigest").args;
    expect(cron.schedule).toBe("cron(0 17 ? * FRI *)");
    expect(cron.timezone).toBe("Asia/Jakarta");
    expect(cron.retries).toBeGreaterThan(0);
    const dlqArn = (rec.byName("DigestDlq").instance as { arn: string }).arn;
    expect(cron.dlq).toBe(dlqArn);
    const digest = cron.function as Args;
    expectGoodFunction(rec, scratch, "weekend digest", digest);
    expect(linkNames(rec, digest).sort()).toEqual(["OutboxQueue", "Table"]);
    const invokeConfig: Args = {};
    (digest.transform as { eventInvokeConfig: (a: Args) => void }).eventInvokeConfig(invokeConfig);
    expect(invokeConfig).toEqual({ destinationConfig: { onFailure: { destination: dlqArn } } });
    expect(rec.byName("DigestDlqAlarm").args.dimensions).toEqual({ QueueName: "stub-DigestDlq" });
  });
});

describe("outbox dispatcher", () => {
  it("plans due jobs every minute (Asia/Jakarta), linked to the table, the outbox queue and the senders", async () => {
    const rec = stubs("dev");
    const deps = await sstDeps();
    const messaging = fn(await load("stacks/messaging.ts"), "createMessaging")({});
    fn(
      await load("stacks/outbox-dispatcher.ts"),
      "createOutboxDispatcher",
    )({ ...deps, messaging, handler: "functions/digest.ts", isProduction: false, environment: {} });
    const cron = rec.byName("OutboxDispatcher").args;
    expect(cron.schedule).toBe("rate(1 minute)");
    expect(cron.timezone).toBe("Asia/Jakarta");
    expect(cron.retries).toBeGreaterThan(0);
    const dispatcher = cron.function as Args;
    expectGoodFunction(rec, scratch, "outbox dispatcher", dispatcher);
    expect(linkNames(rec, dispatcher).sort()).toEqual([
      "OutboxQueue",
      "Table",
      "TelegramBotToken",
      "WhatsappAppSecret",
      "WhatsappToken",
      "WhatsappVerifyToken",
    ]);
  });
});

describe("hourly jobs", () => {
  it("idle tickets, training reminders and notices: hourly in Asia/Jakarta, retries, DLQ, senders linked", async () => {
    const rec = stubs("dev");
    const deps = await sstDeps();
    const messaging = fn(await load("stacks/messaging.ts"), "createMessaging")({});
    fn(
      await load("stacks/jobs.ts"),
      "createHourlyJobs",
    )({ ...deps, messaging, handler: "functions/digest.ts", isProduction: false, environment: {} });
    const cron = rec.byName("HourlyJobs").args;
    expect(cron.schedule).toBe("cron(5 * * * ? *)");
    expect(cron.timezone).toBe("Asia/Jakarta");
    expect(cron.retries).toBeGreaterThan(0);
    const dlqArn = (rec.byName("HourlyDlq").instance as { arn: string }).arn;
    expect(cron.dlq).toBe(dlqArn);
    const job = cron.function as Args;
    expectGoodFunction(rec, scratch, "hourly jobs", job);
    expect(linkNames(rec, job).sort()).toEqual([
      "OutboxQueue",
      "Table",
      "TelegramBotToken",
      "WhatsappAppSecret",
      "WhatsappToken",
      "WhatsappVerifyToken",
    ]);
    const invokeConfig: Args = {};
    (job.transform as { eventInvokeConfig: (a: Args) => void }).eventInvokeConfig(invokeConfig);
    expect(invokeConfig).toEqual({ destinationConfig: { onFailure: { destination: dlqArn } } });
    expect(rec.byName("HourlyDlqAlarm").args.dimensions).toEqual({ QueueName: "stub-HourlyDlq" });
  });
});

describe("sst.config.ts", () => {
  type Config = {
    app: (input: { stage: string }) => Args;
    run: () => Promise<Record<string, unknown>>;
  };
  const loadConfig = async () => (await load("sst.config.ts")).default as Config;

  it("production is retained and protected; other stages are removable", async () => {
    stubs("production", ROOT);
    const config = await loadConfig();
    expect(config.app({ stage: "production" })).toMatchObject({
      name: "umkm-bandar-lampung",
      home: "aws",
      removal: "retain",
      protect: true,
      providers: { aws: { region: "ap-southeast-3" } },
    });
    expect(config.app({ stage: "pr-12" })).toMatchObject({ removal: "remove", protect: false });
  });

  it.each(["production", "dev"])(
    "real wiring (%s): every route and function points at a real handler",
    async (stage) => {
      const rec = stubs(stage, ROOT);
      const config = await loadConfig();
      const outputs = await config.run();

      expect(rec.routes.map((r) => r.route)).toContain("POST /telegram");
      for (const route of rec.routes) {
        const { owner, args } = rec.routeFunction(route);
        expect(handlerProblems(ROOT, args.handler), `${route.route} -> ${owner}`).toEqual([]);
      }
      for (const { owner, args } of rec.functionDefinitions()) expectGoodFunction(rec, ROOT, owner, args);
      expect(outputs.telegramWebhook).toMatch(/\/telegram$/);
      // functions/console.ts exists: the staff console is served by the API.
      expect(rec.routes.map((r) => r.route)).toContain("POST /konsol/api/{proxy+}");
      expect(outputs.staffConsole).toMatch(/\/konsol$/);
      // functions/hourly.ts exists: the hourly schedule is wired to it.
      expect(rec.byName("HourlyJobs").type).toBe("sst.aws.CronV2");
      expect(handlerProblems(ROOT, (rec.byName("HourlyJobs").args.function as Args).handler)).toEqual([]);
      // functions/outbox-worker.ts exists: the worker and the planner's schedule are wired.
      expect(rec.subscriptions.map((sub) => sub.queue)).toEqual(["OutboxQueue"]);
      expect(rec.byName("OutboxDispatcher").type).toBe("sst.aws.CronV2");
      expect(rec.byName("Table").args.deletionProtection).toBe(stage === "production");
      for (const secret of [
        "TelegramBotToken",
        "TelegramWebhookSecret",
        "WhatsappToken",
        "WhatsappAppSecret",
      ]) {
        expect(rec.byName(secret).type).toBe("sst.Secret");
      }
    },
  );
});
