// Unanswered questions: one item each (no user id), kept 180 days, grouped by the admin CLI. A REF# item in
// the asker's partition points at each, so "hapus data" deletes their questions with them.
import { randomUUID } from "node:crypto";
import type { UserRef } from "../core/events.js";
import type { UnansweredLog, UnansweredQuestion } from "../core/faq/unanswered.js";
import { days, epochSeconds, queryAll, unavailable } from "./dynamo.js";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";

export interface UnansweredLogOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const partition = "UNANSWERED";
const refKind = "UNANSWERED";

const questionOf = (item: Record<string, unknown>): UnansweredQuestion => ({
  text: String(item.text),
  normalised: String(item.normalised ?? ""),
  topicGuess: typeof item.topicGuess === "string" ? item.topicGuess : null,
  reason: item.reason as UnansweredQuestion["reason"],
  channel: item.channel as UnansweredQuestion["channel"],
  at: Number(item.at),
});

export function createUnansweredLog(
  options: UnansweredLogOptions,
): UnansweredLog & Required<Pick<UnansweredLog, "listLatest">> & PersonalDataHolder {
  const { client, tableName } = options;
  return {
    async record(question, from) {
      const sk = `${new Date(question.at).toISOString()}#${randomUUID()}`;
      const expiresAt = epochSeconds(new Date(question.at + days(180)));
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { pk: partition, sk, ...question, expiresAt } } },
              {
                Put: {
                  TableName: tableName,
                  Item: { pk: keys.user(from), sk: keys.ref(refKind, sk), expiresAt },
                },
              },
            ],
          }),
        );
      } catch (error) {
        throw unavailable("record unanswered", error);
      }
    },
    async list(now) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          FilterExpression: "expiresAt > :now",
          ExpressionAttributeValues: { ":pk": partition, ":now": epochSeconds(now) },
        },
        "list unanswered",
      );
      return items.map(questionOf);
    },
    async listLatest(now, limit) {
      // Sort keys start with the ISO time: newest first, one page (at most 1 MB), however long the log is.
      try {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            FilterExpression: "expiresAt > :now",
            ExpressionAttributeValues: { ":pk": partition, ":now": epochSeconds(now) },
            ScanIndexForward: false,
            Limit: limit,
          }),
        );
        return (page.Items ?? []).map(questionOf);
      } catch (error) {
        throw unavailable("list latest unanswered", error);
      }
    },
    /** "Hapus data": the person's questions go (the references themselves go with their partition). */
    async forgetUser(user: UserRef) {
      const prefix = keys.ref(refKind, "");
      const refs = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.user(user), ":prefix": prefix },
          ConsistentRead: true,
        },
        "list unanswered references",
      );
      try {
        for (let i = 0; i < refs.length; i += 25) {
          let pending: { DeleteRequest: { Key: Record<string, string> } }[] | undefined = refs
            .slice(i, i + 25)
            .map((ref) => ({
              DeleteRequest: { Key: { pk: partition, sk: String(ref.sk).slice(prefix.length) } },
            }));
          for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
            const result = await client.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
            );
            pending = result.UnprocessedItems?.[tableName] as typeof pending;
          }
        }
      } catch (error) {
        throw unavailable("forget unanswered questions", error);
      }
    },
  };
}
