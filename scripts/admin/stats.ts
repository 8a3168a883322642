// `admin -- stats [--format json|text]`: the same figures as /statistik in chat.
// `admin -- stats recount`: recomputes the maintained counters from the items (existing data, or drift).
import { parseConfig } from "../../functions/lib/config/config.js";
import { createI18n } from "../../functions/lib/core/i18n.js";
import { formatStatistics } from "../../functions/lib/core/stats/stats-feature.js";
import { recountCounters } from "../../functions/lib/store/stat-recount.js";
import { createStatsSource } from "../../functions/lib/store/stats-source.js";
import { type AdminCommand, flagsOnly, UsageError } from "./command.js";

const spec = { values: ["format"] };

function format(args: readonly string[]): "json" | "text" {
  const flags = flagsOnly(args[0] === "recount" ? args.slice(1) : args, spec);
  const value = flags.format ?? "text";
  if (value !== "json" && value !== "text") throw new UsageError("--format must be json or text");
  return value;
}

export const statsCommand: AdminCommand = {
  summary:
    "statistics: sellers, subscribers, promos, broadcasts, tickets, unanswered, trainings [--format json|text]; recount",
  usage: "admin -- stats [--format json|text]\n       admin -- stats recount [--format json|text]",
  parse(args) {
    format(args);
  },
  async run(args, store, io) {
    const output = format(args);
    if (args[0] === "recount") {
      const { before, after } = await recountCounters(
        { client: store.documentClient, tableName: store.tableName },
        io.clock.now(),
      );
      const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      const changed = names.filter((name) => (before[name] ?? 0) !== (after[name] ?? 0));
      if (output === "json") io.out(`${JSON.stringify({ before, after, changed }, null, 2)}\n`);
      else {
        io.out(`Counters recounted: ${names.length} counters, ${changed.length} changed.\n`);
        for (const name of changed) io.out(`  ${name}: ${before[name] ?? 0} -> ${after[name] ?? 0}\n`);
      }
      return 0;
    }
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
      io.out(`${formatStatistics(t, stats, "id")}\n`);
    }
    return 0;
  },
};
