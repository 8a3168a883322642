// What the production-path tests share: the functions built as `sst deploy` builds them (in memory, to read
// what a bundle carries; or on disk, run as Lambda containers) and a deployed function's environment.
import { build, type Metafile } from "esbuild";
import { sstDeployBuildOptions } from "../../scripts/lib/lambda-bundle.js";
import {
  buildDeploymentBundles,
  type DeploymentBundles,
  type LambdaContainer,
  startContainer,
} from "../support/lambda-host.js";
import type { TestTable } from "../support/store.js";

/** functions/<entry>.ts built in memory as `sst deploy` builds it: the modules it carries and its size. */
export async function deployedBundle(
  entry: string,
): Promise<{ inputs: string[]; bytes: number; nonAscii: string[] }> {
  const options = sstDeployBuildOptions(`functions/${entry}.ts`, `/dev/null/${entry}.mjs`);
  const result = await build({ ...options, write: false, metafile: true });
  const output: Metafile["outputs"][string] = Object.values(result.metafile.outputs)[0]!;
  const text = result.outputFiles?.[0]?.text ?? "";
  // Each non-ASCII character with a little of the code around it (where it comes from).
  const nonAscii = [...text.matchAll(/.{0,30}[\u0080-\u{10ffff}].{0,10}/gu)].map((m) => m[0]);
  return { inputs: Object.keys(output.inputs), bytes: output.bytes, nonAscii };
}

/** A deployed function's environment on `table`: Lambda's region and credentials, DynamoDB Local. */
export const lambdaEnv = (table: TestTable): Record<string, string> => ({
  AWS_REGION: "ap-southeast-3",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  TABLE_NAME: table.tableName,
  DYNAMODB_ENDPOINT: table.endpoint,
});

/**
 * Lambda containers of the `names` functions for one test file: `build` in beforeAll, `closeContainers` after
 * the test(s) (before the fakes are cleared, so nothing a container still sends lands in the next test),
 * `remove` in afterAll.
 */
export function deploymentHost(names: readonly string[]) {
  let bundles: DeploymentBundles | undefined;
  const containers: LambdaContainer[] = [];
  return {
    async build(): Promise<void> {
      bundles = await buildDeploymentBundles(names);
    },
    /** A cold container of functions/<name>.ts, closed by `closeContainers`. */
    async start(name: string, env: Record<string, string>, options: { timeoutMs: number }) {
      if (!bundles) throw new Error("deploymentHost: build() first (in beforeAll)");
      const container = await startContainer(bundles, name, env, options);
      containers.push(container);
      return container;
    },
    async closeContainers(): Promise<void> {
      await Promise.all(containers.splice(0).map((container) => container.close()));
    },
    remove(): void {
      bundles?.remove();
    },
  };
}
