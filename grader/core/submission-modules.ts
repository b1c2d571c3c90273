/**
 * The staged submission's files, compiled for the subjects: one CommonJS module per exercise file
 * in <staging>/compiled/, or the reason it cannot be run (missing, a symbolic link, a syntax
 * error, a forbidden import). What each exercise may import is stated here, once.
 */
import { chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { compileSubmissionFile } from "../sandbox/compile";
import type { Runtime } from "../sandbox/runtime";
import type { Staged } from "./stage";

/** The scaffold modules each exercise file may import, as the exercise files write them (besides @tensorflow/tfjs). */
export const ALLOWED_IMPORTS: Record<ExerciseId, readonly string[]> = {
  "additive-coupling": ["../src/bijectors/masked-coupling", "../src/bijectors/bijector", "../src/bijectors/errors"],
  "affine-coupling": ["../src/bijectors/masked-coupling", "../src/bijectors/bijector", "../src/bijectors/errors"],
  nll: ["../src/bijectors/bijector", "../src/bijectors/errors"],
  actnorm: ["../src/bijectors/bijector", "../src/bijectors/errors", "../src/bijectors/image/image-shape", "../src/nn/variable"],
  "invertible-conv": ["../src/bijectors/bijector", "../src/bijectors/errors", "../src/bijectors/image/image-shape", "../src/bijectors/image/rotation-lu", "../src/nn/variable"],
  dequantization: ["../src/bijectors/bijector", "../src/bijectors/errors", "../src/flows/density"],
  "made-maf": ["../src/bijectors/autoregressive-layer", "../src/bijectors/bijector", "../src/bijectors/errors"],
};

export type ModuleState = { ok: true; module: string } | { ok: false; problem: string };

export async function compileSubmission(staged: Staged, runtime: Runtime): Promise<Record<ExerciseId, ModuleState>> {
  const entries = await Promise.all(
    EXERCISE_IDS.map(async (id): Promise<[ExerciseId, ModuleState]> => {
      const file = EXERCISES[id].file;
      const refused = staged.refused.find((r) => r.path === file);
      if (refused) return [id, { ok: false, problem: `${file} was not graded: it is ${refused.why}` }];
      const source = join(staged.exercisesDir, file);
      if (!existsSync(source)) return [id, { ok: false, problem: `${file} is missing from the submission` }];
      const out = join(staged.compiledDir, `${id}.cjs`);
      const r = await compileSubmissionFile(source, out, ALLOWED_IMPORTS[id], runtime, file);
      if (!r.ok) return [id, { ok: false, problem: `${file} cannot be run: ${r.problem}` }];
      chmodSync(out, 0o644);
      return [id, { ok: true, module: out }];
    }),
  );
  return Object.fromEntries(entries) as Record<ExerciseId, ModuleState>;
}
