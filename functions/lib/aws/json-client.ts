// A small client for AWS's JSON protocol (DynamoDB, SQS): SigV4-signed POSTs over node:http(s) with keep-alive,
// the SDK's standard retry mode (throttling, 5xx, network errors; full-jitter backoff; a retry quota), typed errors.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { wallClockMs } from "../clock.js";
import { type AwsCredentials, signRequest } from "./sigv4.js";

export type CredentialsSource = AwsCredentials | (() => Promise<AwsCredentials>);

/** One attempt on the wire, as an interceptor sees it (input already marshalled; it may still change it). */
export interface WireCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** Runs around every attempt, inside the retry loop: count, rewrite the input, inject faults, read the output. */
export type Interceptor = (
  call: WireCall,
  next: () => Promise<Record<string, unknown>>,
) => Promise<Record<string, unknown>>;

/** What a service's client (DynamoDB, SQS) is given and passes through unchanged. */
export interface AwsClientOptions {
  readonly region: string;
  /** DynamoDB Local, moto or another compatible endpoint; unset on AWS. */
  readonly endpoint?: string;
  readonly credentials: CredentialsSource;
  /** Attempts per call, the first included (3 like the SDK). */
  readonly maxAttempts?: number;
  /** Per attempt, connecting included. */
  readonly timeoutMs?: number;
  readonly interceptors?: readonly Interceptor[];
  /** Backoff bases (ms): the SDK's 50/1000 are shorter/longer; tests shorten both. */
  readonly retryDelay?: { readonly baseMs: number; readonly throttlingBaseMs: number };
  /** Epoch ms for signing and credential expiry (tests); the machine's wall clock by default. */
  readonly clock?: () => number;
}

export interface AwsJsonClientOptions extends AwsClientOptions {
  readonly service: string;
  /** "DynamoDB_20120810" or "AmazonSQS": the X-Amz-Target prefix. */
  readonly targetPrefix: string;
}

/** An error AWS answered (name = its error code) or a network failure on the way. */
export class AwsServiceError extends Error {
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
  [field: string]: unknown;
  constructor(
    name: string,
    message: string,
    details: { fault: "client" | "server"; status?: number; requestId?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = name;
    this.$fault = details.fault;
    this.$metadata = {
      ...(details.status === undefined ? {} : { httpStatusCode: details.status }),
      ...(details.requestId ? { requestId: details.requestId } : {}),
      attempts: 1,
    };
  }
}

export interface AwsJsonClient {
  call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Adds an interceptor (outermost last); returns its removal. */
  intercept(interceptor: Interceptor): () => void;
}

// The SDK's lists (@smithy/core retry): which errors are worth another attempt.
const throttlingCodes = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const transientCodes = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "NetworkError"]);

const isThrottling = (error: AwsServiceError) =>
  error.$metadata.httpStatusCode === 429 || throttlingCodes.has(error.name);
const isRetryable = (error: unknown): error is AwsServiceError =>
  error instanceof AwsServiceError &&
  (isThrottling(error) || transientCodes.has(error.name) || (error.$metadata.httpStatusCode ?? 0) >= 500);

// The SDK's retry quota: retries spend tokens, successes earn them back, so an outage is not multiplied.
const quotaMax = 500;
const retryCost = 5;
const timeoutRetryCost = 10;

// Not global fetch: its first call loads undici, ~70-100 ms of CPU at cold start (node:http is ~10 ms).
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<RawResponse> {
  const secure = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("timeout", () =>
      request.destroy(Object.assign(new Error("socket timeout"), { name: "TimeoutError" })),
    );
    request.on("error", reject);
    request.end(body);
  });
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" -> "ConditionalCheckFailedException" */
const errorCode = (raw: string) => raw.split(":")[0]!.split("#").pop()!.trim();

