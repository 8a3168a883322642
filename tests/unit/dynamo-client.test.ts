// The SDK-free DynamoDB client against a scripted DynamoDB on 127.0.0.1: what goes on the wire, retries, errors.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Interceptor } from "../../functions/lib/aws/json-client.js";
import { createDocumentClient, errorName } from "../../functions/lib/store/dynamo.js";
import { createDynamoClient } from "../../functions/lib/store/dynamo-client.js";
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "../../functions/lib/store/dynamo-commands.js";

interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}
type Answer = { status: number; body: unknown };

const seen: Seen[] = [];
let answers: Answer[] = [];
let endpoint = "";
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    seen.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    const answer = answers.shift() ?? { status: 200, body: {} };
    response.writeHead(answer.status, {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": "req-1",
    });
    response.end(JSON.stringify(answer.body));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

const awsError = (type: string, message: string, extra: Record<string, unknown> = {}) => ({
  __type: `com.amazonaws.dynamodb.v20120810#${type}`,
  message,
  ...extra,
});

function client(interceptors: Interceptor[] = [], maxAttempts = 3) {
  return createDynamoClient({
    endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret", sessionToken: "token" },
    maxAttempts,
    interceptors,
    retryDelay: { baseMs: 5, throttlingBaseMs: 5 },
  });
}

