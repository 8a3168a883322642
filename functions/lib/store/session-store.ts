// Contact + conversation of one person: read together (one query), written together (one transaction).

import type { Contact, ConversationState } from "../core/contact.js";
import { ConversationConflictError, UpdateRecordedError } from "../core/errors.js";
import type { SessionCommit, SessionStore, StoredSession } from "../core/ports.js";
import { contactFromItem, contactUpdate } from "./contact-items.js";
import { days, epochSeconds, errorName, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "./dynamo-commands.js";
import { claimDoneUpdate, turnRecordPut } from "./inbound-ledger.js";
import { keys } from "./keys.js";
import { contactRoleChange, counterUpdate } from "./stat-counters.js";

export interface SessionStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Unfinished flows (e.g. a registration) can be resumed for 7 days. */
export const conversationTtlMs = days(7);

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { client, tableName } = options;

  return {
    async load(user, now): Promise<StoredSession> {
      let items: Record<string, unknown>[];
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.user(user) },
            ConsistentRead: true,
          }),
        );
        items = result.Items ?? [];
      } catch (error) {
        throw unavailable("load session", error);
      }
      const contactItem = items.find((item) => item.sk === keys.contactSk);
      const conversationItem = items.find((item) => item.sk === keys.conversationSk);
      // DynamoDB removes expired items late (up to ~48 h): an expired conversation counts as none.
      const live =
        conversationItem && Number(conversationItem.expiresAt) > epochSeconds(now) ? conversationItem : null;
      return {
        contact: contactItem ? contactFromItem(contactItem) : null,
        conversation: live ? conversationFromItem(live) : null,
        conversationVersion: conversationItem ? Number(conversationItem.version ?? 0) : 0,
        // Same query: the seller record shares the partition.
        approvedSeller: items.some((item) => item.sk === keys.sellerSk && item.status === "approved"),
      };
    },

    async commit(commit) {
      const userKey = keys.user(commit.user);
      const before = commit.storedRole;
      const after = commit.forget
        ? null
        : (commit.contactChanges.role ?? before ?? commit.initialContact.role);
      // Conditional on the contact this turn read, so the role counters move exactly once (a race retries).
      const contactCondition =
        before === null
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : {
              ConditionExpression: "#role = :storedRole",
              ExpressionAttributeNames: { "#role": "role" },
              ExpressionAttributeValues: { ":storedRole": before },
            };
      const update = contactUpdate(commit);
      const items: TransactItem[] = [
        commit.forget
          ? {
              Delete: { TableName: tableName, Key: { pk: userKey, sk: keys.contactSk }, ...contactCondition },
            }
          : {
              Update: {
                TableName: tableName,
                ...update,
                ConditionExpression: contactCondition.ConditionExpression,
                ExpressionAttributeNames: { ...update.ExpressionAttributeNames, "#role": "role" },
                ExpressionAttributeValues: {
                  ...update.ExpressionAttributeValues,
                  ...(before === null ? {} : { ":storedRole": before }),
                },
              },
            },
        // The decision's claim marked done, or (a turn that wrote nothing while deciding) one conditional Put.
        commit.update.claim
          ? {
              Update: {
                TableName: tableName,
                ...claimDoneUpdate(
                  { dedupeKey: commit.update.dedupeKey, token: commit.update.claim },
                  commit.now.getTime(),
                ),
              },
            }
          : { Put: turnRecordPut(tableName, commit.update.dedupeKey, commit.now) },
      ];
      const conversationItem = commit.forget
        ? { Delete: { TableName: tableName, Key: { pk: userKey, sk: keys.conversationSk } } }
        : conversationWrite(tableName, commit);
      if (conversationItem) items.push(conversationItem);
      items.push(...counterUpdate(tableName, contactRoleChange(before, after)));
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") {
          const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
          if (reasons[1]?.Code === "ConditionalCheckFailed") {
            throw new UpdateRecordedError("a duplicate delivery recorded this update first", {
              cause: error,
            });
          }
          // The contact was created, changed or deleted meanwhile: a retried turn reloads it.
          if (
            reasons[0]?.Code === "ConditionalCheckFailed" ||
            reasons[2]?.Code === "ConditionalCheckFailed"
          ) {
            throw new ConversationConflictError("the conversation changed meanwhile", { cause: error });
          }
        }
        throw unavailable("commit session", error);
      }
    },

    async claimChoiceToken(user, token, claim) {
      // Not a version bump: the turn's own commit (conditional on the version it read) follows.
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: keys.user(user), sk: keys.conversationSk },
            UpdateExpression: "SET tokenClaim = :claim",
            ConditionExpression:
              "choiceToken = :token AND (attribute_not_exists(tokenClaim) OR tokenClaim = :claim)",
            ExpressionAttributeValues: { ":token": token, ":claim": claim },
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return false;
        throw unavailable("claim choice token", error);
      }
    },
  };
}

function conversationWrite(tableName: string, commit: SessionCommit): TransactItem | null {
  const key = { pk: keys.user(commit.user), sk: keys.conversationSk };
  const expected = commit.expectedConversationVersion;
  // Optimistic concurrency: only write over the version this turn read.
  const condition =
    expected === 0
      ? { ConditionExpression: "attribute_not_exists(pk)" }
      : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expected } };
  // Left as it was: no check either. The turn read version N and wrote nothing to it, so it orders before any
  // concurrent turn that moves it (both read N; erasure and number moves fail the contact's condition), and a
  // ConditionCheck would bill 2 WCU on AWS for nothing (a menu or FAQ turn: 5 WCU instead of 7).
  if (commit.conversation === undefined) return null;
  if (commit.conversation === null) {
    // Ending a conversation that does not exist writes nothing either: no check, as above.
    if (expected === 0) return null;
    return { Delete: { TableName: tableName, Key: key, ...condition } };
  }
  const state: ConversationState = commit.conversation;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...key,
        flow: state.flow,
        step: state.step,
        data: state.data,
        ...(state.offered ? { offered: state.offered } : {}),
        ...(state.paused ? { paused: state.paused } : {}),
        ...(state.choiceToken ? { choiceToken: state.choiceToken } : {}),
        ...(state.usedTokens?.length ? { usedTokens: state.usedTokens } : {}),
        version: expected + 1,
        updatedAt: commit.now.getTime(),
        expiresAt: epochSeconds(new Date(commit.now.getTime() + conversationTtlMs)),
      },
      ...condition,
    },
  };
}

function conversationFromItem(item: Record<string, unknown>): ConversationState {
  return {
    flow: String(item.flow),
    step: String(item.step),
    data: (item.data as Record<string, unknown>) ?? {},
    ...(Array.isArray(item.offered)
      ? { offered: item.offered as NonNullable<ConversationState["offered"]> }
      : {}),
    ...(item.paused && typeof item.paused === "object"
      ? { paused: item.paused as NonNullable<ConversationState["paused"]> }
      : {}),
    ...(typeof item.choiceToken === "string" ? { choiceToken: item.choiceToken } : {}),
    ...(typeof item.tokenClaim === "string" ? { tokenClaim: item.tokenClaim } : {}),
    ...(Array.isArray(item.usedTokens) ? { usedTokens: item.usedTokens.map(String) } : {}),
  };
}

export type { Contact };
