import * as z from "zod/mini";
import bantuanModal from "../../../../locales/faq/bantuan-modal.json" with { type: "json" };
import berhentiLangganan from "../../../../locales/faq/berhenti-langganan.json" with { type: "json" };
import daftarPenjual from "../../../../locales/faq/daftar-penjual.json" with { type: "json" };
import dataPribadi from "../../../../locales/faq/data-pribadi.json" with { type: "json" };
import hakiMerek from "../../../../locales/faq/haki-merek.json" with { type: "json" };
import hubungiPetugas from "../../../../locales/faq/hubungi-petugas.json" with { type: "json" };
import izinPirtBpom from "../../../../locales/faq/izin-pirt-bpom.json" with { type: "json" };
import jadwalPelatihan from "../../../../locales/faq/jadwal-pelatihan.json" with { type: "json" };
import jadwalPromo from "../../../../locales/faq/jadwal-promo.json" with { type: "json" };
import kirimPromo from "../../../../locales/faq/kirim-promo.json" with { type: "json" };
import kur from "../../../../locales/faq/kur.json" with { type: "json" };
import langgananPromo from "../../../../locales/faq/langganan-promo.json" with { type: "json" };
import nib from "../../../../locales/faq/nib.json" with { type: "json" };
import pasarBerjaya from "../../../../locales/faq/pasar-berjaya.json" with { type: "json" };
import pelatihanDigital from "../../../../locales/faq/pelatihan-digital.json" with { type: "json" };
import pelatihanMakanan from "../../../../locales/faq/pelatihan-makanan.json" with { type: "json" };
import pelatihanTapis from "../../../../locales/faq/pelatihan-tapis.json" with { type: "json" };
import pinjamanTanpaBunga from "../../../../locales/faq/pinjaman-tanpa-bunga.json" with { type: "json" };
import pusatKemasanLungsir from "../../../../locales/faq/pusat-kemasan-lungsir.json" with { type: "json" };
import sentraTapisKemiling from "../../../../locales/faq/sentra-tapis-kemiling.json" with { type: "json" };
import sertifikatHalal from "../../../../locales/faq/sertifikat-halal.json" with { type: "json" };
import statusPendaftaran from "../../../../locales/faq/status-pendaftaran.json" with { type: "json" };
import tamanKulinerSiger from "../../../../locales/faq/taman-kuliner-siger.json" with { type: "json" };
import tamanUmkmBungKarno from "../../../../locales/faq/taman-umkm-bung-karno.json" with { type: "json" };
import "../zod-english.js";
import { FAQ_TOPIC_IDS, type FaqTopic, type FaqTopicId, faqTopicSchema } from "./faq-topic-schema.js";

/** Bundled at build time: Lambda has no content directory to read at runtime. */
const RAW_TOPICS: readonly unknown[] = [
  kur,
  pinjamanTanpaBunga,
  bantuanModal,
  pelatihanTapis,
  pelatihanMakanan,
  pelatihanDigital,
  jadwalPelatihan,
  sertifikatHalal,
  hakiMerek,
  izinPirtBpom,
  nib,
  tamanUmkmBungKarno,
  sentraTapisKemiling,
  tamanKulinerSiger,
  pusatKemasanLungsir,
  pasarBerjaya,
  daftarPenjual,
  langgananPromo,
  berhentiLangganan,
  kirimPromo,
  jadwalPromo,
  hubungiPetugas,
  dataPribadi,
  statusPendaftaran,
];

/** Validates content files; throws with every problem listed so a bad edit fails the first test run. */
export function parseKnowledgeBase(raw: readonly unknown[]): FaqTopic[] {
  const topics = z.array(faqTopicSchema).parse(raw);
  const seen = new Set<FaqTopicId>();
  for (const topic of topics) {
    if (seen.has(topic.id)) throw new Error(`Duplicate FAQ topic id: ${topic.id}`);
    seen.add(topic.id);
  }
  const missing = FAQ_TOPIC_IDS.filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`Missing FAQ topics: ${missing.join(", ")}`);
  for (const topic of topics) {
    const unknown = topic.related.filter((id) => id === topic.id);
    if (unknown.length > 0) throw new Error(`FAQ topic ${topic.id} lists itself as related`);
  }
  return topics;
}

let cached: readonly FaqTopic[] | undefined;

/** All topics, validated once per process. */
export function getFaqTopics(): readonly FaqTopic[] {
  cached ??= Object.freeze(parseKnowledgeBase(RAW_TOPICS));
  return cached;
}

export function getFaqTopic(id: FaqTopicId): FaqTopic {
  const topic = getFaqTopics().find((t) => t.id === id);
  if (!topic) throw new Error(`Unknown FAQ topic: ${id}`);
  return topic;
}
