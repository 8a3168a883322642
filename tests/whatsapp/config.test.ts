import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../functions/lib/config/config.js";

const full = {
  WHATSAPP_TOKEN: "EAAG-secret-token-value",
  WHATSAPP_PHONE_NUMBER_ID: "109876543210987",
  WHATSAPP_APP_SECRET: "app-secret-value-123",
  WHATSAPP_VERIFY_TOKEN: "verify-token-value-456",
};

function problemsOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
  throw new Error("expected a ConfigError");
}

describe("WhatsApp configuration", () => {
  it("is off by default, with Graph API defaults", () => {
    const { whatsapp } = parseConfig({});
    expect(whatsapp.enabled).toBe(false);
    expect(whatsapp.apiBase).toBe("https://graph.facebook.com");
    expect(whatsapp.apiVersion).toBe("v23.0");
    expect(whatsapp.template).toBeUndefined();
    expect(whatsapp.staffIds).toEqual([]);
  });

  it("is on with token, phone number id, app secret and verify token", () => {
    const { whatsapp } = parseConfig({
      ...full,
      WHATSAPP_API_BASE: "http://127.0.0.1:9999/",
      WHATSAPP_API_VERSION: "v23.0",
      STAFF_WHATSAPP_IDS: "6281234567890, 6289876543210",
      WHATSAPP_TEMPLATE_NAME: "pesan_layanan",
      WHATSAPP_TEMPLATE_PARAMS: "name, text",
    });
    expect(whatsapp.enabled).toBe(true);
    expect(whatsapp.apiBase).toBe("http://127.0.0.1:9999");
    expect(whatsapp.apiVersion).toBe("v23.0");
    expect(whatsapp.staffIds).toEqual(["6281234567890", "6289876543210"]);
    expect(whatsapp.template).toEqual({ name: "pesan_layanan", language: "id", params: ["name", "text"] });
  });

  it("treats a stage-wide phone number id alone (no secrets) as off, not as an error", () => {
    expect(parseConfig({ WHATSAPP_PHONE_NUMBER_ID: "109876543210987" }).whatsapp.enabled).toBe(false);
    expect(parseConfig({ WHATSAPP_PHONE_NUMBER_ID: "" }).whatsapp.enabled).toBe(false);
  });

  it("lists every missing variable of a partial configuration, without echoing secrets", () => {
    const problems = problemsOf({
      WHATSAPP_TOKEN: full.WHATSAPP_TOKEN,
      WHATSAPP_APP_SECRET: full.WHATSAPP_APP_SECRET,
    });
    expect(problems).toContain("WHATSAPP_PHONE_NUMBER_ID");
    expect(problems).toContain("WHATSAPP_VERIFY_TOKEN");
    expect(problems).not.toMatch(/^WHATSAPP_TOKEN/m);
    expect(problems).not.toContain(full.WHATSAPP_TOKEN);
    expect(problems).not.toContain(full.WHATSAPP_APP_SECRET);
  });

  it("reports a partial WhatsApp configuration together with other invalid variables", () => {
    const problems = problemsOf({ WHATSAPP_VERIFY_TOKEN: full.WHATSAPP_VERIFY_TOKEN, PORT: "eighty" });
    for (const name of ["PORT", "WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET"]) {
      expect(problems).toContain(name);
    }
  });

  it("rejects malformed values", () => {
    const problems = problemsOf({
      ...full,
      WHATSAPP_PHONE_NUMBER_ID: "+62 812",
      WHATSAPP_API_VERSION: "21",
      WHATSAPP_API_BASE: "not a url",
      WHATSAPP_TEMPLATE_NAME: "Bad Name!",
      WHATSAPP_TEMPLATE_PARAMS: "text,age",
      STAFF_WHATSAPP_IDS: "62812,abc",
    });
    for (const name of [
      "WHATSAPP_PHONE_NUMBER_ID",
      "WHATSAPP_API_VERSION",
      "WHATSAPP_API_BASE",
      "WHATSAPP_TEMPLATE_NAME",
      "WHATSAPP_TEMPLATE_PARAMS",
      "STAFF_WHATSAPP_IDS",
    ]) {
      expect(problems).toContain(name);
    }
  });
});
