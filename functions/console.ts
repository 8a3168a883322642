// Lambda entry point for the staff console: GET /konsol, GET /konsol/{proxy+}, POST /konsol/api/{proxy+}.
import { lambdaApp } from "./lib/app/lambda-app.js";
import { createLambdaHttpHandler } from "./lib/http/lambda.js";

export const handler = createLambdaHttpHandler((request) => lambdaApp().http(request));
