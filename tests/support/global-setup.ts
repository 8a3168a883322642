// One DynamoDB Local JVM (in memory) for the whole test run; each test file makes its own table.
import type { TestProject } from "vitest/node";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../scripts/lib/dynamodb-local.js";

let local: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  local = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", local.endpoint);
}

export async function teardown() {
  await local?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
