// Lambda entry point for the staff console: GET /konsol, GET /konsol/{proxy+}, POST /konsol/api/{proxy+}.
import { createConsole } from "./lib/app/console-app.js";
import { lambdaApp } from "./lib/app/lambda-app.js";
import { createLambdaHttpHandler } from "./lib/http/lambda.js";

export const handler = createLambdaHttpHandler((request) =>
  lambdaApp({ console: createConsole }).http(request),
);
