// Finds the store the admin CLIs work on: an explicit endpoint, the deployed table, or `npm start`'s store.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { linkedEnvironment } from "../../functions/lib/config/sst-resources.js";
import { createDocumentClient } from "../../functions/lib/store/dynamo.js";
import type { DynamoDBDocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import { createLocalClient, startDynamoDbLocal } from "./dynamodb-local.js";

export interface AdminStore {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Where the data lives, for messages ("local store at ...", "AWS table ..."). */
  readonly description: string;
  close(): Promise<void>;
}

export class StoreNotFoundError extends Error {
  override readonly name = "StoreNotFoundError";
}

async function answers(endpoint: string): Promise<boolean> {
  const client = createLocalClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export async function openAdminStore(
  env: Record<string, string | undefined> = process.env,
): Promise<AdminStore> {
  const merged = { ...env, ...linkedEnvironment() };
  const region = merged.AWS_REGION ?? "ap-southeast-3";
  const defaultTable = merged.TABLE_NAME ?? "umkm-bot";
  if (merged.DYNAMODB_ENDPOINT) {
    const documentClient = createDocumentClient({ region, endpoint: merged.DYNAMODB_ENDPOINT });
    return {
      documentClient,
      tableName: defaultTable,
      description: merged.DYNAMODB_ENDPOINT,
      close: async () => {},
    };
  }
  if (merged.TABLE_NAME) {
    // An explicit table without an endpoint is the deployed one: the operator's AWS profile, SSO or environment
    // through the SDK's default chain, borrowed from an SDK client (the Lambda code reads only the environment).
    const provider = new DynamoDBClient({ region }).config.credentials;
    const documentClient = createDocumentClient({
      region,
      credentials: async () => {
        const { accessKeyId, secretAccessKey, sessionToken, expiration } = await provider();
        return {
          accessKeyId,
          secretAccessKey,
          ...(sessionToken ? { sessionToken } : {}),
          ...(expiration ? { expiration } : {}),
        };
      },
    });
    return {
      documentClient,
      tableName: merged.TABLE_NAME,
      description: `AWS table ${merged.TABLE_NAME}`,
      close: async () => {},
    };
  }
  const dataDir = resolve(merged.DATA_DIR ?? ".data");
  const runtimeFile = resolve(dataDir, "runtime.json");
  if (existsSync(runtimeFile)) {
    const runtime = JSON.parse(readFileSync(runtimeFile, "utf8")) as {
      endpoint?: string;
      tableName?: string;
    };
    if (runtime.endpoint && (await answers(runtime.endpoint))) {
      const documentClient = createDocumentClient({ region, endpoint: runtime.endpoint });
      return {
        documentClient,
        tableName: runtime.tableName ?? defaultTable,
        description: `running npm start (${runtime.endpoint})`,
        close: async () => {},
      };
    }
  }
  const dbDir = resolve(dataDir, "dynamodb");
  if (!existsSync(dbDir)) {
    throw new StoreNotFoundError(
      `No local store found in ${dataDir}. Run \`npm start\` once, or set DYNAMODB_ENDPOINT (and TABLE_NAME), ` +
        "or TABLE_NAME with AWS credentials for the deployed table.",
    );
  }
  // `npm start` is not running: open its data directly with a temporary DynamoDB Local.
  const local = await startDynamoDbLocal({ dataDir: dbDir });
  const documentClient = createDocumentClient({ region, endpoint: local.endpoint });
  return {
    documentClient,
    tableName: defaultTable,
    description: `stopped npm start data in ${dbDir}`,
    close: async () => {
      await local.stop();
    },
  };
}
