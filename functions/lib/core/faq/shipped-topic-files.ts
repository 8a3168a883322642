// The shipped topics as written in locales/faq, validated: what `npm run faq:snapshot` bakes into the generated
// snapshot. Lambda bundles never import this (they read the snapshot's copy, checked at build, not at cold start).
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
import type { FaqTopic } from "./faq-topic-schema.js";
import { parseKnowledgeBase } from "./knowledge-base.js";

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

/** The content files parsed and checked (throws listing every problem, so a bad edit fails the first run). */
export function readShippedTopicFiles(): FaqTopic[] {
  return parseKnowledgeBase(RAW_TOPICS);
}
