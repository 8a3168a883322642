// Chats that moved to a new id (a Telegram group upgraded to a supergroup): pk CHATMOVE#<channel>#<old id>.
// Kept for good (no TTL): configuration keeps naming the old id.

import type { ChatMoves } from "../core/ports.js";
import { unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "./dynamo-commands.js";

export interface ChatMovesOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const key = (channel: string, chatId: string) => ({ pk: `CHATMOVE#${channel}#${chatId}`, sk: "CHATMOVE" });

export function createChatMoves(options: ChatMovesOptions): ChatMoves {
  const { client, tableName } = options;
  const next = async (channel: string, chatId: string): Promise<string | undefined> => {
    try {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: key(channel, chatId), ConsistentRead: true }),
      );
      return typeof result.Item?.to === "string" ? result.Item.to : undefined;
    } catch (error) {
      throw unavailable("read chat move", error);
    }
  };
  return {
    async currentId(channel, chatId) {
      // A chat moves at most once in practice; a few hops cover a chain without looping on a cycle.
      let current: string | undefined;
      for (let hop = 0, at = chatId; hop < 3; hop++) {
        const to = await next(channel, at);
        if (!to || to === chatId) break;
        current = at = to;
      }
      return current;
    },
    async record(channel, from, to, now) {
      if (from === to) return;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(channel, from), channel, from, to, at: now.getTime() },
          }),
        );
      } catch (error) {
        throw unavailable("record chat move", error);
      }
    },
  };
}
