// The staff console's records: one-time login links, sessions, the link rate limit and the audit log.
// Secrets (link tokens, session ids) are stored only as SHA-256 hashes: a table dump opens no session.
import { createHash, randomBytes } from "node:crypto";
import type { Channel, UserRef } from "../core/events.js";
import { epochSeconds, errorName, queryAll, unavailable } from "./dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";

export type ConsoleRole = "admin" | "petugas";

export interface ConsoleSession {
  readonly user: UserRef;
  /** Sent back in the `x-csrf-token` header of every state change. */
  readonly csrf: string;
  readonly createdAt: number;
  readonly expiresAtMs: number;
}

export interface AuditEntry {
  readonly at: number;
  /** "<channel>:<userId>" of the staff member. */
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type LinkIssue =
  | { readonly status: "issued"; readonly token: string }
  | { readonly status: "limited" };

export interface ConsoleStore {
  issueLink(input: {
    user: UserRef;
    now: Date;
    ttlMs: number;
    rate: { max: number; windowMs: number };
  }): Promise<LinkIssue>;
  /** Takes the link exactly once (a conditional write); undefined = unknown, used or expired. */
  consumeLink(token: string, now: Date): Promise<UserRef | undefined>;
  createSession(user: UserRef, now: Date, ttlMs: number): Promise<{ id: string; session: ConsoleSession }>;
  getSession(id: string, now: Date): Promise<ConsoleSession | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Every session of the person (sign out everywhere, role removed); returns how many. */
  deleteSessionsOf(user: UserRef): Promise<number>;
  /** The stored console role and staff source of a contact (undefined: no contact). */
  staffRecord(
    user: UserRef,
  ): Promise<{ role: string; roleSource?: string; consoleRole?: string; displayName?: string } | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
}

const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");
export const newSecret = () => randomBytes(32).toString("base64url");

const linkKey = (token: string) => ({ pk: `CONSOLELINK#${hash(token)}`, sk: "LINK" });
const sessionKey = (id: string) => ({ pk: `CONSOLESESSION#${hash(id)}`, sk: "SESSION" });
const staffSessions = (user: UserRef) => `CONSOLESTAFF#${user.channel}#${user.userId}`;
const rateKey = (user: UserRef) => ({ pk: `CONSOLERATE#${user.channel}#${user.userId}`, sk: "LINKS" });
const auditPk = "CONSOLEAUDIT";

const userOf = (item: Record<string, unknown>): UserRef => ({
  channel: item.channel as Channel,
  userId: String(item.userId),
});

export function createConsoleStore(options: {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}): ConsoleStore {
  const { client, tableName } = options;
  const conditionFailed = (error: unknown) => errorName(error) === "ConditionalCheckFailedException";

  // Fixed window per person: count within the window, or start a new one when it has passed.
  async function takeRate(user: UserRef, now: Date, rate: { max: number; windowMs: number }) {
    const cutoff = now.getTime() - rate.windowMs;
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rateKey(user),
          UpdateExpression: "SET #count = #count + :one",
          ConditionExpression: "windowStart > :cutoff AND #count < :max",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: { ":one": 1, ":cutoff": cutoff, ":max": rate.max },
        }),
      );
      return true;
    } catch (error) {
      if (!conditionFailed(error)) throw unavailable("console link rate", error);
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rateKey(user),
          UpdateExpression: "SET windowStart = :now, #count = :one, expiresAt = :ttl",
          ConditionExpression: "attribute_not_exists(pk) OR windowStart <= :cutoff",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: {
            ":now": now.getTime(),
            ":one": 1,
            ":cutoff": cutoff,
            ":ttl": epochSeconds(now) + Math.ceil(rate.windowMs / 1000) + 3600,
          },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw unavailable("console link rate", error);
    }
  }

  return {
    async issueLink({ user, now, ttlMs, rate }) {
      if (!(await takeRate(user, now, rate))) return { status: "limited" };
      const token = newSecret();
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...linkKey(token),
              channel: user.channel,
              userId: user.userId,
              createdAt: now.getTime(),
              expiresAtMs: now.getTime() + ttlMs,
              // DynamoDB's TTL removes it a day later at the earliest; readers check expiresAtMs.
              expiresAt: epochSeconds(now) + Math.ceil(ttlMs / 1000) + 86_400,
            },
          }),
        );
      } catch (error) {
        throw unavailable("console link put", error);
      }
      return { status: "issued", token };
    },

    async consumeLink(token, now) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: linkKey(token),
            UpdateExpression: "SET usedAt = :now",
            ConditionExpression:
              "attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAtMs > :now",
            ExpressionAttributeValues: { ":now": now.getTime() },
            ReturnValues: "ALL_NEW",
          }),
        );
        return result.Attributes ? userOf(result.Attributes) : undefined;
      } catch (error) {
        if (conditionFailed(error)) return undefined;
        throw unavailable("console link consume", error);
      }
    },

    async createSession(user, now, ttlMs) {
      const id = newSecret();
      const key = sessionKey(id);
      const session: ConsoleSession = {
        user,
        csrf: newSecret(),
        createdAt: now.getTime(),
        expiresAtMs: now.getTime() + ttlMs,
      };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key,
              channel: user.channel,
              userId: user.userId,
              csrf: session.csrf,
              createdAt: session.createdAt,
              expiresAtMs: session.expiresAtMs,
              expiresAt: epochSeconds(now) + Math.ceil(ttlMs / 1000) + 86_400,
              // Sign out everywhere finds a person's sessions through this index.
              gsi1pk: staffSessions(user),
              gsi1sk: key.pk,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (error) {
        throw unavailable("console session put", error);
      }
      return { id, session };
    },

    async getSession(id, now) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
      try {
        const result = await client.send(
          new GetCommand({ TableName: tableName, Key: sessionKey(id), ConsistentRead: true }),
        );
        const item = result.Item;
        if (!item || Number(item.expiresAtMs) <= now.getTime()) return undefined;
        return {
          user: userOf(item),
          csrf: String(item.csrf),
          createdAt: Number(item.createdAt),
          expiresAtMs: Number(item.expiresAtMs),
        };
      } catch (error) {
        throw unavailable("console session get", error);
      }
    },

    async deleteSession(id) {
      try {
        await client.send(new DeleteCommand({ TableName: tableName, Key: sessionKey(id) }));
      } catch (error) {
        throw unavailable("console session delete", error);
      }
    },

    async deleteSessionsOf(user) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": staffSessions(user) },
          ProjectionExpression: "pk, sk",
        },
        "console sessions of staff",
      );
      try {
        for (const item of items)
          await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
      } catch (error) {
        throw unavailable("console sessions delete", error);
      }
      return items.length;
    },

    async staffRecord(user) {
      try {
        const result = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: keys.user(user), sk: keys.contactSk },
            ConsistentRead: true,
            ProjectionExpression: "#role, roleSource, consoleRole, displayName",
            ExpressionAttributeNames: { "#role": "role" },
          }),
        );
        const item = result.Item;
        if (!item) return undefined;
        return {
          role: String(item.role),
          ...(typeof item.roleSource === "string" ? { roleSource: item.roleSource } : {}),
          ...(typeof item.consoleRole === "string" ? { consoleRole: item.consoleRole } : {}),
          ...(typeof item.displayName === "string" ? { displayName: item.displayName } : {}),
        };
      } catch (error) {
        throw unavailable("console staff record", error);
      }
    },

    async appendAudit(entry) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: auditPk,
              // Time first (newest last in the partition), a random tail so two actions never collide.
              sk: `${new Date(entry.at).toISOString()}#${randomBytes(6).toString("hex")}`,
              ...entry,
            },
          }),
        );
      } catch (error) {
        throw unavailable("console audit put", error);
      }
    },

    async listAudit(limit) {
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": auditPk },
            ScanIndexForward: false,
            Limit: limit,
          }),
        );
        return (result.Items ?? []).map((item) => ({
          at: Number(item.at),
          actor: String(item.actor),
          action: String(item.action),
          target: String(item.target),
          ...(item.before !== undefined ? { before: item.before } : {}),
          ...(item.after !== undefined ? { after: item.after } : {}),
        }));
      } catch (error) {
        throw unavailable("console audit list", error);
      }
    },
  };
}
