// Training sessions: pk TRAINING#<id>, sk SESSION; participants' details in the same partition
// (sk PARTICIPANT#<seat>), notice claims (sk NOTICE#<kind>#<seat>). gsi2 TRAININGS#scheduled|cancelled
// lists sessions by start time. The quota lives on the session item: `seats` is a string set and every
// sign-up is ONE conditional UpdateItem (size(seats) < quota AND NOT contains(seats, me)), so concurrent
// sign-ups serialise on that item and can never overbook; no transaction, so no transaction conflicts.

import type { UserRef } from "../core/events.js";
import {
  type NewSession,
  type Participant,
  type SignUpResult,
  seatOf,
  type TrainingRepository,
  type TrainingSession,
  userOfSeat,
} from "../core/training/training.js";
import { days, epochSeconds, errorName, queryAll, queryItems, unavailable } from "./dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import type { IdentityHolder } from "./identity-mover.js";
import { keys } from "./keys.js";
import { TransactionConditionFailed, transactWrite } from "./outbox-transact.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";
import { pruneStartedSessions, trainingStartUpdate } from "./stat-lists.js";

export interface TrainingRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const pk = (id: string) => `TRAINING#${id}`;
export const sessionKey = (id: string) => ({ pk: pk(id), sk: "SESSION" });
const participantSk = (seat: string) => `PARTICIPANT#${seat}`;
const indexKey = (status: TrainingSession["status"]) => `TRAININGS#${status}`;
const sortKey = (startsAt: number, id: string) => `${String(startsAt).padStart(15, "0")}#${id}`;

export function sessionFromItem(item: Record<string, unknown>): TrainingSession {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, seats, ...rest } = item;
  return {
    ...(rest as unknown as TrainingSession),
    seats: seats instanceof Set ? [...seats].map(String).sort() : [],
  };
}

const conditionFailed = (error: unknown) =>
  errorName(error) === "ConditionalCheckFailedException" || error instanceof TransactionConditionFailed;

