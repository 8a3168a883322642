// Every call a fake Telegram/WhatsApp server receives is validated (tests/fakes); a violation fails the test.
import { afterAll, afterEach } from "vitest";
import { takeViolations } from "../fakes/outbound-violations.js";

/** Throws when a fake platform server received an invalid call since the last check. */
export const check = () => {
  const violations = takeViolations();
  if (violations.length) {
    throw new Error(`invalid outbound platform call(s):\n${violations.slice(0, 10).join("\n")}`);
  }
};

afterEach(check);
afterAll(check);
