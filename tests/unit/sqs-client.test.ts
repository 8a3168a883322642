// The outbox's SQS queue on the SDK-free client, against a scripted SQS (JSON protocol) on 127.0.0.1.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSqsOutboxQueue, SqsError } from "../../functions/lib/queue/sqs-queue.js";

interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly body: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds?: number }[] };
}
const seen: Seen[] = [];
/** Per call: which entries (by index in that call) SQS refuses, or a whole-call error. */
let script: ({ refuse: number[] } | { status: number; type: string })[] = [];
let endpoint = "";
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Seen["body"];
    seen.push({ headers: request.headers, body });
    const step = script.shift() ?? { refuse: [] };
    if ("status" in step) {
      response.writeHead(step.status, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ __type: `com.amazonaws.sqs#${step.type}`, message: "no" }));
      return;
    }
    const refused = new Set(step.refuse);
    response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
    response.end(
      JSON.stringify({
        Successful: body.Entries.filter((_, i) => !refused.has(i)).map((e) => ({
          Id: e.Id,
          MessageId: `m-${e.Id}`,
        })),
        Failed: body.Entries.filter((_, i) => refused.has(i)).map((e) => ({
          Id: e.Id,
          SenderFault: false,
          Code: "InternalError",
        })),
      }),
    );
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  script = [];
});

const messages = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    jobId: "job1",
    channel: "telegram" as const,
    userId: String(1000 + i),
  }));

describe("SQS outbox queue without the SDK", () => {
  it("sends batches of 10 as AmazonSQS.SendMessageBatch, signed for sqs, and resends only refused entries", async () => {
    script = [{ refuse: [3, 7] }, { refuse: [] }, { refuse: [] }];
    const queue = createSqsOutboxQueue({
      queueUrl: `${endpoint}/123/outbox`,
      region: "ap-southeast-3",
      endpoint,
    });
    await queue.send(messages(15), { delayMs: 2500 });
    expect(seen.map((call) => call.body.Entries.length)).toEqual([10, 2, 5]);
    const [first, retry] = seen;
    expect(first!.headers["x-amz-target"]).toBe("AmazonSQS.SendMessageBatch");
    expect(first!.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(String(first!.headers.authorization)).toMatch(
      /Credential=local\/\d{8}\/ap-southeast-3\/sqs\/aws4_request/,
    );
    expect(first!.body.QueueUrl).toBe(`${endpoint}/123/outbox`);
    expect(first!.body.Entries[0]).toMatchObject({ DelaySeconds: 3 });
    expect(JSON.parse(first!.body.Entries[0]!.MessageBody)).toEqual(messages(1)[0]);
    expect(retry!.body.Entries.map((e) => e.Id)).toEqual([
      first!.body.Entries[3]!.Id,
      first!.body.Entries[7]!.Id,
    ]);
    const sent = seen
      .flatMap((call) => call.body.Entries.map((e) => JSON.parse(e.MessageBody).userId))
      .sort();
    expect(new Set(sent).size).toBe(15);
  });

  it("throws SqsError with the service's error as cause when the whole call fails", async () => {
    script = [{ status: 400, type: "QueueDoesNotExist" }];
    const queue = createSqsOutboxQueue({
      queueUrl: `${endpoint}/123/gone`,
      region: "ap-southeast-3",
      endpoint,
    });
    const error = await queue.send(messages(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SqsError);
    expect((error as SqsError).cause).toMatchObject({
      name: "QueueDoesNotExist",
      $metadata: { httpStatusCode: 400 },
    });
    expect(seen).toHaveLength(1);
  });
});
