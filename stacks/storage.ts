// The single DynamoDB table, mapped from the SAME definition the code and DynamoDB Local use.
import { keyAttributeNames, tableDefinition } from "../functions/lib/store/table-definition.js";

export interface StorageInput {
  isProduction: boolean;
}

/** Component name; also the key of `Resource` at runtime (Resource.Table.name). */
export const TABLE_RESOURCE = "Table";

export function dynamoArgsFromDefinition(): {
  fields: Record<string, "string">;
  primaryIndex: { hashKey: string; rangeKey: string };
  globalIndexes: Record<string, { hashKey: string; rangeKey: string; projection: string[] }>;
  ttl: string;
} {
  const fields: Record<string, "string"> = {};
  for (const name of keyAttributeNames()) fields[name] = "string"; // every key attribute is a string
  const globalIndexes: Record<string, { hashKey: string; rangeKey: string; projection: string[] }> = {};
  for (const index of tableDefinition.globalIndexes) {
    // A list of attributes is SST's INCLUDE projection (keys are always projected).
    globalIndexes[index.name] = {
      hashKey: index.partitionKey,
      rangeKey: index.sortKey,
      projection: [...index.projected],
    };
  }
  return {
    fields,
    primaryIndex: { hashKey: tableDefinition.partitionKey, rangeKey: tableDefinition.sortKey },
    globalIndexes,
    ttl: tableDefinition.ttlAttribute,
  };
}

export function createStorage(input: StorageInput) {
  const table = new sst.aws.Dynamo(TABLE_RESOURCE, {
    ...dynamoArgsFromDefinition(),
    // SST's Dynamo is always on-demand (PAY_PER_REQUEST) and turns point-in-time recovery on.
    // Keep PITR (35 days of restores, ~USD 0.20/GB-month) on production only.
    deletionProtection: input.isProduction,
    transform: {
      table: (args: aws.dynamodb.TableArgs) => {
        args.billingMode = "PAY_PER_REQUEST";
        args.pointInTimeRecovery = { enabled: input.isProduction };
      },
    },
  });
  return { table };
}

export type Storage = ReturnType<typeof createStorage>;
