// Typed errors the runtime decides on: retry (5xx to the platform) or answer 200 and log.

export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  readonly transient = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Another message of the same person won the race; after a few local retries the platform retries (5xx). */
export class ConversationConflictError extends Error {
  override readonly name = "ConversationConflictError";
  readonly transient = true;
}

/** The update was recorded (or its claim taken over) while this turn was deciding: a duplicate got there first. */
export class UpdateRecordedError extends Error {
  override readonly name = "UpdateRecordedError";
}

/** The same update is being processed right now elsewhere: ask the platform to retry later. */
export class UpdateInProgressError extends Error {
  override readonly name = "UpdateInProgressError";
  readonly transient = true;
}

export function isTransient(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { transient?: unknown }).transient === true;
}
