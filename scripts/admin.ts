// `npm run --silent admin -- <command>`: staff and operator tasks on the store (local or deployed).
import { systemClock } from "../functions/lib/clock.js";
import { runAdmin } from "./admin/main.js";

runAdmin(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    clock: systemClock,
  },
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
