// The domain features of the bot, in main-menu order (basics such as help and language come last).
// Built here, in the composition root, so features receive ports (repositories) and never the SDK.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.js";
import type { Channel, UserRef } from "../core/events.js";
import { createFaqFeature } from "../core/faq/faq-feature.js";
import { getFaqMatcher } from "../core/faq/index.js";
import type { Feature } from "../core/feature.js";
import type { Clock, Messenger } from "../core/ports.js";
import { createSubscriptionFeature } from "../core/promo/subscription-feature.js";
import { createPrivacyFeature } from "../core/registration/privacy-feature.js";
import { createRegistrationFeature } from "../core/registration/registration-feature.js";
import { createReviewFeature } from "../core/registration/review-feature.js";
import type { Logger } from "../log/logger.js";
import { createPersonalDataEraser } from "../store/personal-data-eraser.js";
import { createSellerRepository } from "../store/seller-repository.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createSubscriptionRepository } from "../store/subscription-repository.js";
import { createUnansweredLog } from "../store/unanswered-log.js";

export interface FeatureDeps {
  readonly config: Config;
  readonly documentClient: DynamoDBDocumentClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Filled by the composition root once the channels exist (features send to other people). */
  readonly messengers: Partial<Record<Channel, Messenger>>;
  /** Staff from configuration (STAFF_TELEGRAM_IDS, STAFF_WHATSAPP_IDS). */
  readonly configuredStaff: readonly UserRef[];
}

export function createFeatures(deps: FeatureDeps): Feature[] {
  const store = { client: deps.documentClient, tableName: deps.config.tableName };
  const sellers = createSellerRepository(store);
  const staff = createStaffDirectory({ ...store, configuredStaff: deps.configuredStaff });
  const eraser = createPersonalDataEraser({ ...store, sellers });
  const subscriptions = createSubscriptionRepository(store);
  const faq = createFaqFeature({
    matcher: getFaqMatcher(),
    unanswered: createUnansweredLog(store),
    actionChoices: {
      register: (ctx) => ({ id: "reg", label: ctx.t("registration:menu.register") }),
      status: (ctx) => ({ id: "reg:status", label: ctx.t("registration:menu.status") }),
      privacy: (ctx) => ({ id: "priv", label: ctx.t("registration:menu.privacy") }),
      subscribe: (ctx) => ({ id: "sub", label: ctx.t("promo:menu.subscribe") }),
      unsubscribe: (ctx) => ({ id: "sub:stop", label: ctx.t("promo:subscribe.stop") }),
    },
  });
  return [
    createRegistrationFeature({ sellers, staff }),
    createSubscriptionFeature({ subscriptions }),
    faq,
    createReviewFeature({ sellers, staff }),
    createPrivacyFeature({ sellers, eraser }),
  ];
}
