// "Hapus data" for the outbox: the person's delivery records (pk JOB#<id>, sk DLV#<channel>#<userId>) are
// re-keyed to an anonymous sort key, their sent-message pointers (MSG#<channel>#<wamid>: a wamid encodes
// the number) deleted, and their name taken off the jobs they created. Job counters keep their totals.

import type { UserRef } from "../core/events.js";
import { errorName, queryAll, queryItems, unavailable } from "./dynamo.js";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import { erasedDeliverySk } from "./outbox-deliveries.js";
import { counterShardUpdate, type OutboxStoreOptions, replyIndexKey } from "./outbox-jobs.js";
import { transactWrite } from "./outbox-transact.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";

const jobsIndexKey = "OUTBOX#JOBS";
/** A delivery not yet final is closed as this (queued: never sent; sending: maybe delivered). */
const closedAs: Record<string, string> = { queued: "cancelled", sending: "uncertain" };

export function createOutboxPersonalData(options: OutboxStoreOptions): PersonalDataHolder {
  const { client, tableName } = options;

  async function deliveriesOf(user: UserRef, jobs: readonly Record<string, unknown>[]) {
    const found: Record<string, unknown>[] = [];
    const sk = `DLV#${user.channel}#${user.userId}`;
    try {
      for (let i = 0; i < jobs.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = jobs
          .slice(i, i + 100)
          .map((job) => ({ pk: job.pk, sk }));
        for (let attempt = 0; keys?.length && attempt < 5; attempt++) {
          const result: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
          found.push(...(result.Responses?.[tableName] ?? []));
          keys = result.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
    } catch (error) {
      throw unavailable("find deliveries of a person", error);
    }
    return found;
  }

  async function anonymise(delivery: Record<string, unknown>, user: UserRef, now: Date) {
    const status = String(delivery.status);
    const final = closedAs[status] ?? status;
    const messageIds = Array.isArray(delivery.messageIds) ? delivery.messageIds.map(String) : [];
    await transactWrite(
      client,
      {
        TransactItems: [
          {
            Delete: {
              TableName: tableName,
              Key: { pk: delivery.pk, sk: delivery.sk },
              ConditionExpression: "#status = :status",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":status": status },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: delivery.pk,
                // Derived: a late queue message for this person finds it and counts nothing more.
                sk: erasedDeliverySk(String(delivery.pk).slice("JOB#".length), user),
                jobId: delivery.jobId,
                channel: delivery.channel,
                userId: "-",
                status: final,
                attempts: delivery.attempts ?? 0,
                ...(typeof delivery.via === "string" ? { via: delivery.via } : {}),
                createdAt: delivery.createdAt,
                updatedAt: delivery.updatedAt,
                anonymised: true,
                expiresAt: delivery.expiresAt,
              },
            },
          },
          ...(final !== status
            ? [
                {
                  Update: counterShardUpdate(
                    tableName,
                    String(delivery.pk).slice("JOB#".length),
                    String(delivery.sk),
                    {
                      [status]: -1,
                      [final]: 1,
                    },
                    now,
                  ),
                },
              ]
            : []),
          ...messageIds.map((messageId) => ({
            Delete: {
              TableName: tableName,
              Key: { pk: `MSG#${String(delivery.channel)}#${messageId}`, sk: "MSG" },
            },
          })),
        ],
      },
      "anonymise delivery",
    );
  }

  /** Answers queued for a retry hold the person's own words and name: deleted whole, job and delivery. */
  async function deleteReplyJobs(user: UserRef) {
    const replies = await queryAll(
      client,
      {
        TableName: tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": replyIndexKey(user) },
      },
      "list reply jobs",
    );
    for (const job of replies) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": job.pk },
        },
        "read reply job",
      );
      for (const item of items) {
        // The sent-message pointers too: a wamid encodes the number.
        const messageIds = Array.isArray(item.messageIds) ? item.messageIds.map(String) : [];
        const keys = [
          ...messageIds.map((id) => ({ pk: `MSG#${String(item.channel)}#${id}`, sk: "MSG" })),
          { pk: item.pk, sk: item.sk },
        ];
        for (const key of keys) {
          await client.send(new DeleteCommand({ TableName: tableName, Key: key })).catch((error: unknown) => {
            throw unavailable("delete reply job", error);
          });
        }
      }
    }
  }

  return {
    async forgetUser(user, now) {
      await deleteReplyJobs(user);
      const jobs = await queryItems(
        client,
        {
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": jobsIndexKey },
        },
        "list jobs",
      );
      for (const delivery of await deliveriesOf(user, jobs)) await anonymise(delivery, user, now);
      // Staff who created a broadcast: the job keeps its content and counters, not who made it.
      for (const job of jobs) {
        const by = job.createdBy as { channel?: string; userId?: string } | undefined;
        if (by?.channel !== user.channel || by.userId !== user.userId) continue;
        await client
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk: job.pk, sk: "JOB" },
              UpdateExpression: "REMOVE createdBy",
              ConditionExpression: "attribute_exists(pk)",
            }),
          )
          .catch((error: unknown) => {
            if (errorName(error) !== "ConditionalCheckFailedException")
              throw unavailable("forget job creator", error);
          });
      }
    },
  };
}
