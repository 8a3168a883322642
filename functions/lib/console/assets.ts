// The console page's static files (plain HTML/CSS/JS, no build step), read once on first use.
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** On Lambda the stack copies the folder next to the bundle (`copyFiles` to `konsol/`). */
export function assetsDir(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  return taskRoot ? join(taskRoot, "konsol") : fileURLToPath(new URL("./public/", import.meta.url));
}

export type Assets = ReadonlyMap<string, { readonly type: string; readonly body: string }>;

export function loadAssets(dir = assetsDir()): Assets {
  const files = new Map<string, { type: string; body: string }>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const type = contentTypes[extname(entry.name)];
    if (entry.isFile() && type)
      files.set(entry.name, { type, body: readFileSync(join(dir, entry.name), "utf8") });
  }
  return files;
}
