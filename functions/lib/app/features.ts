// The domain features of the bot, in main-menu order (basics such as help and language come last).
// Built here, in the composition root, so features receive ports (repositories) and never the SDK.

import type { Config } from "../config/config.js";
import { createBroadcastFeature } from "../core/broadcast/broadcast-feature.js";
import type { Channel, UserRef } from "../core/events.js";
import { createFaqFeature } from "../core/faq/faq-feature.js";
import { answeredTopics, type Knowledge } from "../core/faq/knowledge.js";
import { getFaqTopics } from "../core/faq/knowledge-base.js";
import { assignQuestion, KnowledgeConflictError } from "../core/faq/knowledge-edit.js";
import type { Feature } from "../core/feature.js";
import { escalateUnanswered } from "../core/handover/escalation.js";
import { createHandoverFeature } from "../core/handover/handover-feature.js";
import type { Clock, Messenger } from "../core/ports.js";
import { createBrowseFeature } from "../core/promo/browse-feature.js";
import { createDigestService, createLateApprovals } from "../core/promo/digest.js";
import { createDigestFeature } from "../core/promo/digest-feature.js";
import { createPromoFeature } from "../core/promo/promo-feature.js";
import { isStopRequest } from "../core/promo/subscription.js";
import { createSubscriptionFeature } from "../core/promo/subscription-feature.js";
import { createPrivacyFeature } from "../core/registration/privacy-feature.js";
import { createRegistrationFeature } from "../core/registration/registration-feature.js";
import { createReviewFeature } from "../core/registration/review-feature.js";
import { createStatsFeature } from "../core/stats/stats-feature.js";
import { createTrainingFeature, withTrainingSchedule } from "../core/training/training-feature.js";
import type { TurnContext } from "../core/turn.js";
import type { Understander } from "../core/understand/understand.js";
import type { Logger } from "../log/logger.js";
import type { DynamoDBDocumentClient } from "../store/dynamo-commands.js";
import { createKnowledgeRepository } from "../store/knowledge-repository.js";
import { createAudienceResolver } from "../store/outbox-audience.js";
import { createOutboxJobRepository } from "../store/outbox-jobs.js";
import { createOutboxPersonalData } from "../store/outbox-personal-data.js";
import { createPersonalDataEraser } from "../store/personal-data-eraser.js";
import { createPromoRepository } from "../store/promo-repository.js";
import { createSellerRepository } from "../store/seller-repository.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createStatsSource } from "../store/stats-source.js";
import { createSubscriberSource, createSubscriptionRepository } from "../store/subscription-repository.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
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
  /** The one reading of free text the bot routes with (a sentence asking to stop promos during a ticket). */
  readonly understander: Understander;
  /** Whether the configuration makes someone staff (people and the staff group). */
  readonly isConfiguredStaff: (user: UserRef) => boolean;
  /** The topics answered now: shipped, with staff edits from the store. */
  readonly knowledge: Knowledge;
}

