// Lambda entry point run every hour by EventBridge Scheduler (Asia/Jakarta): idle tickets, training
// reminders and cancellation notices.
import { lambdaJobsApp } from "./lib/app/lambda-jobs-app.js";
import { runHourlyJobs } from "./lib/app/scheduled-jobs.js";

export const handler = async () => runHourlyJobs(lambdaJobsApp());
