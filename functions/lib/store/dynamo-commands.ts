// The document-level commands the store sends, under the names @aws-sdk/lib-dynamodb uses: each is only its
// operation and input (types from the SDK, which vanish from the bundle); dynamo-client.ts puts them on the wire.
import type {
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
};

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

export class GetCommand extends DynamoCommand<GetCommandInput, GetCommandOutput> {
  constructor(input: GetCommandInput) {
    super("GetItem", input);
  }
}
export class PutCommand extends DynamoCommand<PutCommandInput, PutCommandOutput> {
  constructor(input: PutCommandInput) {
    super("PutItem", input);
  }
}
export class UpdateCommand extends DynamoCommand<UpdateCommandInput, UpdateCommandOutput> {
  constructor(input: UpdateCommandInput) {
    super("UpdateItem", input);
  }
}
export class DeleteCommand extends DynamoCommand<DeleteCommandInput, DeleteCommandOutput> {
  constructor(input: DeleteCommandInput) {
    super("DeleteItem", input);
  }
}
export class QueryCommand extends DynamoCommand<QueryCommandInput, QueryCommandOutput> {
  constructor(input: QueryCommandInput) {
    super("Query", input);
  }
}
export class ScanCommand extends DynamoCommand<ScanCommandInput, ScanCommandOutput> {
  constructor(input: ScanCommandInput) {
    super("Scan", input);
  }
}
export class BatchGetCommand extends DynamoCommand<BatchGetCommandInput, BatchGetCommandOutput> {
  constructor(input: BatchGetCommandInput) {
    super("BatchGetItem", input);
  }
}
export class BatchWriteCommand extends DynamoCommand<BatchWriteCommandInput, BatchWriteCommandOutput> {
  constructor(input: BatchWriteCommandInput) {
    super("BatchWriteItem", input);
  }
}
export class TransactWriteCommand extends DynamoCommand<
  TransactWriteCommandInput,
  TransactWriteCommandOutput
> {
  constructor(input: TransactWriteCommandInput) {
    super("TransactWriteItems", input);
  }
}
export class TransactGetCommand extends DynamoCommand<TransactGetCommandInput, TransactGetCommandOutput> {
  constructor(input: TransactGetCommandInput) {
    super("TransactGetItems", input);
  }
}
