// Reads the environment once: process.env, plus SST-linked resources when running on AWS.
import { type Config, parseConfig } from "./config.js";
import { linkedEnvironment } from "./sst-resources.js";

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseConfig({ ...env, ...linkedEnvironment() });
}
