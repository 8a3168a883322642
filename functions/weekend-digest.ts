// Lambda entry point for the weekend-digest schedule (EventBridge Scheduler, Friday 17:00 WIB).
import { lambdaApp } from "./lib/app/lambda-app.js";

export const handler = async () => {
  const app = lambdaApp();
  const result = await app.digest.run(app.clock.now());
  app.logger.info("digest.run", { ...result });
  return result;
};
