// Lambda entry point for GET + POST /whatsapp (API Gateway v2): Meta's verification and notifications.
import { lambdaApp } from "./lib/app/lambda-app.js";
import { createLambdaHttpHandler } from "./lib/http/lambda.js";

export const handler = createLambdaHttpHandler((request) => lambdaApp().http(request));
