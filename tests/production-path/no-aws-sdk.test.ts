// Every Lambda entry, built as `sst deploy` builds it, carries no AWS SDK client: DynamoDB and SQS go through
// functions/lib/aws (SigV4 + JSON protocol); only @aws-sdk/util-dynamodb (marshalling, ~5 KB) is bundled.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deployedBundle } from "./deployment.js";

const entries = readdirSync("functions").filter((name) => name.endsWith(".ts"));

describe("the deployment bundles", () => {
  it("contain no AWS SDK client, signer or credential chain, and stay under 1,000,000 bytes", async () => {
    expect(entries).toEqual(expect.arrayContaining(["telegram.ts", "whatsapp.ts", "outbox-worker.ts"]));
    for (const entry of entries) {
      const output = await deployedBundle(entry.replace(/\.ts$/, ""));
      const sdk = output.inputs.filter((path) =>
        /node_modules\/(@smithy|@aws-crypto|@aws-sdk\/(?!util-dynamodb\/))/.test(path),
      );
      expect(sdk, entry).toEqual([]);
      expect(output.bytes, entry).toBeLessThan(1_000_000);
    }
  }, 120_000);
});
