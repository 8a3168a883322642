// A turn's decision claims its update just before its first store write, so two deliveries of one update never
// both write (a seller saved, a ticket opened), while a turn that only reads (the menu, an FAQ answer) pays no
// claim: its commit records the update with one conditional Put.
import { AsyncLocalStorage } from "node:async_hooks";
import { UpdateInProgressError, UpdateRecordedError } from "../core/errors.js";
import type { ClaimResult, InboundLedger } from "../core/ports.js";
import type { DynamoDBDocumentClient } from "./dynamo-commands.js";

const writeOperations = new Set([
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "BatchWriteItem",
  "TransactWriteItems",
]);

interface Decision {
  /** The update's own record: the claim's Put is not intercepted. */
  readonly recordPk: string;
  readonly take: () => Promise<ClaimResult>;
  claim: Promise<ClaimResult> | null;
  /** False once the decision settled: work it left running (a timer, a cache fill) is not a turn's write. */
  open: boolean;
}

export interface ClaimOnWriteOptions {
  readonly client: DynamoDBDocumentClient;
  /** The ledger's key of an update's record. */
  readonly recordPk: (dedupeKey: string) => string;
  readonly claim: InboundLedger["claim"];
  readonly release: InboundLedger["release"];
}

/** Whatever a feature made of a refused write (wrapped it, or carried on), the decision does not stand. */
function refusal(claimed: ClaimResult | null | undefined, cause: unknown) {
  if (claimed?.status === "duplicate")
    return new UpdateRecordedError("the update was done meanwhile", { cause });
  if (claimed?.status === "in-progress")
    return new UpdateInProgressError("the update is being processed elsewhere", { cause });
  return null;
}

export function createClaimOnWrite(options: ClaimOnWriteOptions): InboundLedger["deciding"] {
  const decisions = new AsyncLocalStorage<Decision>();
  // Every write on the shared client passes here; outside a decision it is left alone.
  options.client.intercept(async (call, next) => {
    const decision = decisions.getStore();
    if (!decision?.open || !writeOperations.has(call.operation)) return next();
    const item = call.input.Item as { pk?: { S?: string } } | undefined;
    if (call.operation === "PutItem" && item?.pk?.S === decision.recordPk) return next();
    decision.claim ??= decision.take();
    const claimed = await decision.claim;
    if (claimed.status !== "claimed") throw new Error(`the update is ${claimed.status}: nothing is written`);
    return next();
  });

  return async (dedupeKey, now, held, decide) => {
    const decision: Decision = {
      recordPk: options.recordPk(dedupeKey),
      take: () => options.claim(dedupeKey, now),
      claim: held ? Promise.resolve({ status: "claimed", token: held }) : null,
      open: true,
    };
    let result: Awaited<ReturnType<typeof decide>>;
    try {
      result = await decisions.run(decision, decide);
    } catch (error) {
      decision.open = false;
      const claimed = await decision.claim?.catch(() => null);
      // A claim this attempt took is given back, so the platform's retry is processed.
      if (claimed?.status === "claimed" && claimed.token !== held)
        await options.release(dedupeKey, claimed.token).catch(() => undefined);
      throw refusal(claimed, error) ?? error;
    }
    decision.open = false;
    // A claim that failed outright (the store unavailable) fails the turn, even if the feature carried on.
    const claimed = await decision.claim;
    const refused = refusal(claimed, undefined);
    if (refused) throw refused;
    return { result, claim: claimed?.status === "claimed" ? claimed.token : null };
  };
}
