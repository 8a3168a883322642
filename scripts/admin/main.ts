// The admin CLI without the process: argv in, exit code out, output through `io` (tests call this directly).
import { type AdminStore, openAdminStore, StoreNotFoundError } from "../lib/admin-store.js";
import { broadcastCommand } from "./broadcast.js";
import { type AdminCommand, type AdminIo, UsageError } from "./command.js";
import { digestCommand } from "./digest.js";
import { jobsCommand } from "./jobs.js";
import { knowledgeCommand } from "./knowledge.js";
import { qrCommand } from "./qr.js";
import { sellersCommand } from "./sellers.js";
import { staffCommand } from "./staff.js";
import { statsCommand } from "./stats.js";
import { subscribersCommand } from "./subscribers.js";
import { templatesCommand } from "./templates.js";
import { trainingCommand } from "./training.js";
import { unansweredCommand } from "./unanswered.js";

const commands: Record<string, AdminCommand> = {
  digest: digestCommand,
  subscribers: subscribersCommand,
  broadcast: broadcastCommand,
  jobs: jobsCommand,
  knowledge: knowledgeCommand,
  sellers: sellersCommand,
  staff: staffCommand,
  stats: statsCommand,
  training: trainingCommand,
  unanswered: unansweredCommand,
};

function usage(): string {
  return [
    "Usage: npm run --silent admin -- <command> [options]",
    "",
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`),
    `  ${"templates".padEnd(12)} ${templatesCommand.summary}`,
    `  ${"qr".padEnd(12)} ${qrCommand.summary}`,
    "",
    "Store: DYNAMODB_ENDPOINT (+ TABLE_NAME) when set; TABLE_NAME alone = the deployed AWS table;",
    "otherwise the store of `npm start` in DATA_DIR (running or stopped).",
  ].join("\n");
}

export interface AdminDeps {
  readonly io: AdminIo;
  /** Defaults to the store found from the environment (see openAdminStore). */
  readonly openStore?: () => Promise<AdminStore>;
  /** The environment configuration-only commands read (defaults to process.env). */
  readonly env?: Record<string, string | undefined>;
}

export async function runAdmin(argv: readonly string[], deps: AdminDeps): Promise<number> {
  const { io, openStore = () => openAdminStore() } = deps;
  const [name, ...args] = argv;
  if (name === "templates") {
    try {
      templatesCommand.parse(args);
      return templatesCommand.run(args, io, deps.env ?? process.env);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`${error.message}\n\n${templatesCommand.usage}\n`);
      return 2;
    }
  }
  if (name === "qr") {
    try {
      return await qrCommand.run(args, io, deps.env ?? process.env);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`${error.message}\n\n${qrCommand.usage}\n`);
      return 2;
    }
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(`${usage()}\n`);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  let store: AdminStore | undefined;
  try {
    command.parse(args, io);
    store = await openStore();
    return await command.run(args, store, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof StoreNotFoundError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}
