// Where the small AWS clients get their credentials: Lambda's environment, or the fixed ones local emulators accept.
import type { CredentialsSource } from "./json-client.js";
import type { AwsCredentials } from "./sigv4.js";

/** What DynamoDB Local and moto accept (they check the format, not the key). */
export const localCredentials: AwsCredentials = { accessKeyId: "local", secretAccessKey: "local" };

export class CredentialsMissingError extends Error {
  override readonly name = "CredentialsMissingError";
}

/**
 * The Lambda runtime's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), read once here.
 * Missing ones fail the first call, not the cold start. No profiles or SSO: a Lambda never has them.
 */
export function environmentCredentials(
  env: Record<string, string | undefined> = process.env,
): CredentialsSource {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = env.AWS_SESSION_TOKEN;
  if (accessKeyId && secretAccessKey) {
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  return async () => {
    throw new CredentialsMissingError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  };
}

/** Local endpoint: the fixed local pair; AWS: the environment's, unless the caller brings its own. */
export const credentialsFor = (endpoint: string | undefined, given?: CredentialsSource): CredentialsSource =>
  given ?? (endpoint ? localCredentials : environmentCredentials());
