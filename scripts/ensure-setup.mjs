#!/usr/bin/env node
/**
 * Runs `node scripts/setup.mjs --if-needed` before `npm start`, `npm test` and `npm run render`.
 * It prints nothing when everything is in place, and installs what is missing otherwise.
 * Plain Node, no dependencies: it must work on a fresh clone, before node_modules exists.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const setup = join(dirname(fileURLToPath(import.meta.url)), "setup.mjs");
const r = spawnSync(process.execPath, [setup, "--if-needed"], { stdio: "inherit" });
if (r.error) {
  console.error(`[setup] could not run ${setup}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
