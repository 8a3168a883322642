// Contacts read and updated outside a conversation turn: the WhatsApp 24 h window check before a send,
// undeliverable numbers, failed-delivery statuses and the platform's newer user id.

import type { ContactDirectory } from "../core/ports.js";
import { contactFromItem } from "./contact-items.js";
import { errorName, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import { claimDoneUpdate } from "./inbound-ledger.js";
import { keys } from "./keys.js";

export interface ContactDirectoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function createContactDirectory(options: ContactDirectoryOptions): ContactDirectory {
  const { client, tableName } = options;
  const contactKey = (user: Parameters<ContactDirectory["get"]>[0]) => ({
    pk: keys.user(user),
    sk: keys.contactSk,
  });

  /** Marks a status claim done (used when there is no contact to update). */
  const completeClaim = async (claim: { dedupeKey: string; token: string }, now: number) => {
    try {
      await client.send(new UpdateCommand({ TableName: tableName, ...claimDoneUpdate(claim, now) }));
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") return; // someone else finished it
      throw unavailable("complete claim", error);
    }
  };

  return {
    async get(user) {
      try {
        const result = await client.send(
          new GetCommand({ TableName: tableName, Key: contactKey(user), ConsistentRead: true }),
        );
        return result.Item ? contactFromItem(result.Item) : null;
      } catch (error) {
        throw unavailable("get contact", error);
      }
    },

    async markUnreachable(user, reason, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: contactKey(user),
            UpdateExpression: "SET unreachable = :true, unreachableReason = :reason, updatedAt = :now",
            // Never create half a contact for someone we do not know.
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":true": true, ":reason": reason, ":now": now.getTime() },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("mark unreachable", error);
      }
    },

    async recordDeliveryFailure(user, failure, extra = {}) {
      const set = ["lastDeliveryFailure = :failure", "updatedAt = :now"];
      const values: Record<string, unknown> = { ":failure": failure, ":now": failure.at };
      if (extra.unreachableReason) {
        set.push("unreachable = :true", "unreachableReason = :reason");
        values[":true"] = true;
        values[":reason"] = extra.unreachableReason;
      }
      const update = {
        TableName: tableName,
        Key: contactKey(user),
        UpdateExpression: `SET ${set.join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: values,
      };
      const { claim } = extra;
      try {
        if (!claim) {
          await client.send(new UpdateCommand(update));
          return;
        }
        // The contact change and "status processed" commit together: a retried webhook changes nothing.
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              { Update: { TableName: tableName, ...claimDoneUpdate(claim, failure.at) } },
            ],
          }),
        );
      } catch (error) {
        const name = errorName(error);
        if (name === "ConditionalCheckFailedException") return; // unknown contact, no claim
        if (name === "TransactionCanceledException" && claim) {
          const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
          // Unknown contact: nothing to record, but the status is still processed.
          if (
            reasons[0]?.Code === "ConditionalCheckFailed" &&
            reasons[1]?.Code !== "ConditionalCheckFailed"
          ) {
            await completeClaim(claim, failure.at);
            return;
          }
          if (reasons[1]?.Code === "ConditionalCheckFailed") return; // the claim was finished elsewhere
        }
        throw unavailable("record delivery failure", error);
      }
    },

    async recordConsent(user, consent) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: contactKey(user),
            UpdateExpression:
              "SET consents = list_append(if_not_exists(consents, :none), :consent), updatedAt = :now",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":none": [], ":consent": [consent], ":now": consent.at },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return; // unknown (deleted) contact
        throw unavailable("record consent", error);
      }
    },

    async rememberPlatformUserId(user, platformUserId, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: contactKey(user),
            UpdateExpression: "SET platformUserId = :id, updatedAt = :now",
            ConditionExpression:
              "attribute_exists(pk) AND (attribute_not_exists(platformUserId) OR platformUserId <> :id)",
            ExpressionAttributeValues: { ":id": platformUserId, ":now": now.getTime() },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return; // unchanged or unknown
        throw unavailable("remember platform user id", error);
      }
    },

    async setReachable(user, reachable, reason, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: contactKey(user),
            UpdateExpression: reachable
              ? "SET unreachable = :false, reachabilityAt = :at, updatedAt = :at REMOVE unreachableReason"
              : "SET unreachable = :true, unreachableReason = :reason, reachabilityAt = :at, updatedAt = :at",
            // Never create half a contact; a report older than the last one changes nothing.
            ConditionExpression:
              "attribute_exists(pk) AND (attribute_not_exists(reachabilityAt) OR reachabilityAt <= :at)",
            ExpressionAttributeValues: {
              ":at": at.getTime(),
              ...(reachable ? { ":false": false } : { ":true": true, ":reason": reason }),
            },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return; // unknown contact or older report
        throw unavailable("set reachability", error);
      }
    },
  };
}
