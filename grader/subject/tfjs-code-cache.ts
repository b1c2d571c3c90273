/**
 * Loads the runtime's bundled tfjs (`tfjs.cjs`) with a V8 code cache, so that each subject process
 * does not compile its 3.5 MB again: on the course machine a subject's start drops from ≈ 0.14 s
 * to ≈ 0.09 s of CPU, and a grading starts some seventy subjects.
 *
 * The cache (`tfjs.<flags>.v8cache` in the runtime folder) is written once per grader process by
 * a trusted producer (code-cache-producer.ts, run by sandbox/code-cache.ts) that loads tfjs the
 * same way, runs common operations so that their functions are compiled too, and saves
 * `Script.createCachedData()`. V8 accepts a cache only from a process with the same V8 flags
 * (`--max-old-space-size`, `--expose-gc`, …), so the file is named after them; a cache that is
 * missing or rejected costs time, never correctness (V8 then compiles the source as usual).
 *
 * The module is registered in `require.cache` under tfjs.cjs's own path, so every
 * `require("./tfjs.cjs")` of the runner gets this one copy. Subjects cannot write the runtime
 * folder, so the cache they read is the producer's.
 */
import { existsSync, readFileSync } from "node:fs";
import Module from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";

/** The runtime's tfjs bundle, the one file every subject requires for "@tensorflow/tfjs". */
export const TFJS_FILE = "tfjs.cjs";

/** Node's own options (the permission model) that are not V8 flags and do not affect the cache. */
const NOT_V8 = /^--(allow-|experimental-permission$|permission$)/;

/** The cache file of a process started with `execArgv`: named after its V8 flags. */
export function codeCacheFile(execArgv: readonly string[]): string {
  const flags = execArgv.filter((a) => !NOT_V8.test(a)).map((a) => a.replace(/^--/, "").replace(/[^a-z0-9=.-]/gi, "_"));
  return `tfjs.${flags.join("+") || "default"}.v8cache`;
}

export interface LoadedTfjs {
  exports: unknown;
  script: Script;
  /** "accepted", "rejected" (V8 refused it: other flags or V8 version), or "absent". */
  cache: "accepted" | "rejected" | "absent";
}

/** Compiles and runs `<dir>/tfjs.cjs`, with the cache `<dir>/<cacheFile>` when given and present, and registers it in require.cache. */
export function loadTfjsCached(dir: string, cacheFile?: string): LoadedTfjs {
  const filename = join(dir, TFJS_FILE);
  const cachePath = cacheFile && join(dir, cacheFile);
  const cachedData = cachePath && existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const script = new Script(Module.wrap(readFileSync(filename, "utf8")), { filename, cachedData });
  const mod = new Module(filename);
  mod.filename = filename;
  const requireHere = Module.createRequire(filename);
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  cache[filename] = mod;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, requireHere, mod, filename, dir);
  } catch (err) {
    delete cache[filename]; // a later require() loads it the usual way
    throw err;
  }
  mod.loaded = true;
  return { exports: mod.exports, script, cache: cachedData ? (script.cachedDataRejected ? "rejected" : "accepted") : "absent" };
}
