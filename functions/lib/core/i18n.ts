// i18next, initialised once with the bot's bundled locales (no filesystem backend: this runs on Lambda).
// The console's page strings (locales/*/console*.json) are imported by the console modules only.
import i18next, { type TFunction } from "i18next";
import enAnswers from "../../../locales/en/answers.json" with { type: "json" };
import enBroadcast from "../../../locales/en/broadcast.json" with { type: "json" };
import en from "../../../locales/en/common.json" with { type: "json" };
import enHandover from "../../../locales/en/handover.json" with { type: "json" };
import enPromo from "../../../locales/en/promo.json" with { type: "json" };
import enRegistration from "../../../locales/en/registration.json" with { type: "json" };
import enStats from "../../../locales/en/stats.json" with { type: "json" };
import enTraining from "../../../locales/en/training.json" with { type: "json" };
import idAnswers from "../../../locales/id/answers.json" with { type: "json" };
import idBroadcast from "../../../locales/id/broadcast.json" with { type: "json" };
import id from "../../../locales/id/common.json" with { type: "json" };
import idHandover from "../../../locales/id/handover.json" with { type: "json" };
import idPromo from "../../../locales/id/promo.json" with { type: "json" };
import idRegistration from "../../../locales/id/registration.json" with { type: "json" };
import idStats from "../../../locales/id/stats.json" with { type: "json" };
import idTraining from "../../../locales/id/training.json" with { type: "json" };
import type { Language } from "./contact.js";

export type Translate = TFunction;

export interface I18n {
  t(language: Language): Translate;
}

export function createI18n(): I18n {
  const instance = i18next.createInstance();
  instance.init({
    initAsync: false,
    lng: "id",
    fallbackLng: "id",
    supportedLngs: ["id", "en"],
    defaultNS: "common",
    ns: ["common", "registration", "answers", "promo", "broadcast", "training", "handover", "stats"],
    resources: {
      id: {
        common: id,
        registration: idRegistration,
        answers: idAnswers,
        promo: idPromo,
        broadcast: idBroadcast,
        training: idTraining,
        handover: idHandover,
        stats: idStats,
      },
      en: {
        common: en,
        registration: enRegistration,
        answers: enAnswers,
        promo: enPromo,
        broadcast: enBroadcast,
        training: enTraining,
        handover: enHandover,
        stats: enStats,
      },
    },
    // Replies are rendered as plain text and escaped by each channel adapter.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  // A fixed t per language, made once (every turn asks for one).
  const fixed = new Map<Language, Translate>();
  return {
    t: (language) => {
      let translate = fixed.get(language);
      if (!translate) {
        translate = instance.getFixedT(language);
        fixed.set(language, translate);
      }
      return translate;
    },
  };
}