export function createAwsJsonClient(options: AwsJsonClientOptions): AwsJsonClient {
  const url = new URL(options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com`);
  const host = url.host;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const delays = options.retryDelay ?? { baseMs: 100, throttlingBaseMs: 1000 };
  // Signing needs the real time (AWS refuses requests more than 5 minutes off), not business time.
  const now = options.clock ?? wallClockMs;
  const interceptors: Interceptor[] = [...(options.interceptors ?? [])];
  let quota = quotaMax;

  // A provider is asked once, then again five minutes before its credentials expire.
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  async function credentials(): Promise<AwsCredentials> {
    const source = options.credentials;
    if (typeof source !== "function") return source;
    if (cached && (!cached.expiration || cached.expiration.getTime() - now() > 5 * 60_000)) return cached;
    pending ??= source().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached;
  }

  async function attemptOnce(
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const body = JSON.stringify(input);
    const headers = signRequest(
      {
        method: "POST",
        host,
        path: url.pathname || "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `${options.targetPrefix}.${operation}`,
        },
        body,
      },
      {
        service: options.service,
        region: options.region,
        credentials: await credentials(),
        date: new Date(now()),
      },
    );
    let response: RawResponse;
    try {
      response = await post(url, headers, body, timeoutMs);
    } catch (error) {
      const timedOut = (error as { name?: string }).name === "TimeoutError";
      throw new AwsServiceError(
        timedOut ? "TimeoutError" : "NetworkError",
        timedOut ? `${operation}: no answer within ${timeoutMs} ms` : `${operation}: request failed`,
        { fault: "client", cause: error },
      );
    }
    const { text } = response;
    const ok = response.status >= 200 && response.status < 300;
    const requestId = header(response.headers, "x-amzn-requestid");
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (ok) {
        throw new AwsServiceError("SerializationException", `${operation}: the answer is not JSON`, {
          fault: "server",
          status: response.status,
          ...(requestId ? { requestId } : {}),
        });
      }
    }
    if (ok) return parsed;
    const { __type, message, Message, ...fields } = parsed as {
      __type?: unknown;
      message?: unknown;
      Message?: unknown;
    } & Record<string, unknown>;
    const code =
      header(response.headers, "x-amzn-query-error") ??
      (typeof __type === "string" ? __type : undefined) ??
      header(response.headers, "x-amzn-errortype") ??
      `Http${response.status}`;
    const error = new AwsServiceError(
      errorCode(code),
      String(message ?? Message ?? `HTTP ${response.status}`),
      {
        fault: response.status >= 500 ? "server" : "client",
        status: response.status,
        ...(requestId ? { requestId } : {}),
      },
    );
    // Modelled error fields as the SDK keeps them (e.g. CancellationReasons, Item), in wire format.
    Object.assign(error, fields);
    throw error;
  }

  async function call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let attempt = 1; ; attempt++) {
      const wire: WireCall = { operation, input, attempt };
      let run = () => attemptOnce(operation, wire.input);
      for (const interceptor of interceptors) {
        const inner = run;
        run = () => interceptor(wire, inner);
      }
      try {
        const output = await run();
        quota = Math.min(quotaMax, quota + (attempt > 1 ? retryCost : 1));
        return output;
      } catch (error) {
        if (error instanceof AwsServiceError) error.$metadata.attempts = attempt;
        const cost =
          error instanceof AwsServiceError && error.name === "TimeoutError" ? timeoutRetryCost : retryCost;
        if (attempt >= maxAttempts || !isRetryable(error) || quota < cost) throw error;
        quota -= cost;
        const base = isThrottling(error) ? delays.throttlingBaseMs : delays.baseMs;
        const delay = Math.floor(Math.random() * Math.min(base * 2 ** (attempt - 1), 20_000));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  return {
    call,
    intercept(interceptor) {
      interceptors.push(interceptor);
      return () => {
        const at = interceptors.indexOf(interceptor);
        if (at >= 0) interceptors.splice(at, 1);
      };
    },
  };
}
