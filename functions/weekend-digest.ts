// Lambda entry point for the weekend-digest schedule (EventBridge Scheduler, Friday 17:00 WIB).
import { lambdaJobsApp } from "./lib/app/lambda-jobs-app.js";

export const handler = async () => {
  const app = lambdaJobsApp();
  const result = await app.digest.run(app.clock.now());
  app.logger.info("digest.run", { ...result });
  return result;
};
