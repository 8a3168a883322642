// SQS's JSON protocol (AmazonSQS.<Action>, application/x-amz-json-1.0) on the same small signed client as DynamoDB.
import { credentialsFor } from "../aws/credentials.js";
import { type AwsClientOptions, type CredentialsSource, createAwsJsonClient } from "../aws/json-client.js";

/** The JSON client's options, credentials optional: by default the local pair with an endpoint, else Lambda's. */
export interface SqsClientOptions extends Omit<AwsClientOptions, "credentials"> {
  readonly credentials?: CredentialsSource;
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
    ...options,
    service: "sqs",
    targetPrefix: "AmazonSQS",
    credentials: credentialsFor(options.endpoint, options.credentials),
  });
  return {
    sendMessageBatch: async (input) =>
      (await wire.call("SendMessageBatch", {
        ...input,
        Entries: [...input.Entries],
      })) as SendMessageBatchOutput,
  };
}
