// A fresh table per test file (or test) on the run's shared DynamoDB Local.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import {
  createLocalClient,
  ensureTable,
  localCredentials,
  localRegion,
} from "../../scripts/lib/dynamodb-local.js";

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
  const base = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  base.middlewareStack.add(
    (next) => async (args) => {
      faults.calls++;
      if (faults.down) {
        throw Object.assign(new Error("injected outage"), { name: faults.errorName, $fault: "server" });
      }
      return next(args);
    },
    { step: "initialize", name: "faultInjection" },
  );
  const documentClient = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true },
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
