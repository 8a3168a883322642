// DynamoDB clients and error mapping shared by every repository.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "../core/errors.js";

export interface DynamoOptions {
  readonly region: string;
  /** DynamoDB Local or another compatible endpoint; unset on AWS. */
  readonly endpoint?: string;
  /** Extra client options (tests inject fault middleware through `client.middlewareStack`). */
  readonly clientConfig?: DynamoDBClientConfig;
}

export function createDocumentClient(options: DynamoOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    // Webhooks must answer fast; the platform retries on our 5xx anyway.
    maxAttempts: 3,
    ...options.clientConfig,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
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
