/**
 * Where things are: the repository root (one level above grader/), the worker entry point, the
 * tsx loader every child process is started with, and the staging area.
 */
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const GRADER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(GRADER_DIR, "..");
export const WORKER_ENTRY = join(GRADER_DIR, "worker", "worker.ts");
export const DEFAULT_RUBRIC = join(GRADER_DIR, "rubric.json");
export const SCHEMAS_DIR = join(GRADER_DIR, "schemas");
/** Submissions are copied below here, so that their `../src/...` imports resolve (see stage.ts). */
export const STAGING_ROOT = join(REPO_ROOT, "build", "grading");

/** The file URL of tsx's loader, resolved from the repository's node_modules, for `node --import`. */
export function tsxLoaderUrl(): string {
  const require = createRequire(join(REPO_ROOT, "package.json"));
  return pathToFileURL(require.resolve("tsx")).href;
}
