// Deletes a person's data: the seller record is anonymised first, then every other item of their partition.

import type { UserRef } from "../core/events.js";
import type { PersonalDataEraser } from "../core/registration/ports.js";
import type { SellerRepository } from "../core/registration/seller.js";
import { unavailable } from "./dynamo.js";
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";

/** Data of a person kept outside their partition (tickets, training seats), found through REF# items. */
export interface PersonalDataHolder {
  forgetUser(user: UserRef, now: Date): Promise<void>;
}

export interface PersonalDataEraserOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sellers: SellerRepository;
  readonly holders?: readonly PersonalDataHolder[];
}

export function createPersonalDataEraser(options: PersonalDataEraserOptions): PersonalDataEraser {
  const { client, tableName } = options;
  return {
    async erase(user, now) {
      await options.sellers.forget(user, now);
      for (const holder of options.holders ?? []) await holder.forgetUser(user, now);
      try {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.user(user) },
            ProjectionExpression: "pk, sk",
            ConsistentRead: true,
          }),
        );
        // Contact and conversation are deleted by the turn's own commit, atomically with the claim.
        const rest = (page.Items ?? []).filter(
          (item) => item.sk !== keys.contactSk && item.sk !== keys.conversationSk,
        );
        for (let i = 0; i < rest.length; i += 25) {
          const batch = rest
            .slice(i, i + 25)
            .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
          let unprocessed: typeof batch | undefined = batch;
          for (let attempt = 0; unprocessed?.length && attempt < 5; attempt++) {
            const result = await client.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed } }),
            );
            unprocessed = result.UnprocessedItems?.[tableName] as typeof batch | undefined;
          }
        }
      } catch (error) {
        throw unavailable("erase personal data", error);
      }
    },
  };
}
