// `admin -- unanswered [--format json|csv]`: questions the bot could not answer, most frequent first.
import { summariseUnanswered } from "../../functions/lib/core/faq/unanswered.js";
import { createUnansweredLog } from "../../functions/lib/store/unanswered-log.js";
import { print } from "../lib/output.js";
import { type AdminCommand, formatFlag, parseArgs, UsageError } from "./command.js";

const spec = { values: ["format"] };

export const unansweredCommand: AdminCommand = {
  summary: "questions the bot could not answer, most frequent first [--format json|csv]",
  usage: "admin -- unanswered [--format json|csv]",
  parse(args) {
    const { positional, flags } = parseArgs(args, spec);
    if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
    formatFlag(flags);
  },
  async run(args, store) {
    const { flags } = parseArgs(args, spec);
    const questions = await createUnansweredLog({
      client: store.documentClient,
      tableName: store.tableName,
    }).list();
    const rows = summariseUnanswered(questions).map((row) => ({
      ...row,
      reasons: Object.entries(row.reasons).map(([reason, count]) => `${reason}:${count}`),
      channels: Object.entries(row.channels).map(([channel, count]) => `${channel}:${count}`),
    }));
    print(rows, formatFlag(flags), [
      "count",
      "normalised",
      "examples",
      "topicGuess",
      "reasons",
      "channels",
      "lastAt",
    ]);
    return 0;
  },
};
