import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Fails a test during which a fake platform server received an invalid call.
    setupFiles: ["tests/support/outbound-guard.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores in CI: files run in parallel, each on its own table.
    pool: "forks",
  },
});
