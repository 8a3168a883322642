// `admin -- stats [--format json|text]`: the same figures as /statistik in chat.
import { parseConfig } from "../../functions/lib/config/config.js";
import { createI18n } from "../../functions/lib/core/i18n.js";
import { formatStatistics } from "../../functions/lib/core/stats/stats-feature.js";
import { createStatsSource } from "../../functions/lib/store/stats-source.js";
import { type AdminCommand, flagsOnly, UsageError } from "./command.js";

const spec = { values: ["format"] };

function format(args: readonly string[]): "json" | "text" {
  const flags = flagsOnly(args, spec);
  const value = flags.format ?? "text";
  if (value !== "json" && value !== "text") throw new UsageError("--format must be json or text");
  return value;
}

export const statsCommand: AdminCommand = {
  summary:
    "statistics: sellers, subscribers, promos, broadcasts, tickets, unanswered, trainings [--format json|text]",
  usage: "admin -- stats [--format json|text]",
  parse(args) {
    format(args);
  },
  async run(args, store, io) {
    const output = format(args);
    // PROMO_CUTOFF decides which weekend counts as "this weekend" (the one open for submissions).
    const promoCutoff = parseConfig({ ...process.env, TABLE_NAME: store.tableName }).promo.cutoff;
    const stats = await createStatsSource({
      client: store.documentClient,
      tableName: store.tableName,
      promoCutoff,
    }).collect(io.clock.now());
    if (output === "json") {
      io.out(`${JSON.stringify(stats, null, 2)}\n`);
    } else {
      const t = createI18n().t("id");
      io.out(`${formatStatistics((key, options) => t(key, options ?? {}) as string, stats)}\n`);
    }
    return 0;
  },
};
