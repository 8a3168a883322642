// `admin -- broadcast --audience <semua|penjual|pelanggan|kategori:<x>|kecamatan:<x>> --text "..."
//  [--at <ISO time>] [--yes]`: without --yes prints the preview with the exact recipient count; with --yes
// creates the job. `npm start` (locally) or the outbox dispatcher (AWS, every minute) sends it.
import { randomBytes } from "node:crypto";
import { maxTextLength } from "../../functions/lib/core/broadcast/compose.js";
import { createI18n } from "../../functions/lib/core/i18n.js";
import type { Audience } from "../../functions/lib/core/outbox/model.js";
import { audienceLabel, formatWib } from "../../functions/lib/core/outbox/report.js";
import { type Category, categories } from "../../functions/lib/core/registration/fields.js";
import { kecamatanById, matchKecamatan } from "../../functions/lib/core/registration/kecamatan.js";
import { createAudienceResolver } from "../../functions/lib/store/outbox-audience.js";
import { createOutboxJobRepository } from "../../functions/lib/store/outbox-jobs.js";
import { type AdminCommand, flagsOnly, UsageError } from "./command.js";

const usage =
  'admin -- broadcast --audience <semua|penjual|pelanggan|kategori:<x>|kecamatan:<x>> --text "..." [--at <ISO time>] [--yes]';
const spec = { values: ["audience", "text", "at"], booleans: ["yes"] };

export function parseAudience(value: string | true | undefined): Audience {
  if (typeof value !== "string") throw new UsageError("--audience is required");
  const [kind, arg = ""] = value.split(/:(.*)/s, 2);
  if ((kind === "semua" || kind === "penjual" || kind === "pelanggan") && !arg) return { kind };
  if (kind === "kategori") {
    if (!(categories as readonly string[]).includes(arg))
      throw new UsageError(`kategori must be one of: ${categories.join(", ")}`);
    return { kind, value: arg as Category };
  }
  if (kind === "kecamatan") {
    const kecamatan = kecamatanById(arg) ?? matchKecamatan(arg);
    if (!kecamatan)
      throw new UsageError(`unknown kecamatan "${arg}" (e.g. kecamatan:kemiling, kecamatan:way-halim)`);
    return { kind, value: kecamatan.id };
  }
  throw new UsageError("--audience must be semua, penjual, pelanggan, kategori:<x> or kecamatan:<x>");
}

function validate(args: readonly string[], now: Date) {
  const flags = flagsOnly(args, spec);
  const audience = parseAudience(flags.audience);
  const text = typeof flags.text === "string" ? flags.text.trim() : "";
  if (text.length < 2) throw new UsageError("--text is required (at least 2 characters)");
  if (text.length > maxTextLength)
    throw new UsageError(`--text is too long (max. ${maxTextLength} characters)`);
  let sendAt = now;
  if (typeof flags.at === "string") {
    // ISO 8601; without an offset the time is read as WIB (UTC+7).
    const iso = /([zZ]|[+-]\d{2}:?\d{2})$/.test(flags.at) ? flags.at : `${flags.at}+07:00`;
    const at = new Date(iso);
    if (Number.isNaN(at.getTime()))
      throw new UsageError("--at must be an ISO time, e.g. 2026-01-05T08:00 (WIB) or 2026-01-05T01:00Z");
    if (at.getTime() < now.getTime() - 60_000) throw new UsageError("--at is in the past");
    sendAt = at;
  }
  return { audience, text, sendAt, yes: flags.yes === true };
}

export const broadcastCommand: AdminCommand = {
  summary: "create a broadcast job (preview and count without --yes)",
  usage,
  parse(args, io) {
    validate(args, io.clock.now());
  },
  async run(args, store, io) {
    const now = io.clock.now();
    const input = validate(args, now);
    const options = { client: store.documentClient, tableName: store.tableName };
    const audiences = createAudienceResolver(options);
    const t = createI18n().t("id");
    if (audiences.availability(input.audience) === "unavailable") {
      io.err(`${t("broadcast:audience.pelangganUnavailable")}\n`);
      return 1;
    }
    const count = await audiences.count(input.audience);
    const preview = [
      `Penerima : ${audienceLabel(t, input)} (${count} orang)`,
      `Waktu    : ${input.sendAt > now ? `${formatWib(input.sendAt.getTime())} WIB` : "sekarang"}`,
      `Tempat   : ${store.description}`,
      "Pesan    :",
      input.text,
    ].join("\n");
    if (!input.yes) {
      io.out(`${preview}\n\nBelum dibuat. Jalankan lagi dengan --yes untuk membuat siaran ini.\n`);
      return 0;
    }
    if (count === 0) {
      io.err(`${preview}\n\nTidak ada penerima: siaran tidak dibuat.\n`);
      return 1;
    }
    const id = BigInt(`0x${randomBytes(8).toString("hex")}`)
      .toString(36)
      .slice(0, 10)
      .padStart(10, "0");
    const { job } = await createOutboxJobRepository(options).create({
      id,
      audience: input.audience,
      content: { text: input.text },
      createdByLanguage: "id",
      sendAt: input.sendAt,
      now,
    });
    io.out(
      `${preview}\n\nSiaran #${job.id} dibuat (${count} penerima). Lihat kemajuannya: npm run --silent admin -- jobs\n`,
    );
    return 0;
  },
};
