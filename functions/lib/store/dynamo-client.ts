// DynamoDB without the AWS SDK: document input marshalled with @aws-sdk/util-dynamodb, sent by the small JSON
// client (SigV4, standard retries), output unmarshalled. Error fields (CancellationReasons, Item) stay in wire
// format, exactly as the SDK's document client leaves them.
import { marshall, type marshallOptions, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type AwsClientOptions,
  type AwsJsonClient,
  createAwsJsonClient,
  type Interceptor,
} from "../aws/json-client.js";
import type { DynamoCommand } from "./dynamo-commands.js";

/** The JSON client's options; service and target prefix are DynamoDB's. */
export type DynamoClientOptions = AwsClientOptions;

export interface DocumentClient {
  send<Input extends object, Output extends object>(command: DynamoCommand<Input, Output>): Promise<Output>;
  /** Adds a per-attempt interceptor (tests and benchmarks: count, fault-inject); returns its removal. */
  intercept(interceptor: Interceptor): () => void;
}

type Doc = Record<string, unknown>;
type Wire = Record<string, unknown>;

// What dynamo.ts has always configured on the SDK's document client.
const options: marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };
const toWire = (value: unknown) => (value === undefined ? undefined : marshall(value as Doc, options));
const fromWire = (value: unknown) => (value === undefined ? undefined : unmarshall(value as never));

/** A copy of `input` with the named members marshalled (absent ones stay absent). */
function withWire(input: Doc | undefined, members: readonly string[]): Doc | undefined {
  if (!input) return input;
  const out: Doc = { ...input };
  for (const member of members) if (out[member] !== undefined) out[member] = toWire(out[member]);
  return out;
}

const mapValues = <T, U>(record: Record<string, T> | undefined, f: (value: T) => U) =>
  record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

type TransactEntry = Record<string, Doc | undefined>;
type BatchWriteEntry = { PutRequest?: { Item: Doc }; DeleteRequest?: { Key: Doc } };
type BatchGetEntry = Doc & { Keys?: Doc[] };

const batchWriteEntries = (entries: BatchWriteEntry[], convert: (value: unknown) => unknown) =>
  entries.map((entry) => ({
    ...entry,
    ...(entry.PutRequest
      ? { PutRequest: { ...entry.PutRequest, Item: convert(entry.PutRequest.Item) } }
      : {}),
    ...(entry.DeleteRequest
      ? { DeleteRequest: { ...entry.DeleteRequest, Key: convert(entry.DeleteRequest.Key) } }
      : {}),
  }));
const batchGetEntry = (entry: BatchGetEntry, convert: (value: unknown) => unknown) => ({
  ...entry,
  ...(entry.Keys ? { Keys: entry.Keys.map(convert) } : {}),
});

const itemMembers = ["Key", "Item", "ExpressionAttributeValues", "ExclusiveStartKey"];

export function marshallInput(operation: string, input: Doc): Wire {
  switch (operation) {
    case "TransactWriteItems":
    case "TransactGetItems":
      return {
        ...input,
        TransactItems: (input.TransactItems as TransactEntry[] | undefined)?.map((entry) =>
          mapValues(entry, (action) => withWire(action, itemMembers)),
        ),
      };
    case "BatchWriteItem":
      return {
        ...input,
        RequestItems: mapValues(input.RequestItems as Record<string, BatchWriteEntry[]>, (entries) =>
          batchWriteEntries(entries, toWire),
        ),
      };
    case "BatchGetItem":
      return {
        ...input,
        RequestItems: mapValues(input.RequestItems as Record<string, BatchGetEntry>, (entry) =>
          batchGetEntry(entry, toWire),
        ),
      };
    default:
      return withWire(input, itemMembers)!;
  }
}

export function unmarshallOutput(operation: string, output: Wire): Doc {
  const out: Doc = { ...output };
  for (const member of ["Item", "Attributes", "LastEvaluatedKey"])
    if (out[member] !== undefined) out[member] = fromWire(out[member]);
  if (Array.isArray(out.Items)) out.Items = out.Items.map(fromWire);
  if (operation === "BatchGetItem") {
    out.Responses = mapValues(out.Responses as Record<string, Wire[]> | undefined, (items) =>
      items.map(fromWire),
    );
    out.UnprocessedKeys = mapValues(
      out.UnprocessedKeys as Record<string, BatchGetEntry> | undefined,
      (entry) => batchGetEntry(entry, fromWire),
    );
  } else if (operation === "TransactGetItems" && Array.isArray(out.Responses)) {
    out.Responses = (out.Responses as { Item?: Wire }[]).map((response) => ({
      ...response,
      ...(response.Item ? { Item: fromWire(response.Item) } : {}),
    }));
  } else if (operation === "BatchWriteItem") {
    out.UnprocessedItems = mapValues(
      out.UnprocessedItems as Record<string, BatchWriteEntry[]> | undefined,
      (entries) => batchWriteEntries(entries, fromWire),
    );
  }
  for (const member of ["Responses", "UnprocessedKeys", "UnprocessedItems"])
    if (out[member] === undefined) delete out[member];
  return out;
}

export function createDynamoClient(clientOptions: DynamoClientOptions): DocumentClient {
  const wire: AwsJsonClient = createAwsJsonClient({
    ...clientOptions,
    service: "dynamodb",
    targetPrefix: "DynamoDB_20120810",
  });
  return {
    async send<Input extends object, Output extends object>(command: DynamoCommand<Input, Output>) {
      const output = await wire.call(
        command.operation,
        marshallInput(command.operation, command.input as Doc),
      );
      return unmarshallOutput(command.operation, output) as Output;
    },
    intercept: wire.intercept,
  };
}