describe("DynamoDB client on the wire", () => {
  it("marshals document input, signs and targets the operation, unmarshals the output", async () => {
    answers.push({
      status: 200,
      body: {
        Items: [{ pk: { S: "USER#1" }, n: { N: "42" }, tags: { L: [{ S: "a" }, { BOOL: true }] } }],
        LastEvaluatedKey: { pk: { S: "USER#1" }, sk: { S: "CONTACT" } },
        Count: 1,
        ConsumedCapacity: { TableName: "t", CapacityUnits: 0.5 },
      },
    });
    const page = await client().send(
      new QueryCommand({
        TableName: "t",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "USER#1", ":gone": undefined, ":n": 7 },
        ExclusiveStartKey: { pk: "USER#0", sk: "CONTACT" },
      }),
    );
    expect(page).toEqual({
      Items: [{ pk: "USER#1", n: 42, tags: ["a", true] }],
      LastEvaluatedKey: { pk: "USER#1", sk: "CONTACT" },
      Count: 1,
      ConsumedCapacity: { TableName: "t", CapacityUnits: 0.5 },
    });
    const [call] = seen;
    expect(call!.headers["x-amz-target"]).toBe("DynamoDB_20120810.Query");
    expect(call!.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(call!.headers["x-amz-security-token"]).toBe("token");
    expect(call!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/ap-southeast-3\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(call!.body).toEqual({
      TableName: "t",
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: "USER#1" }, ":n": { N: "7" } },
      ExclusiveStartKey: { pk: { S: "USER#0" }, sk: { S: "CONTACT" } },
    });
  });

  it("marshals transactions and batches member by member", async () => {
    const c = client();
    await c.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: "t", Item: { pk: "A", list: [1, "x"], map: { y: null } } } },
          {
            Update: {
              TableName: "t",
              Key: { pk: "B" },
              UpdateExpression: "SET v = :v",
              ExpressionAttributeValues: { ":v": new Set(["s"]) },
            },
          },
          { Delete: { TableName: "t", Key: { pk: "C" } } },
          {
            ConditionCheck: {
              TableName: "t",
              Key: { pk: "D" },
              ConditionExpression: "n < :max",
              ExpressionAttributeValues: { ":max": 3 },
            },
          },
        ],
      }),
    );
    expect(seen[0]!.body).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: "t",
            Item: {
              pk: { S: "A" },
              list: { L: [{ N: "1" }, { S: "x" }] },
              map: { M: { y: { NULL: true } } },
            },
          },
        },
        {
          Update: {
            TableName: "t",
            Key: { pk: { S: "B" } },
            UpdateExpression: "SET v = :v",
            ExpressionAttributeValues: { ":v": { SS: ["s"] } },
          },
        },
        { Delete: { TableName: "t", Key: { pk: { S: "C" } } } },
        {
          ConditionCheck: {
            TableName: "t",
            Key: { pk: { S: "D" } },
            ConditionExpression: "n < :max",
            ExpressionAttributeValues: { ":max": { N: "3" } },
          },
        },
      ],
    });

    answers.push({
      status: 200,
      body: {
        Responses: { t: [{ pk: { S: "A" }, n: { N: "1" } }] },
        UnprocessedKeys: { t: { Keys: [{ pk: { S: "B" } }], ConsistentRead: true } },
      },
    });
    const got = await c.send(
      new BatchGetCommand({
        RequestItems: { t: { Keys: [{ pk: "A" }, { pk: "B" }], ConsistentRead: true } },
      }),
    );
    expect(seen[1]!.body).toEqual({
      RequestItems: { t: { Keys: [{ pk: { S: "A" } }, { pk: { S: "B" } }], ConsistentRead: true } },
    });
    expect(got.Responses).toEqual({ t: [{ pk: "A", n: 1 }] });
    expect(got.UnprocessedKeys).toEqual({ t: { Keys: [{ pk: "B" }], ConsistentRead: true } });

    answers.push({
      status: 200,
      body: { UnprocessedItems: { t: [{ DeleteRequest: { Key: { pk: { S: "C" } } } }] } },
    });
    const written = await c.send(
      new BatchWriteCommand({
        RequestItems: {
          t: [{ PutRequest: { Item: { pk: "P", at: 5 } } }, { DeleteRequest: { Key: { pk: "C" } } }],
        },
      }),
    );
    expect(seen[2]!.body).toEqual({
      RequestItems: {
        t: [
          { PutRequest: { Item: { pk: { S: "P" }, at: { N: "5" } } } },
          { DeleteRequest: { Key: { pk: { S: "C" } } } },
        ],
      },
    });
    expect(written.UnprocessedItems).toEqual({ t: [{ DeleteRequest: { Key: { pk: "C" } } }] });

    answers.push({ status: 200, body: { Attributes: { n: { N: "2" } } } });
    const updated = await c.send(
      new UpdateCommand({
        TableName: "t",
        Key: { pk: "N" },
        UpdateExpression: "ADD n :one",
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(updated.Attributes).toEqual({ n: 2 });
    expect(seen[3]!.body).toMatchObject({ Key: { pk: { S: "N" } } });
  });

  it("retries throttling twice, then succeeds; every attempt passes the interceptors", async () => {
    answers.push(
      { status: 400, body: awsError("ProvisionedThroughputExceededException", "slow down") },
      { status: 400, body: awsError("ThrottlingException", "slow down") },
      { status: 200, body: { Item: { pk: { S: "A" } } } },
    );
    const attempts: number[] = [];
    const got = await client([
      async (call, next) => {
        attempts.push(call.attempt);
        return next();
      },
    ]).send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    expect(got.Item).toEqual({ pk: "A" });
    expect(attempts).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(3);
  });

  it("retries a 500 and gives up after maxAttempts with the service's error", async () => {
    answers.push(
      { status: 500, body: awsError("InternalServerError", "boom") },
      { status: 503, body: awsError("ServiceUnavailable", "down") },
      { status: 503, body: awsError("ServiceUnavailable", "still down") },
    );
    const error = await client()
      .send(new GetCommand({ TableName: "t", Key: { pk: "A" } }))
      .catch((e: unknown) => e as Record<string, unknown>);
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({
      name: "ServiceUnavailable",
      message: "still down",
      $fault: "server",
      $metadata: { httpStatusCode: 503, requestId: "req-1", attempts: 3 },
    });
  });

  it("does not retry a conditional failure; keeps its name and the old item in wire format", async () => {
    answers.push({
      status: 400,
      body: awsError("ConditionalCheckFailedException", "The conditional request failed", {
        Item: { status: { S: "processing" } },
      }),
    });
    const error = await client()
      .send(
        new PutCommand({
          TableName: "t",
          Item: { pk: "A" },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      )
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(errorName(error)).toBe("ConditionalCheckFailedException");
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      message: "The conditional request failed",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
      // What the SDK's document client leaves on the error, and what inbound-ledger.ts reads.
      Item: { status: { S: "processing" } },
    });
  });

  it("gives a cancelled transaction's reasons, as the store reads them", async () => {
    answers.push({
      status: 400,
      body: awsError("TransactionCanceledException", "Transaction cancelled", {
        CancellationReasons: [
          { Code: "None" },
          { Code: "ConditionalCheckFailed", Message: "failed", Item: { n: { N: "1" } } },
        ],
      }),
    });
    const error = await client()
      .send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: "t", Key: { pk: "A" } } }] }))
      .then(
        () =>
          ({ name: "none" }) as { name: string; CancellationReasons?: { Code?: string; Item?: unknown }[] },
        (e: unknown) => e as { name: string; CancellationReasons?: { Code?: string; Item?: unknown }[] },
      );
    expect(seen).toHaveLength(1);
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual([
      "None",
      "ConditionalCheckFailed",
    ]);
    expect(error.CancellationReasons?.[1]?.Item).toEqual({ n: { N: "1" } });
  });

  it("retries TransactionInProgressException (the SDK's throttling list) but not ValidationException", async () => {
    answers.push(
      { status: 400, body: awsError("TransactionInProgressException", "busy") },
      { status: 200, body: {} },
      { status: 400, body: awsError("ValidationException", "bad expression") },
    );
    const c = client();
    await c.send(new TransactWriteCommand({ TransactItems: [] }));
    expect(seen).toHaveLength(2);
    await expect(c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }))).rejects.toMatchObject({
      name: "ValidationException",
    });
    expect(seen).toHaveLength(3);
  });

  it("retries a network failure, and one interceptor can rewrite the wire input", async () => {
    const unreachable = createDynamoClient({
      endpoint: "http://127.0.0.1:9",
      region: "ap-southeast-3",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      retryDelay: { baseMs: 1, throttlingBaseMs: 1 },
    });
    let attempts = 0;
    unreachable.intercept(async (_call, next) => {
      attempts++;
      return next();
    });
    await expect(
      unreachable.send(new GetCommand({ TableName: "t", Key: { pk: "A" } })),
    ).rejects.toMatchObject({
      name: "NetworkError",
      $metadata: { attempts: 3 },
    });
    expect(attempts).toBe(3);

    const c = client();
    const remove = c.intercept(async (call, next) => {
      call.input.ReturnConsumedCapacity = "INDEXES";
      return next();
    });
    await c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    remove();
    await c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    expect(seen.map((call) => call.body.ReturnConsumedCapacity)).toEqual(["INDEXES", undefined]);
  });

  it("asks a credentials provider once, and again five minutes before they expire", async () => {
    let asked = 0;
    let now = Date.parse("2026-06-01T08:00:00Z");
    const c = createDynamoClient({
      region: "ap-southeast-3",
      endpoint,
      clock: () => now,
      credentials: async () => {
        asked++;
        return { accessKeyId: `KEY${asked}`, secretAccessKey: "s", expiration: new Date(now + 10 * 60_000) };
      },
    });
    await c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    now += 4 * 60_000;
    await c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    expect(asked).toBe(1);
    now += 2 * 60_000;
    await c.send(new GetCommand({ TableName: "t", Key: { pk: "A" } }));
    expect(asked).toBe(2);
    expect(seen.map((call) => /Credential=(\w+)\//.exec(String(call.headers.authorization))?.[1])).toEqual([
      "KEY1",
      "KEY1",
      "KEY2",
    ]);
    // Signed with the injected clock's time.
    expect(seen[0]!.headers["x-amz-date"]).toBe("20260601T080000Z");
  });

  it("with a local endpoint signs with the fixed local pair", async () => {
    await createDocumentClient({ region: "ap-southeast-3", endpoint }).send(
      new GetCommand({ TableName: "t", Key: { pk: "A" } }),
    );
    expect(String(seen[0]!.headers.authorization)).toContain("Credential=local/");
  });
});
