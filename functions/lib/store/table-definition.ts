// The ONE definition of the DynamoDB table: code, tests, the local server and stacks/ all read it.

export interface IndexDefinition {
  /** Index name (GSI name) as known to DynamoDB. */
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Non-key attributes the index carries (INCLUDE); the rest is read from the table (`queryItems`). */
  readonly projected: readonly string[];
}

export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /**
   * Sparse GSIs; entities opt in by setting the attributes. Each carries only what its hot queries read
   * (audience pages: channel, userId; seller audiences filter on category, kecamatan), so a chat turn's
   * contact update (lastInboundAt, rate, ...) writes no index; other readers fetch the items by key.
   */
  globalIndexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk", projected: ["channel", "userId"] },
    {
      name: "gsi2",
      partitionKey: "gsi2pk",
      sortKey: "gsi2sk",
      projected: ["channel", "userId", "category", "kecamatan"],
    },
  ] as const satisfies readonly IndexDefinition[],
  /** Epoch seconds; DynamoDB deletes expired items within ~48 h, so readers also filter on it. */
  ttlAttribute: "expiresAt",
} as const;

/** Every key attribute is a string. */
export function keyAttributeNames(): string[] {
  const names: string[] = [tableDefinition.partitionKey, tableDefinition.sortKey];
  for (const index of tableDefinition.globalIndexes) names.push(index.partitionKey, index.sortKey);
  return names;
}

/** CreateTable input (on-demand billing) for DynamoDB Local and tests; stacks/ maps the same fields. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: keyAttributeNames().map((name) => ({
      AttributeName: name,
      AttributeType: "S" as const,
    })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" as const },
      { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projected] },
    })),
  };
}
