// Fixed-window request counters for the staff console's API: one UpdateItem per request, gone by TTL.
// Keys are hashed (a session id is a secret, an IP address personal data).
import { createHash } from "node:crypto";
import { epochSeconds, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, UpdateCommand } from "./dynamo-commands.js";

export interface RateWindow {
  readonly max: number;
  readonly windowMs: number;
}

export type RateOutcome =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface ConsoleRateLimit {
  /** Counts one request under `key` in the current window; refused past `max`. */
  take(key: string, now: Date, window: RateWindow): Promise<RateOutcome>;
}

export function createConsoleRateLimit(options: {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}): ConsoleRateLimit {
  return {
    async take(key, now, window) {
      const start = Math.floor(now.getTime() / window.windowMs) * window.windowMs;
      const hashed = createHash("sha256").update(key).digest("base64url");
      try {
        const result = await options.client.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: { pk: `CONSOLEAPIRATE#${hashed}`, sk: String(start) },
            UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :ttl)",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: {
              ":one": 1,
              ":ttl": epochSeconds(now) + Math.ceil(window.windowMs / 1000) + 3600,
            },
            ReturnValues: "UPDATED_NEW",
          }),
        );
        const count = Number(result.Attributes?.count ?? 0);
        if (count <= window.max) return { allowed: true };
        return { allowed: false, retryAfterMs: start + window.windowMs - now.getTime() };
      } catch (error) {
        throw unavailable("console api rate", error);
      }
    },
  };
}