export function createFeatures(deps: FeatureDeps): Feature[] {
  const store = { client: deps.documentClient, tableName: deps.config.tableName };
  const sellers = createSellerRepository(store);
  const staff = createStaffDirectory({
    ...store,
    configuredStaff: deps.configuredStaff,
    isConfigured: deps.isConfiguredStaff,
  });
  const tickets = createTicketRepository(store);
  const trainings = createTrainingRepository(store);
  const unanswered = createUnansweredLog(store);
  const subscriptions = createSubscriptionRepository(store);
  const eraser = createPersonalDataEraser({
    ...store,
    sellers,
    // Promos go one by one with their weekend's counts (the eraser would delete them uncounted).
    holders: [
      tickets,
      trainings,
      unanswered,
      subscriptions,
      createPromoRepository(store),
      createOutboxPersonalData(store),
    ],
  });
  const staffChatId = deps.config.telegram.staffChatId;
  const subscription = createSubscriptionFeature({ subscriptions });
  const stopPromos = subscription.commands?.berhenti;
  const handover = createHandoverFeature({
    tickets,
    staff,
    ...(staffChatId ? { staffChat: { channel: "telegram" as const, userId: staffChatId } } : {}),
    // A staff reply outside the 24 h window needs the ticket_reply template (or the fallback one).
    whatsappTemplate: !!(deps.config.whatsapp.template || deps.config.whatsapp.templates.ticket_reply),
    officeHours: deps.config.officeHours,
    // The same words and the same handler as outside a ticket (the subscription feature's "berhenti").
    ...(stopPromos
      ? {
          optOut: {
            isRequest: (payload) =>
              (payload.kind === "text" &&
                (isStopRequest(payload.text) ||
                  deps.understander.understand(payload.text).intent === "promo.stop")) ||
              (payload.kind === "command" && (payload.command === "berhenti" || payload.command === "stop")),
            apply: stopPromos,
          },
        }
      : {}),
  });
  const contactStaff = (ctx: TurnContext) => ({ id: "ho:open", label: ctx.t("answers:contactStaff") });
  const faq = createFaqFeature({
    knowledge: deps.knowledge,
    unanswered,
    actionChoices: {
      register: (ctx) => ({ id: "reg", label: ctx.t("registration:menu.register") }),
      status: (ctx) => ({ id: "reg:status", label: ctx.t("registration:menu.status") }),
      privacy: (ctx) => ({ id: "priv", label: ctx.t("registration:menu.privacy") }),
      subscribe: (ctx) => ({ id: "sub", label: ctx.t("promo:menu.subscribe") }),
      unsubscribe: (ctx) => ({ id: "sub:stop", label: ctx.t("promo:subscribe.stop") }),
      "promo-submit": (ctx) => ({ id: "pr", label: ctx.t("promo:menu.submit") }),
      handover: contactStaff,
    },
    contactStaffChoice: contactStaff,
  });
  return [
    createRegistrationFeature({ sellers, staff }),
    subscription,
    createBrowseFeature({ promos: createPromoRepository(store), cutoff: deps.config.promo.cutoff, sellers }),
    createPromoFeature({
      promos: createPromoRepository(store),
      sellers,
      staff,
      settings: deps.config.promo,
      lateApprovals: createLateApprovals({ jobs: createOutboxJobRepository(store) }),
    }),
    createDigestFeature({
      run: (now) =>
        createDigestService({
          promos: createPromoRepository(store),
          jobs: createOutboxJobRepository(store),
          emptyNote: deps.config.promo.digestEmptyNote,
        }).run(now),
    }),
    createTrainingFeature({ trainings, sellers }),
    handover,
    // Two unanswered questions in a row open a ticket; the FAQ's "Pelatihan" menu and schedule answer
    // show the sessions. Both are decorations: the FAQ itself knows nothing about either.
    escalateUnanswered(withTrainingSchedule(faq), handover),
    createReviewFeature({ sellers, staff }),
    createPrivacyFeature({ sellers, eraser }),
    createStatsFeature({
      stats: createStatsSource({ ...store, promoCutoff: deps.config.promo.cutoff }),
      knowledge: deps.knowledge,
      maxAgeDays: deps.config.knowledgeMaxAgeDays,
      assign: async (request) => {
        const knowledgeStore = createKnowledgeRepository(store);
        try {
          const result = await assignQuestion(
            knowledgeStore,
            (current) =>
              answeredTopics(
                getFaqTopics(),
                current.topics.map((entry) => entry.topic),
              ),
            getFaqTopics(),
            request,
          );
          return result.status;
        } catch (error) {
          // Another edit in the same moment: nothing applied, staff can tap again.
          if (error instanceof KnowledgeConflictError) return "conflict";
          throw error;
        }
      },
    }),
    createBroadcastFeature({
      jobs: createOutboxJobRepository(store),
      audiences: createAudienceResolver({ ...store, subscribers: createSubscriberSource(store) }),
    }),
  ];
}
