// `npm start` with the WHATSAPP_* variables pointing at a fake Graph API: a real process answers a signed
// POST /whatsapp "halo" by sending an interactive message.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { exited, spawnScript, waitFor } from "../support/process.js";
import {
  sign,
  waAppSecret,
  waNotification,
  waTextMessage,
  waToken,
  waVerifyToken,
  whatsappEnv,
} from "./helpers.js";

let fake: FakeWhatsAppApi;

beforeAll(async () => {
  fake = await startFakeWhatsAppApi();
});
afterAll(async () => {
  await fake.close();
});

describe("npm start with WhatsApp", () => {
  it('answers a signed POST /whatsapp "halo" with an interactive message', async () => {
    const port = await freePort();
    const child = spawnScript("scripts/start.ts", {
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), "umkm-start-wa-")),
      LOG_LEVEL: "info",
      ...whatsappEnv(fake.url),
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
        60_000,
        `GET /health (output so far: ${child.output().slice(-500)})`,
      );
      const health = (await (await fetch(`${base}/health`)).json()) as { channels: string[] };
      expect(health.channels).toContain("whatsapp");

      const challenge = await fetch(
        `${base}/whatsapp?hub.mode=subscribe&hub.verify_token=${waVerifyToken}&hub.challenge=31337`,
      );
      expect(challenge.status).toBe(200);
      expect(await challenge.text()).toBe("31337");

      const raw = JSON.stringify(waNotification([waTextMessage("6281277770001", "halo")]));
      const response = await fetch(`${base}/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
        body: raw,
      });
      expect(response.status).toBe(200);
      expect(fake.calls).toHaveLength(1);
      expect(fake.calls[0]?.payload).toMatchObject({ to: "6281277770001", type: "interactive" });
      expect(JSON.stringify(fake.calls[0]?.payload)).toContain("Selamat datang");

      const output = child.output();
      expect(output).toContain("whatsapp.on");
      expect(output).not.toContain(waToken);
      expect(output).not.toContain(waAppSecret);
      expect(output).not.toContain("6281277770001");
    } finally {
      child.kill("SIGTERM");
      await exited(child);
    }
  }, 120_000);
});
