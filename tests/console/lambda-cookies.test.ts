// On AWS (API Gateway v2, payload 2.0) the Cookie header arrives as `event.cookies` and Set-Cookie must
// leave as `cookies`: the console's session works through the Lambda adapter as through node:http.
import { describe, expect, it } from "vitest";
import { createLambdaHttpHandler } from "../../functions/lib/http/lambda.js";

describe("Lambda cookies", () => {
  it("joins event.cookies into the Cookie header and returns Set-Cookie as cookies", async () => {
    let seen: string | undefined;
    const handler = createLambdaHttpHandler(async (request) => {
      seen = request.headers.cookie;
      return {
        status: 200,
        headers: { "content-type": "text/plain", "set-cookie": "konsol_sid=x; HttpOnly" },
      };
    });
    const result = await handler({
      rawPath: "/konsol/api/me",
      cookies: ["a=1", "konsol_sid=abc"],
      headers: { Host: "example" },
      requestContext: { http: { method: "GET" } },
    });
    expect(seen).toBe("a=1; konsol_sid=abc");
    expect(result.cookies).toEqual(["konsol_sid=x; HttpOnly"]);
    expect(result.headers).toEqual({ "content-type": "text/plain" });
  });

  it("sets no cookies when the response has none", async () => {
    const handler = createLambdaHttpHandler(async () => ({ status: 204 }));
    const result = await handler({ rawPath: "/health" });
    expect(result.cookies).toBeUndefined();
  });
});
