// One app per Lambda container, built on first use so that importing a handler never throws.
import { loadConfig } from "../config/load.js";
import { type App, type AppOverrides, createApp } from "./create-app.js";

let app: App | undefined;

/** `parts`: what this entry adds (the console Lambda passes its console); constant per container. */
export function lambdaApp(parts: Pick<AppOverrides, "console"> = {}): App {
  app ??= createApp(loadConfig(), parts);
  return app;
}
