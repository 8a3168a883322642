// Lambda entry point run every minute by EventBridge Scheduler: plans the due outbox jobs (broadcasts
// sent "now" and scheduled ones whose time has come) into delivery records + SQS messages.
import { lambdaJobsApp } from "./lib/app/lambda-jobs-app.js";

export const handler = async () => {
  const planned = await lambdaJobsApp().outbox.planner.runDue();
  return { planned };
};
