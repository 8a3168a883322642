// DynamoDB clients and error mapping shared by every repository.
import { credentialsFor } from "../aws/credentials.js";
import type { CredentialsSource, Interceptor } from "../aws/json-client.js";
import { StoreUnavailableError } from "../core/errors.js";
import { createDynamoClient } from "./dynamo-client.js";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from "./dynamo-commands.js";

export interface DynamoOptions {
  readonly region: string;
  /** DynamoDB Local or another compatible endpoint; unset on AWS. */
  readonly endpoint?: string;
  /** Default: the fixed local pair with an endpoint, else Lambda's environment (AWS_ACCESS_KEY_ID, ...). */
  readonly credentials?: CredentialsSource;
  // Webhooks must answer fast; the platform retries on our 5xx anyway.
  readonly maxAttempts?: number;
  /** Per-attempt hooks (tests and benchmarks count requests and inject faults here). */
  readonly interceptors?: readonly Interceptor[];
}

export function createDocumentClient(options: DynamoOptions): DynamoDBDocumentClient {
  return createDynamoClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials: credentialsFor(options.endpoint, options.credentials),
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
  });
}

export function errorName(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { name?: string }).name : undefined;
}

/** Anything that is not a conditional failure means the store could not do its job right now. */
export function unavailable(operation: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`DynamoDB ${operation} failed: ${errorName(error) ?? "unknown error"}`, {
    cause: error,
  });
}

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
export const days = (n: number) => n * 24 * 60 * 60 * 1000;

/** Every item a query matches, across all pages (DynamoDB returns at most 1 MB per page). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey">,
  operation: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw unavailable(operation, error);
  }
  return items;
}

type Key = Record<string, unknown>;

/**
 * The whole items behind index entries, in the same order (BatchGetItem, 100 keys a call, strongly consistent).
 * The GSIs carry only a few attributes (table-definition.ts); items deleted meanwhile are left out.
 */
export async function fullItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: readonly Record<string, unknown>[],
  operation: string,
): Promise<Record<string, unknown>[]> {
  const id = (key: Key) => `${String(key.pk)}\u0000${String(key.sk)}`;
  const wanted = [...new Map(entries.map((entry) => [id(entry), { pk: entry.pk, sk: entry.sk }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  try {
    for (let start = 0; start < wanted.length; start += 100) {
      let pending: Key[] = wanted.slice(start, start + 100);
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1000)));
        if (attempt > 8) throw new Error("unprocessed keys kept coming back");
        const result: BatchGetCommandOutput = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[tableName] ?? []) found.set(id(item), item);
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      }
    }
  } catch (error) {
    throw unavailable(operation, error);
  }
  return entries.map((entry) => found.get(id(entry))).filter((item) => item !== undefined);
}

/** Every item an index query matches, whole: the index's keys across all pages, then the items. */
export async function queryItems(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey" | "ProjectionExpression"> & { TableName: string },
  operation: string,
): Promise<Record<string, unknown>[]> {
  const entries = await queryAll(client, input, operation);
  return fullItems(client, input.TableName, entries, operation);
}

/** How many items a query matches, across all pages, without reading them. */
export async function countAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey" | "Select">,
  operation: string,
): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(
        new QueryCommand({ ...input, Select: "COUNT", ExclusiveStartKey: start }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw unavailable(operation, error);
  }
  return total;
}

/** An opaque paging cursor (a LastEvaluatedKey, or any small JSON) as URL-safe text, and back. */
export const encodeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString("base64url");
export const decodeCursor = <T>(cursor: string): T =>
  JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as T;
