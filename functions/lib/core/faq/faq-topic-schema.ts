import * as z from "zod/mini";
import "../zod-english.js";
import { lazy } from "../../lazy.js";

/** Stable topic ids: other modules (menus, analytics) refer to them, so the list is closed. */
export const FAQ_TOPIC_IDS = [
  "kur",
  "pinjaman-tanpa-bunga",
  "bantuan-modal",
  "pelatihan-tapis",
  "pelatihan-makanan",
  "pelatihan-digital",
  "jadwal-pelatihan",
  "sertifikat-halal",
  "haki-merek",
  "izin-pirt-bpom",
  "nib",
  "taman-umkm-bung-karno",
  "sentra-tapis-kemiling",
  "taman-kuliner-siger",
  "pusat-kemasan-lungsir",
  "pasar-berjaya",
  "daftar-penjual",
  "langganan-promo",
  "berhenti-langganan",
  "kirim-promo",
  "jadwal-promo",
  "hubungi-petugas",
  "data-pribadi",
  "status-pendaftaran",
] as const;

export const FAQ_GROUPS = ["pelatihan", "pembiayaan", "legalitas", "lokasi", "layanan-bot"] as const;

export const FAQ_ACTIONS = [
  "register",
  "subscribe",
  "unsubscribe",
  "promo-submit",
  "handover",
  "privacy",
  "status",
] as const;

/** Who people should confirm an answer with; display names live in locales (`answers:office.<id>`). */
export const FAQ_OFFICES = [
  "dinas-koperasi-ukm",
  "dinas-perindustrian",
  "dinas-perdagangan",
  "dinas-kesehatan",
  "bank-penyalur-kur",
  "bpjph-sihalal",
  "bpom",
  "djki",
  "oss-bkpm",
  "pemprov-lampung",
] as const;

/** Short answer (the first message) and detail ("Selengkapnya") limits, in characters. */
export const FAQ_ANSWER_MAX = 500;
export const FAQ_DETAIL_MAX = 900;

/** Ids of topics staff create: a lowercase slug, so it fits a button's callback data and a file name. */
const faqTopicSlug = () =>
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes"),
      z.maxLength(40),
    );

/** One chat message: plain text only, so both Telegram and WhatsApp can send it unescaped. */
const chatText = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((s) => !/<\/?[a-z][^>]*>/i.test(s), "no HTML"),
    z.refine((s) => !/(\*\*|__|```|\[[^\]]+\]\([^)]+\))/.test(s), "no markdown"),
  );

const bilingual = (max: number) => z.strictObject({ id: chatText(max), en: chatText(max) });

/** Trimmed text of `min`..`max` characters. */
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

const phraseList = () => z.array(trimmed(1, 200));

/** Where a fact comes from: a web page, a regulation, or (for how this bot works) a project document. */
const faqSource = () =>
  z
    .strictObject({
      title: trimmed(1, 200),
      url: z.optional(z.url({ protocol: /^https?$/ })),
      regulation: z.optional(trimmed(1, 200)),
      document: z.optional(trimmed(1, 200)),
      publisher: z.optional(trimmed(1, 100)),
      readAt: z.iso.date(),
    })
    .check(
      z.refine(
        (s) => [s.url, s.regulation, s.document].filter((v) => v !== undefined).length === 1,
        "exactly one of url, regulation or document",
      ),
    );

/** One topic; shipped files name only the closed ids, staff edits any slug. */
function topicSchema<I extends z.ZodMiniType<string>>(id: I) {
  const phrases = z.strictObject({
    id: phraseList().check(z.minLength(3)),
    en: z._default(phraseList(), []),
  });
  return (
    z
      .strictObject({
        id,
        group: z.enum(FAQ_GROUPS),
        action: z.optional(z.enum(FAQ_ACTIONS)),
        title: bilingual(80),
        answer: bilingual(FAQ_ANSWER_MAX),
        detail: z.optional(bilingual(FAQ_DETAIL_MAX)),
        related: z.array(id).check(z.maxLength(5)),
        examples: phrases,
        keywords: phrases,
        office: z.enum(FAQ_OFFICES),
        sources: z.array(faqSource()).check(z.minLength(1)),
        checkedAt: z.iso.date(),
      })
      // A topic cannot be checked before the sources it cites were read.
      .check(
        z.refine((t) => t.sources.every((s) => s.readAt <= t.checkedAt), {
          message: "a source was read after checkedAt",
          path: ["checkedAt"],
        }),
      )
  );
}

// The schemas are built on first use: a cold start answers from the generated snapshot, checked at build.
/** The shipped content files (locales/faq): only the closed list of ids. */
export const faqTopicSchema = lazy(() => topicSchema(z.enum(FAQ_TOPIC_IDS)));

/** A topic as staff edit it in the store: the same rules, any slug as id. */
export const editableFaqTopicSchema = lazy(() => topicSchema(faqTopicSlug()));

/** A shipped topic's id (code that names a topic by id uses these). */
export type ShippedFaqTopicId = (typeof FAQ_TOPIC_IDS)[number];
/** Any topic's id: shipped, or created by staff in the store. */
export type FaqTopicId = string;
export type FaqGroup = (typeof FAQ_GROUPS)[number];
export type FaqAction = (typeof FAQ_ACTIONS)[number];
export type FaqTopic = z.infer<ReturnType<typeof editableFaqTopicSchema>>;
export type FaqSource = z.infer<ReturnType<typeof faqSource>>;
export type FaqOffice = (typeof FAQ_OFFICES)[number];
export type FaqLanguage = "id" | "en";
