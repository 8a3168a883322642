// The console API's rate limits: calls per session and sign-in attempts per client address, per minute,
// counted in DynamoDB (a fixed window); past them a 429 with Retry-After, and the next window is open again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, startConsoleHarness } from "../support/console.js";

const adminTg = 7801;
let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({
    name: "konsolrate",
    admins: [adminTg],
    env: { CONSOLE_API_RATE_PER_MINUTE: "5", CONSOLE_LOGIN_RATE_PER_MINUTE: "3" },
  });
});
afterAll(async () => harness.close());

/** To 1 s after a minute starts, so the test's calls all fall in one window. */
function toWindowStart() {
  const now = harness.clock.now().getTime();
  harness.advance(60_000 - (now % 60_000) + 1_000);
}

describe("console rate limits", () => {
  it("refuses a session's calls past its minute with 429 and Retry-After, and lets it go on later", async () => {
    const session = await harness.signIn(adminTg);
    toWindowStart();
    for (let call = 0; call < 5; call++) expect((await harness.get(session, "me")).status).toBe(200);
    const refused = await harness.get(session, "me");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: "rate-limited" });
    // Until the window ends (a minute from its start, whatever the test's own slowness).
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(40);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(59);
    // A state change is counted too.
    expect((await harness.post(session, "logout", {})).status).toBe(429);
    // Another staff session has its own counter.
    const other = await harness.signIn(adminTg);
    expect((await harness.get(other, "me")).status).toBe(200);
    harness.advance(60_000);
    expect((await harness.get(session, "me")).status).toBe(200);
  });

  it("refuses sign-in attempts from one address past the limit, even with a valid link", async () => {
    toWindowStart();
    const guess = (token: string) =>
      fetch(`${harness.base}/konsol/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await guess(`guessed-token-${attempt}-abcdefghijklmnop`)).status).toBe(403);
    const token = await harness.linkToken(adminTg);
    // linkToken moved the clock 10 minutes on: spend this window's attempts again.
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await guess(`guessed-token-${attempt}-abcdefghijklmnop`)).status).toBe(403);
    const refused = await guess(token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // The link was not used up by the refused attempt.
    harness.advance(60_000);
    expect((await guess(token)).status).toBe(200);
  });
});
