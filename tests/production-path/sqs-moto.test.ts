// The AWS path offline: the functions built exactly as `sst deploy` builds them, each in its own Node
// process (a Lambda container), invoked with Lambda's event shapes; the functions send with their own SigV4
// client (SQS's JSON protocol), the test's poller with @aws-sdk/client-sqs, against Python's moto (SQS API) and
// DynamoDB Local. Lambda's SQS poller is played by
// tests/support/lambda-host.ts: receive a batch, invoke, delete all but the batchItemFailures.

import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi, telegramErrors } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi, whatsappErrors } from "../fakes/whatsapp-api.js";
import { createSendNowJob } from "../outbox/drain.js";
import { channelContacts, seedContacts } from "../outbox/seed.js";
import { buildTestApp, telegramEnv, telegramSecret, tgText } from "../support/app.js";
import {
  apiGatewayV2Event,
  createSqsEventSource,
  type LambdaContainer,
  type Poll,
  type SqsEventSource,
  schedulerEvent,
} from "../support/lambda-host.js";
import { type MotoServer, startMoto } from "../support/moto.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { sign, waNotification, waTextMessage, waVerifyToken, whatsappEnv } from "../whatsapp/helpers.js";
import { deploymentHost, lambdaEnv } from "./deployment.js";

const region = "ap-southeast-3";
/** stacks/messaging.ts: WORKER_BATCH_SIZE and OUTBOX_MAX_RECEIVE_COUNT (the deployed values). */
const batchSize = 10;
const maxReceiveCount = 5;
/** stacks/function-defaults.ts: the worker's and the webhooks' Lambda timeouts. */
const workerTimeoutMs = 60_000;
const webhookTimeoutMs = 15_000;

let moto: MotoServer;
let sqs: SQSClient;
const host = deploymentHost(["telegram", "whatsapp", "outbox-dispatch", "outbox-worker"]);
let tg: FakeTelegramApi;
let wa: FakeWhatsAppApi;

beforeAll(async () => {
  // Fails (does not skip) with how to install moto when moto_server is missing.
  moto = await startMoto();
  sqs = new SQSClient({
    region,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  tg = await startFakeTelegramApi();
  wa = await startFakeWhatsAppApi();
  await host.build();
}, 180_000);

afterEach(async () => {
  await host.closeContainers();
  tg.clear();
  wa.clear();
});

afterAll(async () => {
  await moto?.stop();
  await tg?.close();
  await wa?.close();
  host.remove();
});

interface Stack {
  readonly table: TestTable;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly source: SqsEventSource;
  /** A cold container of functions/<name>.ts with the deployed function's environment. */
  start(name: "telegram" | "whatsapp" | "outbox-dispatch" | "outbox-worker"): Promise<LambdaContainer>;
  /** The in-process app on the same table: what the admin CLI uses to create a broadcast. */
  readonly app: ReturnType<typeof buildTestApp>["app"];
}

/** A queue + DLQ (redrive policy as deployed, a short visibility timeout) and a fresh table. */
async function stack(name: string, visibilitySeconds: number): Promise<Stack> {
  const table = await createTestTable(`prod-${name}`);
  const suffix = table.tableName.slice(-8);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `outbox-dlq-${suffix}` }));
  const dlqArn = await queueAttribute(dlq.QueueUrl!, "QueueArn");
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `outbox-${suffix}`,
      Attributes: {
        VisibilityTimeout: String(visibilitySeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl!;
  const env: Record<string, string> = {
    ...lambdaEnv(table),
    OUTBOX_QUEUE_URL: queueUrl,
    SQS_ENDPOINT: moto.endpoint,
    ...telegramEnv(tg.url),
    ...whatsappEnv(wa.url),
    LOG_LEVEL: "warn",
    USER_RATE_LIMIT_PER_MINUTE: "10000",
    TELEGRAM_RATE_PER_SECOND: "5000",
    TELEGRAM_RATE_PER_CHAT_PER_SECOND: "1000",
    WHATSAPP_RATE_PER_SECOND: "5000",
    WHATSAPP_PAIR_RATE_SECONDS: "0.001",
    OUTBOX_BACKOFF_MS: "1",
  };
  const source = createSqsEventSource({
    client: sqs,
    queueUrl,
    queueArn: await queueAttribute(queueUrl, "QueueArn"),
    region,
    batchSize,
  });
  return {
    table,
    queueUrl,
    dlqUrl: dlq.QueueUrl!,
    source,
    app: buildTestApp(table, { ...telegramEnv(tg.url), ...whatsappEnv(wa.url) }).app,
    start: (fn) =>
      host.start(fn, env, { timeoutMs: fn === "outbox-worker" ? workerTimeoutMs : webhookTimeoutMs }),
  };
}

async function queueAttribute(queueUrl: string, name: "QueueArn") {
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [name] }),
  );
  return result.Attributes?.[name] ?? "";
}

