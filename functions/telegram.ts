// Lambda entry point for POST /telegram (API Gateway v2).
import { lambdaApp } from "./lib/app/lambda-app.js";
import { createLambdaHttpHandler } from "./lib/http/lambda.js";

export const handler = createLambdaHttpHandler((request) => lambdaApp().http(request));
