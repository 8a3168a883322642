// `admin -- unanswered [--format json|csv]`: questions the bot could not answer, most frequent first.
import { summariseUnanswered } from "../../functions/lib/core/faq/unanswered.js";
import { createUnansweredLog } from "../../functions/lib/store/unanswered-log.js";
import { render } from "../lib/output.js";
import { type AdminCommand, flagsOnly, formatFlag } from "./command.js";

const spec = { values: ["format"] };

export const unansweredCommand: AdminCommand = {
  summary: "questions the bot could not answer, most frequent first [--format json|csv]",
  usage: "admin -- unanswered [--format json|csv]",
  parse(args) {
    const flags = flagsOnly(args, spec);
    formatFlag(flags);
  },
  async run(args, store, io) {
    const flags = flagsOnly(args, spec);
    const questions = await createUnansweredLog({
      client: store.documentClient,
      tableName: store.tableName,
    }).list(io.clock.now());
    const rows = summariseUnanswered(questions).map((row) => ({
      ...row,
      reasons: Object.entries(row.reasons).map(([reason, count]) => `${reason}:${count}`),
      channels: Object.entries(row.channels).map(([channel, count]) => `${channel}:${count}`),
    }));
    io.out(
      render(rows, formatFlag(flags), [
        "count",
        "normalised",
        "examples",
        "topicGuess",
        "reasons",
        "channels",
        "lastAt",
      ]),
    );
    return 0;
  },
};
