// Unanswered questions: one item each (no user id), kept 180 days, grouped by the admin CLI. A REF# item in
// the asker's partition points at each, so "hapus data" deletes their questions with them.
import { randomUUID } from "node:crypto";
import type { UserRef } from "../core/events.js";
import type { UnansweredLog, UnansweredQuestion } from "../core/faq/unanswered.js";
import { days, epochSeconds, queryAll, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, QueryCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { transactWrite } from "./outbox-transact.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";
import { statsDayRetentionDays } from "./stat-counters.js";
import { eraseQuestions, writeWithUnansweredDay } from "./unanswered-day-items.js";

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
      const log = [
        { Put: { TableName: tableName, Item: { pk: partition, sk, ...question, expiresAt } } },
        {
          Put: { TableName: tableName, Item: { pk: keys.user(from), sk: keys.ref(refKind, sk), expiresAt } },
        },
      ];
      // With its day's group in /statistik's top list, in the same write; without it if that fails.
      const dayExpires = epochSeconds(new Date(question.at + days(statsDayRetentionDays + 1)));
      if (await writeWithUnansweredDay(client, tableName, log, question, dayExpires)) return;
      await transactWrite(client, { TransactItems: log }, "record unanswered");
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
      const questionKeys = refs.map((ref) => ({ pk: partition, sk: String(ref.sk).slice(prefix.length) }));
      await eraseQuestions(client, tableName, questionKeys, questionOf);
    },
  };
}
