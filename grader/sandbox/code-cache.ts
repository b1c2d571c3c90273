/**
 * The subjects' V8 code cache of tfjs (subject/tfjs-code-cache.ts says what it saves): written
 * once per runtime folder and set of V8 flags, by running the runtime's trusted
 * `code-cache-producer.cjs` with those flags before the first subject that uses them starts.
 * A producer that fails or takes too long leaves no cache: subjects then compile tfjs as before.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Runtime } from "./runtime";

/** The producer's wall-clock limit, ms (it takes ≈ 0.3 s). */
const PRODUCER_TIMEOUT_MS = 60_000;

const produced = new Map<string, Promise<void>>();

/** Resolves once `runtime` holds the code cache for subjects started with `v8Flags` (or once trying has failed). */
export function ensureCodeCache(runtime: Runtime, v8Flags: readonly string[]): Promise<void> {
  const key = `${runtime.dir}\n${v8Flags.join(" ")}`;
  let done = produced.get(key);
  if (!done) {
    done = new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [...v8Flags, join(runtime.dir, "code-cache-producer.cjs")], { stdio: "ignore", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
      const timer = setTimeout(() => child.kill("SIGKILL"), PRODUCER_TIMEOUT_MS);
      child.on("error", () => resolve());
      child.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    produced.set(key, done);
  }
  return done;
}
