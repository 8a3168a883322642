// SQS's JSON protocol (AmazonSQS.<Action>, application/x-amz-json-1.0) on the same small signed client as DynamoDB.
import { credentialsFor } from "../aws/credentials.js";
import { type CredentialsSource, createAwsJsonClient, type Interceptor } from "../aws/json-client.js";

export interface SqsClientOptions {
  readonly region: string;
  /** moto or another SQS-compatible endpoint; unset on AWS. */
  readonly endpoint?: string;
  readonly credentials?: CredentialsSource;
  readonly maxAttempts?: number;
  readonly interceptors?: readonly Interceptor[];
}

export interface SendMessageBatchEntry {
  readonly Id: string;
  readonly MessageBody: string;
  readonly DelaySeconds?: number;
}

export interface SendMessageBatchOutput {
  readonly Successful?: { Id: string; MessageId: string }[];
  readonly Failed?: { Id: string; SenderFault?: boolean; Code?: string; Message?: string }[];
}

export interface SqsClient {
  sendMessageBatch(input: {
    readonly QueueUrl: string;
    readonly Entries: readonly SendMessageBatchEntry[];
  }): Promise<SendMessageBatchOutput>;
}

export function createSqsClient(options: SqsClientOptions): SqsClient {
  const wire = createAwsJsonClient({
    service: "sqs",
    targetPrefix: "AmazonSQS",
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials: credentialsFor(options.endpoint, options.credentials),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
  });
  return {
    sendMessageBatch: async (input) =>
      (await wire.call("SendMessageBatch", {
        ...input,
        Entries: [...input.Entries],
      })) as SendMessageBatchOutput,
  };
}
