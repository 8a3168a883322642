import { describe, expect, it } from "vitest";
import type { Contact } from "../../functions/lib/core/contact.js";
import { checkFlood } from "../../functions/lib/core/inbound.js";

const base: Contact = {
  channel: "telegram",
  userId: "1",
  role: "buyer",
  language: "id",
  consents: [],
  unreachable: false,
  createdAt: 0,
  stored: true,
};
const control = { perMinute: 3, muteMs: 300_000 };

describe("flood control", () => {
  it("counts per minute, warns once over the limit, then mutes until the time is up", () => {
    const t0 = new Date("2026-11-22T10:00:05Z");
    let contact = base;
    const verdicts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const result = checkFlood(contact, new Date(t0.getTime() + i * 1000), control);
      verdicts.push(result.verdict);
      contact = { ...contact, rate: result.rate };
    }
    expect(verdicts).toEqual(["ok", "ok", "ok", "warn", "muted", "muted"]);
    const later = checkFlood(contact, new Date(t0.getTime() + 400_000), control);
    expect(later.verdict).toBe("ok");
    expect(later.rate.count).toBe(1);
  });

  it("starts a new window every minute", () => {
    const contact = { ...base, rate: { windowStart: Date.parse("2026-11-22T09:59:00Z"), count: 3 } };
    expect(checkFlood(contact, new Date("2026-11-22T10:00:01Z"), control)).toMatchObject({
      verdict: "ok",
      rate: { count: 1 },
    });
  });
});
