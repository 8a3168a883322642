// A fresh table per test file (or test) on the run's shared DynamoDB Local.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDocumentClient } from "../../functions/lib/store/dynamo.js";
import { type DynamoDBDocumentClient, ScanCommand } from "../../functions/lib/store/dynamo-commands.js";
import { createLocalClient, ensureTable, localRegion } from "../../scripts/lib/dynamodb-local.js";

export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly documentClient: DynamoDBDocumentClient;
  /** Flip to make every DynamoDB call fail like an outage. */
  readonly faults: { down: boolean; calls: number; errorName: string };
  scanAll(): Promise<Record<string, unknown>[]>;
}

export async function createTestTable(prefix = "t"): Promise<TestTable> {
  const endpoint = inject("dynamoEndpoint");
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();

  // `errorName`: what the outage looks like (an unavailable service, or throttling).
  const faults = { down: false, calls: 0, errorName: "ServiceUnavailable" };
  // The app's own client; the fault hook runs once per attempt (one attempt here, as before).
  const documentClient = createDocumentClient({
    endpoint,
    region: localRegion,
    maxAttempts: 1,
    interceptors: [
      async (_call, next) => {
        faults.calls++;
        if (faults.down) {
          throw Object.assign(new Error("injected outage"), { name: faults.errorName, $fault: "server" });
        }
        return next();
      },
    ],
  });
  return {
    endpoint,
    tableName,
    documentClient,
    faults,
    async scanAll() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}
