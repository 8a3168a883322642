// Unanswered questions: one item each (no user id), kept 180 days, grouped by the admin CLI.
import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { UnansweredLog, UnansweredQuestion } from "../core/faq/unanswered.js";
import { days, epochSeconds, queryAll, unavailable } from "./dynamo.js";

export interface UnansweredLogOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const partition = "UNANSWERED";

export function createUnansweredLog(options: UnansweredLogOptions): UnansweredLog {
  const { client, tableName } = options;
  return {
    async record(question) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: partition,
              sk: `${new Date(question.at).toISOString()}#${randomUUID()}`,
              ...question,
              expiresAt: epochSeconds(new Date(question.at + days(180))),
            },
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
      return items.map((item) => ({
        text: String(item.text),
        normalised: String(item.normalised ?? ""),
        topicGuess: typeof item.topicGuess === "string" ? item.topicGuess : null,
        reason: item.reason as UnansweredQuestion["reason"],
        channel: item.channel as UnansweredQuestion["channel"],
        at: Number(item.at),
      }));
    },
  };
}
