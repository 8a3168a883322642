import * as z from "zod";

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

export const faqTopicIdSchema = z.enum(FAQ_TOPIC_IDS);

/** One chat message: plain text only, so both Telegram and WhatsApp can send it unescaped. */
const chatText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/<\/?[a-z][^>]*>/i.test(s), "no HTML")
    .refine((s) => !/(\*\*|__|```|\[[^\]]+\]\([^)]+\))/.test(s), "no markdown");

const bilingual = (max: number) => z.strictObject({ id: chatText(max), en: chatText(max) });

const phraseList = z.array(z.string().trim().min(1).max(200));

export const faqTopicSchema = z.strictObject({
  id: faqTopicIdSchema,
  group: z.enum(FAQ_GROUPS),
  action: z.enum(FAQ_ACTIONS).optional(),
  title: bilingual(80),
  answer: bilingual(900),
  detail: bilingual(900).optional(),
  related: z.array(faqTopicIdSchema).max(5),
  examples: z.strictObject({ id: phraseList.min(3), en: phraseList.default([]) }),
  keywords: z.strictObject({ id: phraseList.min(3), en: phraseList.default([]) }),
  source: z.array(z.string().trim().min(1)).min(1),
  lastChecked: z.iso.date(),
});

export type FaqTopicId = z.infer<typeof faqTopicIdSchema>;
export type FaqGroup = (typeof FAQ_GROUPS)[number];
export type FaqAction = (typeof FAQ_ACTIONS)[number];
export type FaqTopic = z.infer<typeof faqTopicSchema>;
export type FaqLanguage = "id" | "en";
