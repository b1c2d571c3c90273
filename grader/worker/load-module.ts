/**
 * Imports one file of the staged submission. A missing file or an import that throws (a syntax
 * error, a bad import path, a top-level `throw`) becomes a problem string that names the file,
 * so every check of that file fails with it instead of crashing the worker.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface LoadedModule {
  module?: Record<string, unknown>;
  problem?: string;
}

export async function loadSubmissionModule(exercisesDir: string, file: string): Promise<LoadedModule> {
  const path = join(exercisesDir, file);
  if (!existsSync(path)) return { problem: `${file} is missing from the submission` };
  try {
    return { module: (await import(pathToFileURL(path).href)) as Record<string, unknown> };
  } catch (err) {
    const e = err as Error;
    const first = String(e?.message ?? err).split("\n").slice(0, 3).join(" ").slice(0, 400);
    return { problem: `${file} failed to import (${e?.name ?? "Error"}: ${first})` };
  }
}
