// Photos already uploaded to another platform: pk MEDIA#<hash of the source id>, sk <target channel>.
// Hashed: a Telegram file_id is long and says nothing useful; expiresAt lets DynamoDB drop stale entries.
import { createHash } from "node:crypto";
import { unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "./dynamo-commands.js";

export interface MediaCacheOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface MediaCache {
  get(source: string, target: string, now: Date): Promise<string | undefined>;
  put(source: string, target: string, mediaId: string, expires: Date): Promise<void>;
}

const key = (source: string, target: string) => ({
  pk: `MEDIA#${createHash("sha256").update(source).digest("base64url")}`,
  sk: target,
});

export function createMediaCache(options: MediaCacheOptions): MediaCache {
  const { client, tableName } = options;
  return {
    async get(source, target, now) {
      try {
        const { Item } = await client.send(
          new GetCommand({ TableName: tableName, Key: key(source, target) }),
        );
        // DynamoDB removes expired items late (DynamoDB Local never): check the time ourselves.
        if (!Item || typeof Item.mediaId !== "string" || Number(Item.expiresAt) * 1000 <= now.getTime())
          return undefined;
        return Item.mediaId;
      } catch (error) {
        throw unavailable("read media cache", error);
      }
    },
    async put(source, target, mediaId, expires) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(source, target), mediaId, expiresAt: Math.floor(expires.getTime() / 1000) },
          }),
        );
      } catch (error) {
        throw unavailable("write media cache", error);
      }
    },
  };
}
