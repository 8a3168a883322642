// Issue #17 item 9: the local servers (npm start's and the simulator's) answer 400 to request targets that
// `new URL()` cannot read ("//", "//[", "//:99999"), instead of 500 or an unhandled rejection; a 100 KB path of
// digits is answered quickly and logged without its text.

import type { AddressInfo, Server } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeServer, parseRequestTarget } from "../../functions/lib/http/node-server.js";
import { createHub } from "../../scripts/simulator/hub.js";
import { createSimulatorServer } from "../../scripts/simulator/server.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, type TestApp, telegramEnv } from "../support/app.js";
import { createTestTable } from "../support/store.js";

let fake: FakeTelegramApi;
let test: TestApp;
const servers: Server[] = [];
let appPort = 0;
let simulatorPort = 0;
const simulatorErrors: unknown[] = [];

const listen = async (server: Server) => {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  fake = await startFakeTelegramApi();
  test = buildTestApp(await createTestTable("urls"), telegramEnv(fake.url));
  appPort = await listen(createNodeServer(test.app.http, test.app.logger));
  simulatorPort = await listen(
    createSimulatorServer(
      createHub(),
      () => test.app.http,
      (error) => simulatorErrors.push(error),
    ),
  );
});
afterAll(async () => {
  for (const server of servers) await new Promise((done) => server.close(done));
  await fake.close();
});

/** A raw HTTP/1.1 request (fetch would normalise the target) and the status code of the answer. */
function rawRequest(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  });
}

const badTargets = ["//", "//[", "//:99999", "//evil.example/health", "//%00"];

describe("request targets new URL() cannot read", () => {
  it("parseRequestTarget accepts origin-form and absolute URLs, refuses '//...'", () => {
    expect(parseRequestTarget("/health?x=1")).toEqual({ path: "/health", query: { x: "1" } });
    expect(parseRequestTarget("http://localhost:3000/health")).toEqual({ path: "/health", query: {} });
    for (const target of badTargets) expect(parseRequestTarget(target)).toBeUndefined();
  });

  for (const [name, port] of [
    ["npm start's server", () => appPort],
    ["the simulator's server", () => simulatorPort],
  ] as const) {
    it(`${name} answers 400 to ${badTargets.join(" ")} and keeps serving`, async () => {
      for (const target of badTargets) expect(await rawRequest(port(), target), target).toBe(400);
      expect(await rawRequest(port(), "/health")).toBe(200);
      expect(simulatorErrors).toEqual([]);
    });
  }

  it("a 15 KB path of digits (under the header limit) gets a 4xx answer and stays out of the log", async () => {
    const digits = "1".repeat(15_000);
    const before = test.logs.length;
    const status = await rawRequest(appPort, `/${digits}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(test.logs.slice(before).join("\n")).not.toContain(digits.slice(0, 1000));
  });
});
