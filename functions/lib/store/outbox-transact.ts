// TransactWriteItems with retries on transaction conflicts: every settled delivery also updates one of its
// job's counter shards, so concurrent workers (and the planner) can still meet on a shard.

import { errorName, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "./dynamo-commands.js";

export type CancellationCodes = (string | undefined)[];

export class TransactionConditionFailed extends Error {
  override readonly name = "TransactionConditionFailed";
  constructor(readonly codes: CancellationCodes) {
    super(`transaction condition failed: ${codes.join(",")}`);
  }
}

const maxConflictRetries = 12;

/** Runs the transaction; throws TransactionConditionFailed when a condition (not a conflict) failed. */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  operation: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (errorName(error) === "TransactionCanceledException") {
        const codes = (
          (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
        ).map((reason) => reason.Code);
        if (codes.includes("ConditionalCheckFailed")) throw new TransactionConditionFailed(codes);
        if (
          attempt < maxConflictRetries &&
          codes.some((code) => code === "TransactionConflict" || code === "ThrottlingError")
        ) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
          continue;
        }
      }
      if (errorName(error) === "TransactionConflictException" && attempt < maxConflictRetries) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
        continue;
      }
      throw unavailable(operation, error);
    }
  }
}
