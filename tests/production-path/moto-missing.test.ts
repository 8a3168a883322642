// Without moto_server the production-path test must fail, saying how to install it (never skip).
import { describe, expect, it } from "vitest";
import { findMotoServer, MotoMissingError, startMoto } from "../support/moto.js";

describe("moto_server lookup", () => {
  it("fails with the install hint when moto_server is not on PATH", () => {
    expect(() => findMotoServer({ PATH: "/nonexistent-dir" })).toThrow(MotoMissingError);
    expect(() => findMotoServer({ PATH: "/nonexistent-dir" })).toThrow(/apt-get install python3-moto/);
    expect(() => findMotoServer({ MOTO_SERVER: "/nonexistent-dir/moto_server" })).toThrow(/pip install/);
  });

  it("startMoto rejects (the test file's beforeAll fails) when moto_server is missing", async () => {
    const saved = process.env.MOTO_SERVER;
    process.env.MOTO_SERVER = "/nonexistent-dir/moto_server";
    try {
      await expect(startMoto()).rejects.toThrow(/moto_server not found/);
    } finally {
      if (saved === undefined) delete process.env.MOTO_SERVER;
      else process.env.MOTO_SERVER = saved;
    }
  });
});
