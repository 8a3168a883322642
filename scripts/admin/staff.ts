// `admin -- staff add|remove telegram:<id>|whatsapp:<id>` and `admin -- staff list`
import type { UserRef } from "../../functions/lib/core/events.js";
import { createStaffDirectory } from "../../functions/lib/store/staff-directory.js";
import { render } from "../lib/output.js";
import { type AdminCommand, formatFlag, parseArgs, UsageError } from "./command.js";

const usage =
  "admin -- staff list [--format json|csv] | staff add <telegram:ID|whatsapp:ID> [--role admin|petugas] | staff remove <telegram:ID|whatsapp:ID>";

function parseUser(value: string | undefined): UserRef {
  const match = /^(telegram|whatsapp):(\d{1,20})$/.exec(value ?? "");
  if (!match)
    throw new UsageError(
      "give the person as telegram:<numeric id> or whatsapp:<number with country code, digits only>",
    );
  return { channel: match[1] as UserRef["channel"], userId: match[2]! };
}

function validate(args: readonly string[]) {
  const { positional, flags } = parseArgs(args, { values: ["format", "role"] });
  const [action, who, extra] = positional;
  if (action === "list") {
    if (who) throw new UsageError(`unexpected argument: ${who}`);
    return { action, format: formatFlag(flags) } as const;
  }
  if (action === "add" || action === "remove") {
    if (extra) throw new UsageError(`unexpected argument: ${extra}`);
    const role = flags.role ?? "admin";
    if (role !== "admin" && role !== "petugas") throw new UsageError("--role is admin or petugas");
    if (action === "remove" && flags.role) throw new UsageError("--role only goes with staff add");
    return { action, user: parseUser(who), role } as const;
  }
  throw new UsageError("expected list, add or remove");
}

export const staffCommand: AdminCommand = {
  summary: "list, add or remove staff (telegram:<id> | whatsapp:<id>)",
  usage,
  parse(args) {
    validate(args);
  },
  async run(args, store, io) {
    const command = validate(args);
    const directory = createStaffDirectory({
      client: store.documentClient,
      tableName: store.tableName,
      configuredStaff: [],
    });
    if (command.action === "list") {
      const staff = await directory.listStaffContacts();
      const rows = staff.map((contact) => ({
        id: `${contact.channel}:${contact.userId}`,
        channel: contact.channel,
        displayName: contact.displayName ?? "",
        language: contact.language,
        // config: revoked once STAFF_*_IDS no longer name them; admin: until `staff remove`.
        source: contact.roleSource ?? "config",
        // The web console's role: configured staff and `staff add` without --role are admins.
        consoleRole: contact.consoleRole ?? "admin",
      }));
      io.out(
        render(rows, command.format, ["id", "channel", "displayName", "language", "source", "consoleRole"]),
      );
      return 0;
    }
    await directory.setStaff(command.user, command.action === "add", io.clock.now(), command.role);
    io.err(
      `${command.user.channel}:${command.user.userId} ${command.action === "add" ? "is now staff" : "is no longer staff"} (${store.description}).\n`,
    );
    return 0;
  },
};
