// WHATSAPP_TEMPLATES: one JSON setting that names the approved template of each message purpose, per language.
import * as z from "zod";
import { type Language, languages } from "../core/contact.js";
import {
  type MessagePurpose,
  messagePurposes,
  type PurposeCategory,
  paramsOf,
  purposeSpecs,
} from "../core/purpose.js";

export const templateNamePattern = /^[a-z0-9_]{1,512}$/;
export const templateLanguagePattern = /^[a-z]{2,3}(_[A-Z]{2})?$/;

const templateName = z
  .string()
  .regex(templateNamePattern, "lower-case letters, digits and _ (a template name from Meta)");
const languageCode = z
  .string()
  .regex(templateLanguagePattern, "a template language code such as id, en or en_US");

/** `"en_US"` or `{ "name": "other_name", "code": "en_US" }`. */
const languageEntry = z.preprocess(
  (value) => (typeof value === "string" ? { code: value } : value),
  z.strictObject({ name: templateName.optional(), code: languageCode }),
);

export interface PurposeTemplate {
  readonly category: PurposeCategory;
  /** Parameter names in the order of the template's {{1}}, {{2}}, ... */
  readonly params: readonly string[];
  /** Per app language: the template name and Meta's language code. */
  readonly languages: Partial<Record<Language, { readonly name: string; readonly code: string }>>;
  /**
   * The template was approved with an IMAGE header: every send needs one. The message's first photo goes
   * there, else `fallbackImage` (an https link); with neither the message is not sent (Meta would refuse it).
   */
  readonly header?: { readonly type: "image"; readonly fallbackImage?: string };
}

export type PurposeTemplates = Partial<Record<MessagePurpose, PurposeTemplate>>;

function purposeEntry(purpose: MessagePurpose) {
  const spec = purposeSpecs[purpose];
  const allowed = paramsOf(purpose) as [string, ...string[]];
  return z
    .strictObject({
      name: templateName.optional(),
      category: z.enum(["UTILITY", "MARKETING"]).optional(),
      params: z
        .array(z.enum(allowed, `one of: ${allowed.join(", ")}`))
        .max(10)
        .optional(),
      languages: z.strictObject({ id: languageEntry.optional(), en: languageEntry.optional() }).optional(),
      header: z.literal("image", 'only "image" (a template approved with an IMAGE header)').optional(),
      headerImage: z
        .url()
        .regex(/^https:\/\//, "an https link (Meta fetches it)")
        .optional(),
    })
    .transform((entry, ctx): PurposeTemplate => {
      if (entry.category && entry.category !== spec.category) {
        ctx.addIssue({
          code: "custom",
          path: ["category"],
          message: `${purpose} is a ${spec.category} message (Meta bills and caps the categories apart)`,
        });
      }
      const declared = entry.languages ?? { id: { code: "id" } };
      const resolved: Partial<Record<Language, { name: string; code: string }>> = {};
      for (const language of languages) {
        const value = declared[language];
        if (!value) continue;
        const name = value.name ?? entry.name;
        if (!name) {
          ctx.addIssue({
            code: "custom",
            path: ["languages", language],
            message: `no template name: set "name" for ${purpose} or for this language`,
          });
          continue;
        }
        resolved[language] = { name, code: value.code };
      }
      if (!Object.keys(declared).length)
        ctx.addIssue({ code: "custom", path: ["languages"], message: "at least one language (id or en)" });
      if (entry.headerImage && !entry.header)
        ctx.addIssue({ code: "custom", path: ["headerImage"], message: 'only with "header": "image"' });
      return {
        category: spec.category,
        params: entry.params ?? spec.params,
        languages: resolved,
        ...(entry.header
          ? {
              header: {
                type: entry.header,
                ...(entry.headerImage ? { fallbackImage: entry.headerImage } : {}),
              },
            }
          : {}),
      };
    });
}

const templatesObject = z.strictObject(
  Object.fromEntries(messagePurposes.map((purpose) => [purpose, purposeEntry(purpose).optional()])) as {
    [P in MessagePurpose]: z.ZodOptional<ReturnType<typeof purposeEntry>>;
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown purpose ${issue.keys.map((key) => `"${key}"`).join(", ")} (purposes: ${messagePurposes.join(", ")})`
        : undefined,
  },
);

/** The environment value (JSON text, empty = none) -> templates per purpose. */
export const whatsappTemplatesSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return {};
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not valid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  })
  .pipe(templatesObject)
  .transform((templates): PurposeTemplates => {
    const out: PurposeTemplates = {};
    for (const purpose of messagePurposes) {
      const entry = templates[purpose];
      if (entry) out[purpose] = entry;
    }
    return out;
  });
