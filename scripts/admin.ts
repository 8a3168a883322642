// `npm run --silent admin -- <command>`: staff and operator tasks on the store (local or deployed).

import { broadcastCommand } from "./admin/broadcast.js";
import type { AdminCommand } from "./admin/command.js";
import { UsageError } from "./admin/command.js";
import { digestCommand } from "./admin/digest.js";
import { jobsCommand } from "./admin/jobs.js";
import { sellersCommand } from "./admin/sellers.js";
import { staffCommand } from "./admin/staff.js";
import { statsCommand } from "./admin/stats.js";
import { subscribersCommand } from "./admin/subscribers.js";
import { trainingCommand } from "./admin/training.js";
import { unansweredCommand } from "./admin/unanswered.js";
import { openAdminStore, StoreNotFoundError } from "./lib/admin-store.js";

const commands: Record<string, AdminCommand> = {
  digest: digestCommand,
  subscribers: subscribersCommand,
  broadcast: broadcastCommand,
  jobs: jobsCommand,
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
    "",
    "Store: DYNAMODB_ENDPOINT (+ TABLE_NAME) when set; TABLE_NAME alone = the deployed AWS table;",
    "otherwise the store of `npm start` in DATA_DIR (running or stopped).",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(usage());
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  let store: Awaited<ReturnType<typeof openAdminStore>> | undefined;
  try {
    command.parse(args);
    store = await openAdminStore();
    return await command.run(args, store);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof StoreNotFoundError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