export function createTrainingRepository(
  options: TrainingRepositoryOptions,
): TrainingRepository & PersonalDataHolder & IdentityHolder {
  const { client, tableName } = options;

  async function get(id: string): Promise<TrainingSession | null> {
    try {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: sessionKey(id), ConsistentRead: true }),
      );
      return result.Item ? sessionFromItem(result.Item) : null;
    } catch (error) {
      throw unavailable("get training", error);
    }
  }

  async function listBy(status: TrainingSession["status"]): Promise<TrainingSession[]> {
    const items = await queryItems(
      client,
      {
        TableName: tableName,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": indexKey(status) },
      },
      "list trainings",
    );
    return items.map(sessionFromItem).sort((a, b) => a.startsAt - b.startsAt);
  }

  const repository: TrainingRepository & PersonalDataHolder & IdentityHolder = {
    get,

    async create(input: NewSession) {
      const session: TrainingSession = { ...input, status: "scheduled", seats: [] };
      const { seats: _seats, ...item } = session;
      try {
        // With its start in /statistik's list of sessions (stat-lists.ts), in one transaction.
        const put = {
          TableName: tableName,
          Item: {
            ...sessionKey(input.id),
            ...item,
            gsi2pk: indexKey("scheduled"),
            gsi2sk: sortKey(input.startsAt, input.id),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        };
        const listed = trainingStartUpdate(tableName, input.id, input.startsAt);
        await transactWrite(client, { TransactItems: [{ Put: put }, listed] }, "create training");
        await pruneStartedSessions(client, tableName, new Date(input.createdAt));
        return session;
      } catch (error) {
        if (!conditionFailed(error)) throw unavailable("create training", error);
      }
      const existing = await get(input.id);
      if (!existing) throw unavailable("create training", new Error("session vanished"));
      return existing;
    },

    listScheduled: () => listBy("scheduled"),

    async listPendingNotices() {
      return (await listBy("cancelled")).filter((session) => session.noticesPending === true);
    },

    async update(id, changes, now) {
      const names: Record<string, string> = { "#status": "status" };
      const values: Record<string, unknown> = { ":scheduled": "scheduled", ":now": now.getTime() };
      const set = ["updatedAt = :now"];
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        set.push(`#${field} = :${field}`);
      }
      if (changes.startsAt !== undefined) {
        values[":gsi2sk"] = sortKey(changes.startsAt, id);
        set.push("gsi2sk = :gsi2sk");
      }
      const conditions = ["#status = :scheduled"];
      if (changes.quota !== undefined)
        conditions.push("(attribute_not_exists(seats) OR size(seats) <= :quota)");
      try {
        const update = {
          TableName: tableName,
          Key: sessionKey(id),
          UpdateExpression: `SET ${set.join(", ")}`,
          ConditionExpression: `attribute_exists(pk) AND ${conditions.join(" AND ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        };
        // A new start moves it in /statistik's list of sessions too, in the same transaction.
        if (changes.startsAt === undefined) await client.send(new UpdateCommand(update));
        else
          await transactWrite(
            client,
            { TransactItems: [{ Update: update }, trainingStartUpdate(tableName, id, changes.startsAt)] },
            "update training",
          );
        return "updated";
      } catch (error) {
        if (!conditionFailed(error)) throw unavailable("update training", error);
      }
      const current = await get(id);
      if (!current) return "missing";
      if (current.status !== "scheduled") return "not-scheduled";
      return "quota-below-seats";
    },

    async cancel(id, now, cancelOptions) {
      try {
        const cancel = {
          TableName: tableName,
          Key: sessionKey(id),
          UpdateExpression:
            "SET #status = :cancelled, cancelledAt = :now, gsi2pk = :index, noticesPending = :pending",
          ConditionExpression: "#status = :scheduled",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":cancelled": "cancelled",
            ":scheduled": "scheduled",
            ":now": now.getTime(),
            ":index": indexKey("cancelled"),
            ":pending": cancelOptions.noticesPending,
          },
        };
        // Leaves /statistik's list of sessions in the same transaction.
        const unlisted = trainingStartUpdate(tableName, id, null);
        await transactWrite(client, { TransactItems: [{ Update: cancel }, unlisted] }, "cancel training");
        return await get(id);
      } catch (error) {
        if (conditionFailed(error)) return null;
        throw unavailable("cancel training", error);
      }
    },

    async markNoticesSent(id) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(id),
            UpdateExpression: "SET noticesPending = :false",
            ExpressionAttributeValues: { ":false": false },
          }),
        );
      } catch (error) {
        throw unavailable("mark training notices", error);
      }
    },

    async signUp(id, participant, now): Promise<SignUpResult> {
      const seat = seatOf(participant);
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(id),
            UpdateExpression: "ADD seats :me SET updatedAt = :now",
            ConditionExpression:
              "#status = :scheduled AND deadline > :now AND " +
              "(attribute_not_exists(seats) OR (size(seats) < quota AND NOT contains(seats, :seat)))",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":me": new Set([seat]),
              ":seat": seat,
              ":scheduled": "scheduled",
              ":now": now.getTime(),
            },
            ReturnValues: "ALL_NEW",
          }),
        );
        // Details for the participant list (the seat above is what counts), and a reference in the
        // person's own partition so that deleting their data finds this session.
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: { TableName: tableName, Item: { pk: pk(id), sk: participantSk(seat), ...participant } },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { pk: keys.user(participant), sk: keys.ref("TRAINING", id), trainingId: id },
                },
              },
            ],
          }),
        );
        return { status: "registered", session: sessionFromItem(result.Attributes ?? {}) };
      } catch (error) {
        if (!conditionFailed(error)) throw unavailable("training sign-up", error);
      }
      const session = await get(id);
      if (!session) return { status: "missing" };
      if (session.status === "cancelled") return { status: "cancelled", session };
      if (session.seats.includes(seat)) return { status: "already", session };
      if (session.deadline <= now.getTime()) return { status: "closed", session };
      return { status: "full", session };
    },

    async withdraw(id, user: UserRef, now) {
      const seat = seatOf(user);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(id),
            UpdateExpression: "DELETE seats :me SET updatedAt = :now",
            ConditionExpression: "contains(seats, :seat)",
            ExpressionAttributeValues: { ":me": new Set([seat]), ":seat": seat, ":now": now.getTime() },
          }),
        );
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: { pk: pk(id), sk: participantSk(seat) } } },
              {
                Delete: { TableName: tableName, Key: { pk: keys.user(user), sk: keys.ref("TRAINING", id) } },
              },
            ],
          }),
        );
        return "withdrawn";
      } catch (error) {
        if (!conditionFailed(error)) throw unavailable("training withdraw", error);
      }
      return (await get(id)) ? "not-registered" : "missing";
    },

    async participants(id) {
      const session = await get(id);
      if (!session) return [];
      const details = new Map<string, Participant>();
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": pk(id), ":prefix": "PARTICIPANT#" },
          ConsistentRead: true,
        },
        "list participants",
      );
      for (const item of items) {
        const { pk: _pk, sk, ...participant } = item;
        details.set(String(sk).slice("PARTICIPANT#".length), participant as unknown as Participant);
      }
      // The seats are the truth; a seat whose details write failed is still listed.
      return session.seats
        .map((seat): Participant | undefined => {
          const user = userOfSeat(seat);
          if (!user) return undefined;
          return details.get(seat) ?? { ...user, name: "—", role: "buyer", language: "id", registeredAt: 0 };
        })
        .filter((participant): participant is Participant => !!participant)
        .sort((a, b) => a.registeredAt - b.registeredAt);
    },

    async claimNotice(id, kind, seat, now) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: pk(id),
              sk: `NOTICE#${kind}#${seat}`,
              at: now.getTime(),
              expiresAt: epochSeconds(new Date(now.getTime() + days(60))),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw unavailable("claim training notice", error);
      }
    },
    /** A new number: the seat, participant details and notice claims follow the person (quota unchanged). */
    async moveUser(from: UserRef, to: UserRef, now: Date) {
      const refs = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.user(from), ":prefix": keys.ref("TRAINING", "") },
          ConsistentRead: true,
        },
        "list training references",
      );
      const [oldSeat, newSeat] = [seatOf(from), seatOf(to)];
      for (const ref of refs) {
        const id = String(ref.trainingId);
        // Two steps (one expression cannot ADD and DELETE one set); both are no-ops when repeated.
        for (const [expression, seat] of [
          ["ADD seats :seat SET updatedAt = :now", newSeat],
          ["DELETE seats :seat SET updatedAt = :now", oldSeat],
        ] as const) {
          try {
            await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: sessionKey(id),
                UpdateExpression: expression,
                ConditionExpression: "contains(seats, :old)",
                ExpressionAttributeValues: {
                  ":seat": new Set([seat]),
                  ":old": oldSeat,
                  ":now": now.getTime(),
                },
              }),
            );
          } catch (error) {
            if (!conditionFailed(error)) throw unavailable("move training seat", error);
          }
        }
        for (const sk of [
          participantSk,
          (s: string) => `NOTICE#reminder#${s}`,
          (s: string) => `NOTICE#cancelled#${s}`,
        ]) {
          const old = await client
            .send(
              new GetCommand({
                TableName: tableName,
                Key: { pk: pk(id), sk: sk(oldSeat) },
                ConsistentRead: true,
              }),
            )
            .catch((error: unknown) => {
              throw unavailable("move training participant", error);
            });
          if (!old.Item) continue;
          const item = {
            ...old.Item,
            sk: sk(newSeat),
            ...(old.Item.userId === from.userId ? { userId: to.userId } : {}),
          };
          try {
            await client.send(
              new TransactWriteCommand({
                TransactItems: [
                  { Put: { TableName: tableName, Item: item } },
                  { Delete: { TableName: tableName, Key: { pk: pk(id), sk: sk(oldSeat) } } },
                ],
              }),
            );
          } catch (error) {
            throw unavailable("move training participant", error);
          }
        }
      }
      return refs.length;
    },

    /** "Hapus data": gives up every seat of the person and removes their participant details and notices. */
    async forgetUser(user: UserRef, now: Date) {
      const refs = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.user(user), ":prefix": keys.ref("TRAINING", "") },
          ConsistentRead: true,
        },
        "list training references",
      );
      const seat = seatOf(user);
      for (const ref of refs) {
        const id = String(ref.trainingId);
        await repository.withdraw(id, user, now);
        try {
          for (const kind of ["reminder", "cancelled"]) {
            await client.send(
              new DeleteCommand({ TableName: tableName, Key: { pk: pk(id), sk: `NOTICE#${kind}#${seat}` } }),
            );
          }
          await client.send(
            new DeleteCommand({ TableName: tableName, Key: { pk: pk(id), sk: participantSk(seat) } }),
          );
          await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: ref.pk, sk: ref.sk } }));
        } catch (error) {
          throw unavailable("forget training participant", error);
        }
      }
    },
  };
  return repository;
}
