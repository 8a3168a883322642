// WHATSAPP_TEMPLATES: one JSON setting that names the approved template of each message purpose, per language.

import * as z from "zod/mini";
import { type Language, languages } from "../core/contact.js";
import {
  type MessagePurpose,
  messagePurposes,
  type PurposeCategory,
  paramsOf,
  purposeSpecs,
} from "../core/purpose.js";
import { addIssue } from "../core/zod-english.js";

export const templateNamePattern = /^[a-z0-9_]{1,512}$/;
export const templateLanguagePattern = /^[a-z]{2,3}(_[A-Z]{2})?$/;

const templateName = z
  .string()
  .check(z.regex(templateNamePattern, "lower-case letters, digits and _ (a template name from Meta)"));
const languageCode = z
  .string()
  .check(z.regex(templateLanguagePattern, "a template language code such as id, en or en_US"));

/** `"en_US"` or `{ "name": "other_name", "code": "en_US" }`. */
const languageEntry = z.pipe(
  z.transform((value: unknown) => (typeof value === "string" ? { code: value } : value)),
  z.strictObject({ name: z.optional(templateName), code: languageCode }),
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
  const entrySchema = z.strictObject({
    name: z.optional(templateName),
    category: z.optional(z.enum(["UTILITY", "MARKETING"])),
    params: z.optional(z.array(z.enum(allowed, `one of: ${allowed.join(", ")}`)).check(z.maxLength(10))),
    languages: z.optional(z.strictObject({ id: z.optional(languageEntry), en: z.optional(languageEntry) })),
    header: z.optional(z.literal("image", 'only "image" (a template approved with an IMAGE header)')),
    headerImage: z.optional(z.url().check(z.regex(/^https:\/\//, "an https link (Meta fetches it)"))),
  });
  return z.pipe(
    entrySchema,
    z.transform((entry: z.output<typeof entrySchema>, ctx): PurposeTemplate => {
      if (entry.category && entry.category !== spec.category) {
        addIssue(ctx, `${purpose} is a ${spec.category} message (Meta bills and caps the categories apart)`, [
          "category",
        ]);
      }
      const declared = entry.languages ?? { id: { code: "id" } };
      const resolved: Partial<Record<Language, { name: string; code: string }>> = {};
      for (const language of languages) {
        const value = declared[language];
        if (!value) continue;
        const name = value.name ?? entry.name;
        if (!name) {
          addIssue(ctx, `no template name: set "name" for ${purpose} or for this language`, [
            "languages",
            language,
          ]);
          continue;
        }
        resolved[language] = { name, code: value.code };
      }
      if (!Object.keys(declared).length) addIssue(ctx, "at least one language (id or en)", ["languages"]);
      if (entry.headerImage && !entry.header) addIssue(ctx, 'only with "header": "image"', ["headerImage"]);
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
    }),
  );
}

const templatesObject = z.strictObject(
  Object.fromEntries(messagePurposes.map((purpose) => [purpose, z.optional(purposeEntry(purpose))])) as {
    [P in MessagePurpose]: z.ZodMiniOptional<ReturnType<typeof purposeEntry>>;
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown purpose ${issue.keys.map((key) => `"${key}"`).join(", ")} (purposes: ${messagePurposes.join(", ")})`
        : undefined,
  },
);

/** The environment value (JSON text, empty = none) -> templates per purpose. */
export const whatsappTemplatesSchema = z.pipe(
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((value: string | undefined, ctx) => {
        if (!value?.trim()) return {};
        try {
          return JSON.parse(value) as unknown;
        } catch (error) {
          addIssue(ctx, `not valid JSON (${(error as Error).message})`);
          return z.NEVER;
        }
      }),
    ),
    templatesObject,
  ),
  z.transform((templates: z.output<typeof templatesObject>): PurposeTemplates => {
    const out: PurposeTemplates = {};
    for (const purpose of messagePurposes) {
      const entry = templates[purpose];
      if (entry) out[purpose] = entry;
    }
    return out;
  }),
);
