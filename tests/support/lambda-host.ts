// Runs the deployment bundles the way Lambda does: one Node process per container (the module stays loaded
// between invocations, one invocation at a time), invoked with Lambda's event shapes: API Gateway v2 for
// the webhooks, EventBridge Scheduler's input for scheduled jobs, and SQS events from an event source
// that receives, invokes and deletes like Lambda's SQS poller (partial batch responses).
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { buildAsDeployed } from "../../scripts/lib/lambda-bundle.js";
import { repoRoot } from "./process.js";

export interface DeploymentBundles {
  readonly dir: string;
  /** functions/<name>.ts -> its bundle (.mjs), built as `sst deploy` builds it. */
  readonly files: Record<string, string>;
  readonly bytes: Record<string, number>;
  remove(): void;
}

export async function buildDeploymentBundles(names: readonly string[]): Promise<DeploymentBundles> {
  const dir = mkdtempSync(join(tmpdir(), "umkm-lambda-"));
  const files: Record<string, string> = {};
  const bytes: Record<string, number> = {};
  await Promise.all(
    names.map(async (name) => {
      // SST names the file bundle.mjs, one directory per function.
      const file = join(dir, name, "bundle.mjs");
      bytes[name] = await buildAsDeployed(join(repoRoot, `functions/${name}.ts`), file);
      files[name] = file;
    }),
  );
  // The container's bootstrap: imports the bundle once, then runs one invocation per message.
  writeFileSync(
    join(dir, "bootstrap.mjs"),
    `const { handler } = await import(process.argv[2]);
process.on("message", async (invocation) => {
  const started = Date.now();
  const context = {
    awsRequestId: invocation.id,
    functionName: invocation.functionName,
    getRemainingTimeInMillis: () => invocation.timeoutMs - (Date.now() - started),
  };
  try {
    const result = await handler(invocation.event, context);
    process.send({ id: invocation.id, result: result ?? null });
  } catch (error) {
    process.send({ id: invocation.id, error: String((error && error.stack) || error) });
  }
});
process.send({ ready: true });
`,
  );
  return { dir, files, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class FunctionError extends Error {
  override readonly name = "FunctionError";
}

export interface LambdaContainer {
  readonly name: string;
  invoke<T = unknown>(event: unknown): Promise<T>;
  /** Everything the function logged (stdout + stderr). */
  output(): string;
  close(): Promise<void>;
}

/** A cold container: a fresh process that imports the bundle with the function's environment. */
export async function startContainer(
  bundles: DeploymentBundles,
  name: string,
  env: Record<string, string>,
  options: { timeoutMs: number },
): Promise<LambdaContainer> {
  const bundle = bundles.files[name];
  if (!bundle) throw new Error(`no bundle for ${name}`);
  // Lambda's environment: ours, not the test runner's (no NODE_OPTIONS, no vitest variables).
  const child: ChildProcess = fork(join(bundles.dir, "bootstrap.mjs"), [bundle], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`${name} exited (${code}) at init: ${output.slice(-800)}`)),
    );
    child.once("message", () => resolve());
  });
  child.on("message", (message: { id?: string; result?: unknown; error?: string }) => {
    const waiting = message.id ? pending.get(message.id) : undefined;
    if (!waiting || !message.id) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiting.reject(new FunctionError(`${name}: ${message.error}`));
    else waiting.resolve(message.result);
  });
  child.on("exit", (code) => {
    for (const waiting of pending.values()) waiting.reject(new FunctionError(`${name} exited (${code})`));
    pending.clear();
  });
  let busy = false;
  return {
    name,
    async invoke<T>(event: unknown): Promise<T> {
      // Lambda never runs two invocations in one container at once.
      if (busy) throw new Error(`${name}: container busy`);
      busy = true;
      const id = randomUUID();
      try {
        return (await new Promise<unknown>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          child.send({ id, event, functionName: name, timeoutMs: options.timeoutMs });
        })) as T;
      } finally {
        busy = false;
      }
    },
    output: () => output,
    async close() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

/** An API Gateway HTTP API (payload format 2.0) event, as the webhook functions receive it. */
export function apiGatewayV2Event(
  method: "GET" | "POST",
  path: string,
  options: { headers?: Record<string, string>; body?: string; query?: Record<string, string> } = {},
) {
  const query = options.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString,
    // API Gateway lower-cases header names.
    headers: Object.fromEntries(
      Object.entries({
        "content-type": "application/json",
        host: "abc123.execute-api.ap-southeast-3.amazonaws.com",
        ...options.headers,
      }).map(([key, value]) => [key.toLowerCase(), value]),
    ),
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.ap-southeast-3.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "test" },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(options.body !== undefined
      ? { body: options.body, isBase64Encoded: false }
      : { isBase64Encoded: false }),
  };
}

/** What EventBridge Scheduler hands the function: SST's CronV2 sends its `event` input ({} by default). */
export const schedulerEvent = () => ({});

export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly messageAttributes: Record<string, unknown>;
  readonly md5OfBody: string;
  readonly eventSource: "aws:sqs";
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

export interface Poll {
  readonly records: SqsRecord[];
  /** The function's answer, or the error it failed with (then nothing was deleted). */
  readonly result?: { batchItemFailures: { itemIdentifier: string }[] };
  readonly error?: Error;
  readonly deleted: string[];
}

/** Lambda's SQS event source mapping for one queue: receive a batch, invoke, delete what succeeded. */
export function createSqsEventSource(options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
}) {
  const toRecord = (message: Message): SqsRecord => ({
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: { ...(message.Attributes ?? {}) } as Record<string, string>,
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  });
  return {
    /** Receives one batch (or returns undefined when none is visible). */
    async receive(waitSeconds = 0): Promise<SqsRecord[] | undefined> {
      const received = await options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ["All"],
        }),
      );
      const messages = received.Messages ?? [];
      return messages.length ? messages.map(toRecord) : undefined;
    },
    /** Invokes the function with a batch and deletes the records it did not report as failed. */
    async deliver(container: LambdaContainer, records: SqsRecord[]): Promise<Poll> {
      let result: Poll["result"];
      try {
        result = await container.invoke<Poll["result"]>({ Records: records });
      } catch (error) {
        // A function error: the whole batch comes back after the visibility timeout.
        return { records, error: error as Error, deleted: [] };
      }
      const failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      const done = records.filter((record) => !failed.has(record.messageId));
      if (done.length) {
        const deletion = await options.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.map((record, i) => ({ Id: String(i), ReceiptHandle: record.receiptHandle })),
          }),
        );
        // A stale receipt handle (the message was received again meanwhile) may be refused, as on AWS.
        const refused = new Set((deletion.Failed ?? []).map((entry) => done[Number(entry.Id)]?.messageId));
        return {
          records,
          ...(result ? { result } : {}),
          deleted: done.map((record) => record.messageId).filter((id) => !refused.has(id)),
        };
      }
      return { records, ...(result ? { result } : {}), deleted: [] };
    },
  };
}

export type SqsEventSource = ReturnType<typeof createSqsEventSource>;
