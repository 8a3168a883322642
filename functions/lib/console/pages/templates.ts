// WhatsApp templates page (admins only, read-only): per message purpose and language, the template the bot
// sends outside the 24-hour window (the same choice as the messenger and `admin -- templates`), the fallback,
// and the suggested text to submit to Meta. Templates are approved in WhatsApp Manager, never changed here.
import enStrings from "../../../../locales/en/console-templates.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-templates.json" with { type: "json" };
import type { Config } from "../../config/config.js";
import { templateRows } from "../../config/template-usage.js";
import { type MessagePurpose, messagePurposes, purposeSpecs } from "../../core/purpose.js";
import { apiJson, csvDownload } from "../respond.js";
import type { ConsolePage } from "../route.js";

export interface TemplatesPageDeps {
  readonly whatsapp: Config["whatsapp"];
}

/** The template names the README suggests submitting to Meta (one name with both translations). */
export const suggestedTemplateNames: Readonly<Record<MessagePurpose, string>> = {
  ticket_reply: "umkm_balasan_tiket",
  training_reminder: "umkm_pengingat_pelatihan",
  training_change: "umkm_perubahan_pelatihan",
  registration_decision: "umkm_keputusan_pendaftaran",
  weekend_digest: "umkm_promo_akhir_pekan",
  broadcast: "umkm_pengumuman",
};

const columns = [
  "purpose",
  "category",
  "language",
  "status",
  "template",
  "code",
  "params",
  "header",
  "suggestedName",
  "suggestedText",
] as const;

export function createTemplatesPage(deps: TemplatesPageDeps): ConsolePage {
  const { whatsapp } = deps;
  const suggested = { id: idStrings.suggested, en: enStrings.suggested };

  const purposes = () => {
    const rows = templateRows(whatsapp);
    return messagePurposes.map((purpose) => {
      const header = whatsapp.templates[purpose]?.header;
      return {
        purpose,
        category: purposeSpecs[purpose].category,
        defaultParams: purposeSpecs[purpose].params,
        header: header ? { type: header.type, fallbackImage: header.fallbackImage ?? null } : null,
        languages: rows
          .filter((row) => row.purpose === purpose)
          .map(({ language, status, template, code, params }) => ({
            language,
            status,
            template,
            code,
            params: params ? params.split(",") : [],
          })),
        suggested: {
          name: suggestedTemplateNames[purpose],
          id: suggested.id[purpose],
          en: suggested.en[purpose],
        },
      };
    });
  };

  return {
    id: "templates",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "templates",
        adminOnly: true,
        handle: async () =>
          apiJson(200, {
            whatsappEnabled: whatsapp.enabled,
            fallback: whatsapp.template
              ? {
                  name: whatsapp.template.name,
                  code: whatsapp.template.language,
                  params: whatsapp.template.params,
                }
              : null,
            purposes: purposes(),
          }),
      },
      {
        method: "GET",
        path: "templates.csv",
        adminOnly: true,
        async handle(call) {
          const rows = purposes().flatMap((entry) =>
            entry.languages.map((row) => ({
              purpose: entry.purpose,
              category: entry.category,
              language: row.language,
              status: row.status,
              template: row.template,
              code: row.code,
              params: row.params.join(","),
              header:
                row.status === "own" || row.status === "other-language" ? (entry.header?.type ?? "") : "",
              suggestedName: entry.suggested.name,
              suggestedText: row.language === "en" ? entry.suggested.en : entry.suggested.id,
            })),
          );
          await call.audit("templates.export", "templates", undefined, { rows: rows.length });
          return csvDownload("template-whatsapp.csv", rows, columns);
        },
      },
    ],
  };
}
