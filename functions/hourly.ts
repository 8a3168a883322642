// Lambda entry point run every hour by EventBridge Scheduler (Asia/Jakarta): idle tickets, training
// reminders and cancellation notices.
import { lambdaApp } from "./lib/app/lambda-app.js";
import { runHourlyJobs } from "./lib/app/scheduled-jobs.js";

export const handler = async () => runHourlyJobs(lambdaApp());
