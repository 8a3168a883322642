// zod's English messages for zod/mini (tree-shakeable, unlike classic zod): classic registers them by itself,
// mini does not, and operators and staff read them (config errors, knowledge edits). Every module with a
// zod/mini schema imports this one.
import { config, type core } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

/** A transform's issue (classic zod's `ctx.addIssue`): mini hands transforms the parse payload itself. */
export function addIssue(payload: core.ParsePayload, message: string, path?: PropertyKey[]): void {
  payload.issues.push({ code: "custom", ...(path ? { path } : {}), message, input: payload.value });
}
