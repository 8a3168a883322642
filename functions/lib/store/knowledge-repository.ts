// Staff-edited knowledge in the single table: a content-version pointer and each topic's current text in one
// partition (one query rebuilds the matcher), and every version of each topic in that topic's history partition.

import type { FaqTopic } from "../core/faq/faq-topic-schema.js";
import type { KnowledgeSource } from "../core/faq/knowledge.js";
import {
  type KnowledgeChange,
  KnowledgeConflictError,
  type KnowledgeStore,
  KnowledgeTooLargeError,
  type KnowledgeVersion,
  type StoredTopic,
} from "../core/faq/knowledge-edit.js";
import { errorName, queryAll, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";

export interface KnowledgeRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export function createKnowledgeRepository(
  options: KnowledgeRepositoryOptions,
): KnowledgeSource & KnowledgeStore {
  const { client, tableName } = options;

  async function partition() {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.knowledge },
        ConsistentRead: true,
      },
      "read knowledge",
    );
    const pointer = items.find((item) => item.sk === keys.knowledgeVersionSk);
    const topics = items.filter((item) => String(item.sk).startsWith(keys.knowledgeTopicSk("")));
    return { version: Number(pointer?.version ?? 0), topics };
  }

  const historyItem = (
    topicId: string,
    entry: { version: number; contentVersion: number; by: string; at: string; changed: readonly string[] },
    topic: FaqTopic,
  ): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: {
        pk: keys.knowledgeHistory(topicId),
        sk: keys.knowledgeHistorySk(entry.version),
        ...entry,
        topic,
      },
      // A version once written is never overwritten.
      ConditionExpression: "attribute_not_exists(pk)",
    },
  });

  return {
    async version() {
      try {
        const result = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: keys.knowledge, sk: keys.knowledgeVersionSk },
            ProjectionExpression: "version",
          }),
        );
        return Number(result.Item?.version ?? 0);
      } catch (error) {
        throw unavailable("read knowledge version", error);
      }
    },
    async editedTopics() {
      const { version, topics } = await partition();
      return { version, topics: topics.map((item) => item.topic) };
    },
    async current() {
      const { version, topics } = await partition();
      return {
        version,
        // Validated by the caller that uses them; here only their shape as written.
        topics: topics.map(
          (item): StoredTopic => ({ topic: item.topic as FaqTopic, version: Number(item.version) }),
        ),
      };
    },
    async history(topicId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.knowledgeHistory(topicId) },
          ConsistentRead: true,
        },
        "read knowledge history",
      );
      return items.map(
        (item): KnowledgeVersion => ({
          topicId,
          version: Number(item.version),
          contentVersion: Number(item.contentVersion),
          by: String(item.by),
          at: String(item.at),
          changed: Array.isArray(item.changed) ? item.changed.map(String) : [],
          topic: item.topic as FaqTopic,
        }),
      );
    },
    async apply(change: KnowledgeChange) {
      const next = change.expectedVersion + 1;
      const at = change.at.toISOString();
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { pk: keys.knowledge, sk: keys.knowledgeVersionSk, version: next, at, by: change.by },
            // The pointer moves only from the version the change was computed against.
            ConditionExpression: "attribute_not_exists(pk) OR version = :expected",
            ExpressionAttributeValues: { ":expected": change.expectedVersion },
          },
        },
      ];
      for (const entry of change.topics) {
        const meta = {
          version: entry.version,
          contentVersion: next,
          by: change.by,
          at,
          changed: entry.changed,
        };
        if (entry.seed)
          items.push(
            historyItem(
              entry.topic.id,
              { version: 1, contentVersion: 0, by: "shipped", at: entry.seed.checkedAt, changed: ["seed"] },
              entry.seed,
            ),
          );
        items.push(historyItem(entry.topic.id, meta, entry.topic));
        items.push({
          Put: {
            TableName: tableName,
            Item: {
              pk: keys.knowledge,
              sk: keys.knowledgeTopicSk(entry.topic.id),
              ...meta,
              topic: entry.topic,
            },
          },
        });
      }
      if (items.length > MAX_TRANSACTION_ITEMS)
        throw new KnowledgeTooLargeError(
          `too many topics in one change (${change.topics.length}); split the file into smaller imports`,
        );
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException")
          throw new KnowledgeConflictError(
            "the knowledge was changed meanwhile; nothing was applied, try again",
            {
              cause: error,
            },
          );
        throw unavailable("apply knowledge change", error);
      }
      return next;
    },
  };
}
