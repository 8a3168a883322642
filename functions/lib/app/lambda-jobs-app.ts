// One jobs app per Lambda container (worker, planner, digest, hourly), built on first use so that importing
// a handler never throws.
import { loadConfig } from "../config/load.js";
import { createJobsApp, type JobsApp } from "./jobs-app.js";

let app: JobsApp | undefined;

export function lambdaJobsApp(): JobsApp {
  app ??= createJobsApp(loadConfig());
  return app;
}
