// `admin -- unanswered [--format json|csv]`: questions the bot could not answer, most frequent first.
import { summariseUnanswered } from "../../functions/lib/core/faq/unanswered.js";
import { UNANSWERED_COLUMNS, unansweredRows } from "../../functions/lib/format/knowledge-csv.js";
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
    io.out(render(unansweredRows(summariseUnanswered(questions)), formatFlag(flags), UNANSWERED_COLUMNS));
    return 0;
  },
};
