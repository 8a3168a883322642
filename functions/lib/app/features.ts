// The domain features of the bot, in main-menu order (basics such as help and language come last).
// Built here, in the composition root, so features receive ports (repositories) and never the SDK.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.js";
import type { Channel } from "../core/events.js";
import type { Feature } from "../core/feature.js";
import type { Clock, Messenger } from "../core/ports.js";
import type { Logger } from "../log/logger.js";

export interface FeatureDeps {
  readonly config: Config;
  readonly documentClient: DynamoDBDocumentClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Filled by the composition root once the channels exist (features send to other people). */
  readonly messengers: Partial<Record<Channel, Messenger>>;
}

export function createFeatures(_deps: FeatureDeps): Feature[] {
  return [];
}