/** Visible + in flight + delayed: 0 means the queue is really empty. */
async function messagesIn(queueUrl: string) {
  const result = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return Object.values(result.Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0);
}

/** Lambda's poller until the queue is empty: every batch invoked, successes deleted. */
async function drain(s: Stack, worker: LambdaContainer, timeoutMs = 60_000): Promise<Poll[]> {
  const polls: Poll[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await s.source.receive();
    if (records) polls.push(await s.source.deliver(worker, records));
    else if ((await messagesIn(s.queueUrl)) === 0) return polls;
    else await new Promise((resolve) => setTimeout(resolve, 150));
    if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(polls).slice(0, 500)}`);
  }
}

async function createBroadcast(s: Stack, id: string) {
  await createSendNowJob(s.app, id, { now: new Date() });
}

const telegramSends = (text: string) =>
  tg.callsTo("sendMessage").filter((call) => String(call.payload.text ?? "").includes(text));
const whatsappSends = (text: string) =>
  wa.calls.filter((call) => JSON.stringify(call.payload).includes(text));

describe("production path: deployment bundles, SQS on moto, DynamoDB Local", () => {
  it("a broadcast: the scheduled planner fills SQS, the worker gets batches of 10 and sends once per recipient on both channels", async () => {
    const s = await stack("bcast", 30);
    const telegramUsers = Array.from({ length: 12 }, (_, i) => String(710_001 + i));
    const whatsappUsers = ["6281300000001", "6281300000002", "6281300000003"];
    await seedContacts(
      s.table.documentClient,
      s.table.tableName,
      channelContacts({ telegram: telegramUsers, whatsapp: whatsappUsers }),
    );
    await createBroadcast(s, "prodb001");

    const dispatch = await s.start("outbox-dispatch");
    // EventBridge Scheduler's invocation (SST CronV2, rate(1 minute)).
    expect(await dispatch.invoke(schedulerEvent())).toEqual({ planned: 1 });
    expect(await messagesIn(s.queueUrl)).toBe(15);

    const worker = await s.start("outbox-worker");
    const polls = await drain(s, worker);
    const sizes = polls.map((poll) => poll.records.length);
    expect(Math.max(...sizes)).toBe(batchSize);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(15);
    for (const poll of polls) {
      expect(poll.error).toBeUndefined();
      expect(poll.result).toEqual({ batchItemFailures: [] });
      expect(poll.deleted).toHaveLength(poll.records.length);
      for (const record of poll.records) {
        expect(record).toMatchObject({
          eventSource: "aws:sqs",
          attributes: { ApproximateReceiveCount: "1" },
        });
        expect(JSON.parse(record.body)).toMatchObject({ jobId: "prodb001" });
      }
    }

    // Exactly once per recipient.
    expect(
      telegramSends("Pengumuman prodb001")
        .map((call) => String(call.payload.chat_id))
        .sort(),
    ).toEqual(telegramUsers);
    expect(
      whatsappSends("Pengumuman prodb001")
        .map((call) => String(call.payload.to))
        .sort(),
    ).toEqual(whatsappUsers);
    const job = await s.app.outbox.jobs.get("prodb001");
    expect(job).toMatchObject({ state: "done", counters: { total: 15, sent: 15, queued: 0 } });
    expect(await messagesIn(s.dlqUrl)).toBe(0);
  }, 180_000);

  it("visibility timeout: a message still being sent reappears, the second worker reports it in batchItemFailures, and it is sent once", async () => {
    // 3 s: long enough for a warm worker A to send the two fast messages first on a loaded machine.
    const s = await stack("vis", 3);
    const users = ["720001", "720002", "720003"];
    const slow = "720002";
    await seedContacts(s.table.documentClient, s.table.tableName, channelContacts({ telegram: users }));
    // Telegram takes 8 s to answer this send: far longer than the queue's 3 s visibility timeout.
    tg.failChat(slow, [
      {
        status: 200,
        body: {
          ok: true,
          result: { message_id: 77, date: 1, chat: { id: Number(slow), type: "private" }, text: "x" },
        },
        delayMs: 8_000,
      },
    ]);
    await createBroadcast(s, "prodv001");
    expect(await (await s.start("outbox-dispatch")).invoke(schedulerEvent())).toEqual({ planned: 1 });

    const workerA = await s.start("outbox-worker");
    const workerB = await s.start("outbox-worker");
    // Warm (an empty batch): a cold start inside the visibility timeout would let B race A for the fast ones.
    for (const worker of [workerA, workerB])
      expect(await worker.invoke({ Records: [] })).toEqual({ batchItemFailures: [] });
    const first = await s.source.receive();
    expect(first).toHaveLength(3);
    const pollA = s.source.deliver(workerA, first!);
    // Not deleted within the visibility timeout (worker A is still busy): the batch is received again.
    let second: Awaited<ReturnType<SqsEventSource["receive"]>>;
    const until = Date.now() + 7_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = await s.source.receive();
    } while (!second && Date.now() < until);
    expect(second?.map((record) => record.messageId).sort()).toEqual(
      first!.map((record) => record.messageId).sort(),
    );
    expect(second!.every((record) => record.attributes.ApproximateReceiveCount === "2")).toBe(true);
    const pollB = await s.source.deliver(workerB, second!);
    // The two already sent are final (acknowledged); the slow one is still claimed by worker A.
    const slowId = second!.find((record) => JSON.parse(record.body).userId === slow)!.messageId;
    expect(pollB.result).toEqual({ batchItemFailures: [{ itemIdentifier: slowId }] });
    expect(pollB.deleted).toHaveLength(2);

    expect((await pollA).result).toEqual({ batchItemFailures: [] });
    await drain(s, workerB);

    const sends = telegramSends("Pengumuman prodv001").map((call) => String(call.payload.chat_id));
    expect(sends.sort()).toEqual(users);
    const job = await s.app.outbox.jobs.get("prodv001");
    expect(job).toMatchObject({ state: "done", counters: { total: 3, sent: 3, queued: 0 } });
    expect(await messagesIn(s.dlqUrl)).toBe(0);
  }, 180_000);

  it("redrive: a record reported in batchItemFailures on every receive moves to the DLQ after maxReceiveCount; its batch-mates are deleted", async () => {
    const s = await stack("dlq", 1);
    const users = ["730001", "730002", "730003"];
    const stuck = "730003";
    await seedContacts(s.table.documentClient, s.table.tableName, channelContacts({ telegram: users }));
    await createBroadcast(s, "prodd001");
    expect(await (await s.start("outbox-dispatch")).invoke(schedulerEvent())).toEqual({ planned: 1 });
    // Another worker holds this delivery's claim for 10 minutes (it is mid-send): every worker step
    // for it answers "retry", so it keeps failing.
    const claim = await s.app.outbox.deliveries.claim(
      "prodd001",
      { channel: "telegram", userId: stuck },
      new Date(),
      10 * 60_000,
    );
    expect(claim.status).toBe("claimed");

    const worker = await s.start("outbox-worker");
    const polls = await drain(s, worker, 90_000);
    const stuckSeen = polls.flatMap((poll) =>
      poll.records.filter((record) => JSON.parse(record.body).userId === stuck),
    );
    expect(stuckSeen.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(
      Array.from({ length: maxReceiveCount }, (_, i) => String(i + 1)),
    );
    for (const poll of polls) {
      const failed = poll.records.filter((record) => JSON.parse(record.body).userId === stuck);
      expect(poll.result?.batchItemFailures).toEqual(
        failed.map((record) => ({ itemIdentifier: record.messageId })),
      );
      expect(poll.deleted).toHaveLength(poll.records.length - failed.length);
    }
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: s.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(dead.Messages?.map((message) => JSON.parse(message.Body ?? "{}"))).toEqual([
      { jobId: "prodd001", channel: "telegram", userId: stuck },
    ]);
    expect(
      telegramSends("Pengumuman prodd001")
        .map((call) => String(call.payload.chat_id))
        .sort(),
    ).toEqual(["730001", "730002"]);
  }, 180_000);

  it("webhooks (API Gateway v2): an answer the platform refused for now goes through SQS and is sent once, on Telegram and on signed WhatsApp", async () => {
    const s = await stack("hook", 30);
    const telegramHook = await s.start("telegram");
    const whatsappHook = await s.start("whatsapp");
    const worker = await s.start("outbox-worker");

    // Meta's GET verification, with the query string as API Gateway passes it.
    const verified = await whatsappHook.invoke<{ statusCode: number; body: string }>(
      apiGatewayV2Event("GET", "/whatsapp", {
        query: { "hub.mode": "subscribe", "hub.verify_token": waVerifyToken, "hub.challenge": "8472" },
      }),
    );
    expect(verified).toMatchObject({ statusCode: 200, body: "8472" });

    // Telegram: the answer to /start meets a 429 (retry_after 1 s).
    const chat = 740_001;
    tg.failNext("sendMessage", telegramErrors.tooManyRequests(1));
    const telegramAnswer = await telegramHook.invoke<{ statusCode: number }>(
      apiGatewayV2Event("POST", "/telegram", {
        headers: { "x-telegram-bot-api-secret-token": telegramSecret },
        body: JSON.stringify(tgText(chat, "/start")),
      }),
    );
    expect(telegramAnswer.statusCode).toBe(200);

    // WhatsApp: a signed text message whose answer meets 130429 (throughput).
    const phone = "6281400000001";
    wa.failNext(whatsappErrors.throughput());
    const raw = JSON.stringify(waNotification([waTextMessage(phone, "halo")]));
    const whatsappAnswer = await whatsappHook.invoke<{ statusCode: number }>(
      apiGatewayV2Event("POST", "/whatsapp", { headers: { "x-hub-signature-256": sign(raw) }, body: raw }),
    );
    expect(whatsappAnswer.statusCode).toBe(200);

    expect(await messagesIn(s.queueUrl)).toBe(2);
    const polls = await drain(s, worker);
    expect(polls.every((poll) => poll.result?.batchItemFailures.length === 0)).toBe(true);

    // Telegram: the refused message, then the same message once (nothing sent twice).
    const toChat = tg.callsTo("sendMessage").filter((call) => String(call.payload.chat_id) === String(chat));
    expect(toChat[0]?.status).toBe(429);
    const delivered = toChat.filter((call) => call.status === 200).map((call) => String(call.payload.text));
    expect(delivered).toContain(String(toChat[0]?.payload.text));
    expect(new Set(delivered).size).toBe(delivered.length);

    // WhatsApp: the refused payload went out exactly once more (two calls in all), nothing else twice.
    const toPhone = wa.calls
      .filter((call) => call.payload.to === phone)
      .map((call) => JSON.stringify(call.payload));
    expect(toPhone.filter((payload) => payload === toPhone[0])).toHaveLength(2);
    expect(new Set(toPhone).size).toBe(toPhone.length - 1);
    expect(await messagesIn(s.dlqUrl)).toBe(0);
  }, 180_000);
});
