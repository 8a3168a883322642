// Staff contacts (gsi1 = ROLE#staff) plus the configured staff ids; roles set by the admin CLI.
// A stored staff role from the configuration counts only while the configuration still names the person
// (their next turn rewrites the contact; until then they are left out here).

import { type Contact, isLanguage, type Language, type Role } from "../core/contact.js";
import type { UserRef } from "../core/events.js";
import type { Reviewer, StaffDirectory } from "../core/registration/ports.js";
import { contactFromItem } from "./contact-items.js";
import { errorName, queryItems, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { contactRoleChange, counterUpdate } from "./stat-counters.js";

export interface StaffDirectoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly configuredStaff: readonly UserRef[];
  /** Who the configuration makes staff (people and the staff group); defaults to `configuredStaff`. */
  readonly isConfigured?: (user: UserRef) => boolean;
}

export interface StaffAdmin extends StaffDirectory {
  listStaffContacts(): Promise<Contact[]>;
  /**
   * Makes someone staff (creating their contact if they never wrote), or takes it away. `consoleRole`: what
   * they may do in the web console (default `admin`; `petugas` cannot see admin pages).
   */
  setStaff(user: UserRef, staff: boolean, now: Date, consoleRole?: "admin" | "petugas"): Promise<void>;
}

export function createStaffDirectory(options: StaffDirectoryOptions): StaffAdmin {
  const { client, tableName } = options;
  const same = (a: UserRef, b: UserRef) => a.channel === b.channel && a.userId === b.userId;
  const isConfigured =
    options.isConfigured ?? ((user: UserRef) => options.configuredStaff.some((staff) => same(staff, user)));

  const listStaffContacts = async (): Promise<Contact[]> =>
    (
      await queryItems(
        client,
        {
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.role("staff") },
        },
        "list staff",
      )
    ).map(contactFromItem);

  return {
    listStaffContacts,

    async reviewers() {
      const stored = (await listStaffContacts()).filter(
        (contact) => contact.roleSource === "admin" || isConfigured(contact),
      );
      const reviewers: Reviewer[] = stored.map((contact) => ({
        user: { channel: contact.channel, userId: contact.userId },
        language: contact.language,
      }));
      for (const user of options.configuredStaff) {
        if (!reviewers.some((reviewer) => same(reviewer.user, user)))
          reviewers.push({ user, language: "id" });
      }
      return reviewers;
    },

    async languageOf(user) {
      try {
        const result = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: keys.user(user), sk: keys.contactSk },
            ProjectionExpression: "#language",
            ExpressionAttributeNames: { "#language": "language" },
          }),
        );
        const language: unknown = result.Item?.language;
        return isLanguage(language) ? language : ("id" as Language);
      } catch (error) {
        throw unavailable("contact language", error);
      }
    },

    async setStaff(user, staff, now, consoleRole = "admin") {
      let role: Role = "staff";
      if (!staff) {
        const seller = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: keys.user(user), sk: keys.sellerSk },
            ConsistentRead: true,
          }),
        );
        role = seller.Item?.status === "approved" ? "seller" : "buyer";
      }
      const key = { pk: keys.user(user), sk: keys.contactSk };
      for (let attempt = 1; ; attempt++) {
        // The role as stored, so the per-role contact counters move exactly once (a race retries).
        let stored: string | null;
        try {
          const current = await client.send(
            new GetCommand({
              TableName: tableName,
              Key: key,
              ConsistentRead: true,
              ProjectionExpression: "#role",
              ExpressionAttributeNames: { "#role": "role" },
            }),
          );
          stored = current.Item ? String(current.Item.role ?? "buyer") : null;
        } catch (error) {
          throw unavailable("set staff", error);
        }
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: tableName,
                    Key: key,
                    UpdateExpression:
                      "SET #role = :role, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, channel = :channel, userId = :userId, " +
                      "updatedAt = :now, createdAt = if_not_exists(createdAt, :now), #language = if_not_exists(#language, :id), " +
                      "consents = if_not_exists(consents, :none), unreachable = if_not_exists(unreachable, :false)" +
                      // The CLI's grant outlives the configuration; its removal also ends a configured one's.
                      (staff
                        ? ", roleSource = :admin, consoleRole = :consoleRole"
                        : " REMOVE roleSource, consoleRole"),
                    ConditionExpression: stored === null ? "attribute_not_exists(pk)" : "#role = :stored",
                    ExpressionAttributeNames: { "#role": "role", "#language": "language" },
                    ExpressionAttributeValues: {
                      ":role": role,
                      ":gsi1pk": keys.role(role),
                      ":gsi1sk": keys.userSortKey(user),
                      ":channel": user.channel,
                      ":userId": user.userId,
                      ":now": now.getTime(),
                      ":id": "id",
                      ":none": [],
                      ":false": false,
                      ...(stored === null ? {} : { ":stored": stored }),
                      ...(staff ? { ":admin": "admin", ":consoleRole": consoleRole } : {}),
                    },
                  },
                },
                ...counterUpdate(tableName, contactRoleChange(stored, role)),
              ],
            }),
          );
          return;
        } catch (error) {
          const conflict =
            errorName(error) === "TransactionCanceledException" &&
            (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.[0]?.Code ===
              "ConditionalCheckFailed";
          if (!conflict || attempt >= 5) throw unavailable("set staff", error);
        }
      }
    },
  };
}
