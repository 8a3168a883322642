// One app per Lambda container, built on first use so that importing a handler never throws.
import { loadConfig } from "../config/load.js";
import { type App, createApp } from "./create-app.js";

let app: App | undefined;

export function lambdaApp(): App {
  app ??= createApp(loadConfig());
  return app;
}
