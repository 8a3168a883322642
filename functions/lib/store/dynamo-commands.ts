// The document-level commands the store sends, under the names @aws-sdk/lib-dynamodb uses: each is only its
// operation and input (types from the SDK, which vanish from the bundle); dynamo-client.ts puts them on the wire.
import type * as Sdk from "@aws-sdk/lib-dynamodb";

// The document-level input/output types, re-exported for the store files.
export type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactGetCommandInput,
  TransactGetCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from "@aws-sdk/lib-dynamodb";
export type { DocumentClient as DynamoDBDocumentClient } from "./dynamo-client.js";

export type DynamoOperation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "BatchGetItem"
  | "BatchWriteItem"
  | "TransactWriteItems"
  | "TransactGetItems";

/** A call to make: the output type rides along for `send`'s return type only. */
export abstract class DynamoCommand<Input extends object, Output extends object> {
  declare readonly outputType?: Output;
  constructor(
    readonly operation: DynamoOperation,
    readonly input: Input,
  ) {}
}

export class GetCommand extends DynamoCommand<Sdk.GetCommandInput, Sdk.GetCommandOutput> {
  constructor(input: Sdk.GetCommandInput) {
    super("GetItem", input);
  }
}
export class PutCommand extends DynamoCommand<Sdk.PutCommandInput, Sdk.PutCommandOutput> {
  constructor(input: Sdk.PutCommandInput) {
    super("PutItem", input);
  }
}
export class UpdateCommand extends DynamoCommand<Sdk.UpdateCommandInput, Sdk.UpdateCommandOutput> {
  constructor(input: Sdk.UpdateCommandInput) {
    super("UpdateItem", input);
  }
}
export class DeleteCommand extends DynamoCommand<Sdk.DeleteCommandInput, Sdk.DeleteCommandOutput> {
  constructor(input: Sdk.DeleteCommandInput) {
    super("DeleteItem", input);
  }
}
export class QueryCommand extends DynamoCommand<Sdk.QueryCommandInput, Sdk.QueryCommandOutput> {
  constructor(input: Sdk.QueryCommandInput) {
    super("Query", input);
  }
}
export class ScanCommand extends DynamoCommand<Sdk.ScanCommandInput, Sdk.ScanCommandOutput> {
  constructor(input: Sdk.ScanCommandInput) {
    super("Scan", input);
  }
}
export class BatchGetCommand extends DynamoCommand<Sdk.BatchGetCommandInput, Sdk.BatchGetCommandOutput> {
  constructor(input: Sdk.BatchGetCommandInput) {
    super("BatchGetItem", input);
  }
}
export class BatchWriteCommand extends DynamoCommand<
  Sdk.BatchWriteCommandInput,
  Sdk.BatchWriteCommandOutput
> {
  constructor(input: Sdk.BatchWriteCommandInput) {
    super("BatchWriteItem", input);
  }
}
export class TransactWriteCommand extends DynamoCommand<
  Sdk.TransactWriteCommandInput,
  Sdk.TransactWriteCommandOutput
> {
  constructor(input: Sdk.TransactWriteCommandInput) {
    super("TransactWriteItems", input);
  }
}
export class TransactGetCommand extends DynamoCommand<
  Sdk.TransactGetCommandInput,
  Sdk.TransactGetCommandOutput
> {
  constructor(input: Sdk.TransactGetCommandInput) {
    super("TransactGetItems", input);
  }
}
