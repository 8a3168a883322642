// Builds a Lambda entry exactly as `sst deploy` does, so benchmarks and the production-path test run what
// AWS runs. Options copied from SST's node runtime (Go, pkg/runtime/node/build.go, the esbuild.BuildOptions
// in Build; SST 4.17.1's binary carries the same banner and target table) with this app's `nodejs` args
// (stacks/function-defaults.ts): ESM, minify, keepNames, no sourcemap in the zip, nodejs22.x -> es2023.
import { statSync } from "node:fs";
import { type BuildOptions, build } from "esbuild";
import { NODEJS_BUNDLING, RUNTIME } from "../../stacks/function-defaults.js";

/** SST's targetMap: the esbuild target it picks for each Lambda runtime. */
const sstTargets: Record<string, string> = {
  "nodejs24.x": "es2024",
  "nodejs22.x": "es2023",
  "nodejs20.x": "es2023",
  "nodejs18.x": "es2022",
};

/** SST's ESM banner: `require`, `__filename` and `__dirname` for bundled CommonJS code. */
export const sstEsmBanner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "", // nodejs.banner: this app sets none (see stacks/function-defaults.ts)
].join("\n");

/** The esbuild options SST's `Runtime.Build` passes for a deploy (not `sst dev`) of one of our functions. */
export function sstDeployBuildOptions(entry: string, outfile: string): BuildOptions {
  const target = sstTargets[RUNTIME];
  if (!target) throw new Error(`no esbuild target known for ${RUNTIME}`);
  return {
    entryPoints: [entry],
    outfile,
    platform: "node",
    // SST's forceExternal; neither is used by this app.
    external: ["sharp", "pg-native"],
    keepNames: NODEJS_BUNDLING.esbuild.keepNames,
    bundle: true,
    splitting: false,
    format: NODEJS_BUNDLING.format,
    target,
    // `module` first: the ESM builds of the AWS SDK (tree-shaken), not its CommonJS build (esbuild's default).
    mainFields: ["module", "main"],
    banner: { js: sstEsmBanner },
    minifyWhitespace: NODEJS_BUNDLING.minify,
    minifySyntax: NODEJS_BUNDLING.minify,
    minifyIdentifiers: NODEJS_BUNDLING.minify,
    // A deploy without `nodejs.sourcemap` ships no source map in the function's code.
    sourcemap: false,
    logLevel: "silent",
  };
}

/** One line for reports: what the bundles were built with. */
export const sstDeployBuildSummary = `esbuild as sst deploy (${RUNTIME}): esm, platform node, target ${sstTargets[RUNTIME]}, mainFields module,main, minify, keepNames, SST's require banner, no splitting, external sharp,pg-native`;

/** Builds one entry as deployed; returns the bundle's size in bytes. */
export async function buildAsDeployed(entry: string, outfile: string): Promise<number> {
  await build(sstDeployBuildOptions(entry, outfile));
  return statSync(outfile).size;
}
