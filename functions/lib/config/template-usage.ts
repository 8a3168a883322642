// Which WhatsApp template each message purpose goes out with outside the 24-hour window, per language: the
// messenger's own choice (chooseTemplate) spelled out for the admin CLI and the staff console.
import { languages } from "../core/contact.js";
import { messagePurposes, purposeSpecs } from "../core/purpose.js";
import type { Config } from "./config.js";

export interface TemplateRow {
  readonly purpose: string;
  readonly category: string;
  readonly language: string;
  /** own; other-language: the purpose's template in its other language; fallback: WHATSAPP_TEMPLATE_NAME; missing. */
  readonly status: "own" | "other-language" | "fallback" | "missing";
  readonly template: string;
  readonly code: string;
  readonly params: string;
}

export function templateRows(whatsapp: Config["whatsapp"]): TemplateRow[] {
  const fallback = whatsapp.template;
  return messagePurposes.flatMap((purpose) =>
    languages.map((language): TemplateRow => {
      const entry = whatsapp.templates[purpose];
      const own = entry?.languages[language];
      const other = entry && (entry.languages.id ?? entry.languages.en);
      const base = { purpose, category: purposeSpecs[purpose].category, language };
      // The messenger sends the purpose's other language before it falls back to the general template.
      const used = own ?? other;
      if (entry && used)
        return {
          ...base,
          status: own ? "own" : "other-language",
          template: used.name,
          code: used.code,
          params: entry.params.join(","),
        };
      if (fallback)
        return {
          ...base,
          status: "fallback",
          template: fallback.name,
          code: fallback.language,
          params: fallback.params.join(","),
        };
      return { ...base, status: "missing", template: "", code: "", params: "" };
    }),
  );
}
