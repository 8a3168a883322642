// The webhook functions (Telegram, WhatsApp) are built without the staff console (API Gateway routes /konsol
// to its own function, stacks/api.ts) and with zod/mini instead of classic zod (not tree-shakeable), so
// neither can creep back into their deployment bundles. The console function still carries its console.
import { describe, expect, it } from "vitest";
import { deployedBundle } from "./deployment.js";

/** The staff console's own modules and strings: pages, routes, HTTP, assets, notices, its composition. */
const consoleModule =
  /functions\/lib\/(console\/(?!access\.ts$|links\.ts$)|app\/(console-app|console-pages)\.ts$)|locales\/(id|en)\/console[^/]*\.json$/;
/** Classic zod (`import * as z from "zod"`), as opposed to zod/mini and zod's core. */
const classicZod = /node_modules\/zod\/(v4\/classic|v3)\//;

describe("the webhook functions' deployment bundles", () => {
  it("carry no console module or console string and no classic zod; the console function carries both", async () => {
    for (const entry of ["telegram", "whatsapp"]) {
      const { inputs } = await deployedBundle(entry);
      expect(
        inputs.filter((path) => consoleModule.test(path)),
        entry,
      ).toEqual([]);
      expect(
        inputs.filter((path) => classicZod.test(path)),
        entry,
      ).toEqual([]);
      // The bot itself is there: its schemas on zod/mini, the chat's "/konsol" sign-in link.
      expect(
        inputs.some((path) => path.includes("node_modules/zod/v4/mini/")),
        entry,
      ).toBe(true);
      expect(
        inputs.some((path) => path.endsWith("functions/lib/console/links.ts")),
        entry,
      ).toBe(true);
      expect(
        inputs.some((path) => path.endsWith("functions/lib/core/bot.ts")),
        entry,
      ).toBe(true);
    }
    const { inputs } = await deployedBundle("console");
    expect(inputs.some((path) => path.endsWith("functions/lib/console/http.ts"))).toBe(true);
    expect(inputs.some((path) => path.endsWith("functions/lib/app/console-app.ts"))).toBe(true);
    expect(inputs.some((path) => /locales\/id\/console-tickets\.json$/.test(path))).toBe(true);
  }, 120_000);

  it("the jobs functions carry no classic zod either", async () => {
    for (const entry of ["outbox-worker", "outbox-dispatch", "weekend-digest", "hourly"]) {
      const { inputs } = await deployedBundle(entry);
      expect(
        inputs.filter((path) => classicZod.test(path)),
        entry,
      ).toEqual([]);
    }
  }, 120_000);

  it("are plain ASCII, every function (Node then keeps the source one-byte: one emoji in a regex made it two-byte)", async () => {
    for (const entry of [
      "telegram",
      "whatsapp",
      "outbox-worker",
      "outbox-dispatch",
      "weekend-digest",
      "hourly",
    ]) {
      const { nonAscii } = await deployedBundle(entry);
      expect(nonAscii, entry).toEqual([]);
    }
  }, 120_000);
});
