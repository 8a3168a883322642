// Lambda entry point run every minute by EventBridge Scheduler: plans the due outbox jobs (broadcasts
// sent "now" and scheduled ones whose time has come) into delivery records + SQS messages.
import { lambdaApp } from "./lib/app/lambda-app.js";

export const handler = async () => {
  const planned = await lambdaApp().outbox.planner.runDue();
  return { planned };
};
