/**
 * The staged submission's files, compiled for the subjects: one CommonJS module per exercise file
 * in <staging>/compiled/, or the reason it cannot be run (missing, a symbolic link, a syntax
 * error, a forbidden import). What each exercise may import is stated here, once.
 */
import { chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { message } from "../../src/i18n/catalogue";
import { GRADER_DIR } from "./paths";
import { compileSubmissionFiles, type CompileJob } from "../sandbox/compile";
import type { Runtime } from "../sandbox/runtime";
import { refusedReason, type Staged } from "./stage";

/** The scaffold modules each exercise file may import, as the exercise files write them (besides @tensorflow/tfjs). */
export const ALLOWED_IMPORTS: Record<ExerciseId, readonly string[]> = {
  "additive-coupling": ["../src/bijectors/masked-coupling", "../src/bijectors/bijector", "../src/bijectors/errors"],
  "affine-coupling": ["../src/bijectors/masked-coupling", "../src/bijectors/bijector", "../src/bijectors/errors"],
  nll: ["../src/bijectors/bijector", "../src/bijectors/errors"],
  actnorm: ["../src/bijectors/bijector", "../src/bijectors/errors", "../src/bijectors/image/image-shape", "../src/nn/variable"],
  "invertible-conv": ["../src/bijectors/bijector", "../src/bijectors/errors", "../src/bijectors/image/image-shape", "../src/bijectors/image/rotation-lu", "../src/nn/variable"],
  dequantization: ["../src/bijectors/bijector", "../src/bijectors/errors", "./nll"],
  "made-maf": ["../src/bijectors/autoregressive-layer", "../src/bijectors/bijector", "../src/bijectors/errors"],
};

/**
 * Imports that are bundled from a grader file instead of the course's: exercise (f) imports its
 * flowLogProb from the student's exercise (c) (`./nll`); the grader gives it its own
 * (subject/density-stand-in.ts, a Laplace base), so (f) is graded apart from (c) and the subject
 * holds no answer to (c).
 */
export const SUBSTITUTED_IMPORTS: Partial<Record<ExerciseId, Readonly<Record<string, string>>>> = {
  dequantization: { "./nll": join(GRADER_DIR, "subject", "density-stand-in.ts") },
};

export type ModuleState = { ok: true; module: string } | { ok: false; problem: string };

export async function compileSubmission(staged: Staged, runtime: Runtime): Promise<Record<ExerciseId, ModuleState>> {
  const states = new Map<ExerciseId, ModuleState>();
  const jobs: (CompileJob & { id: ExerciseId })[] = [];
  for (const id of EXERCISE_IDS) {
    const file = EXERCISES[id].file;
    const refused = refusedReason(staged, file);
    const source = join(staged.exercisesDir, file);
    if (refused) states.set(id, { ok: false, problem: message("submission.refused", { file, why: refused }) });
    else if (!existsSync(source)) states.set(id, { ok: false, problem: message("submission.missing", { file }) });
    else jobs.push({ id, source, outFile: join(staged.compiledDir, `${id}.cjs`), allowed: ALLOWED_IMPORTS[id], substitutes: SUBSTITUTED_IMPORTS[id], displayName: file });
  }
  // one disposable compiler process for the whole submission (sandbox/compile.ts)
  const results = await compileSubmissionFiles(jobs, runtime);
  jobs.forEach((job, i) => {
    const r = results[i];
    if (!r.ok) states.set(job.id, { ok: false, problem: message("submission.cannot-run", { file: job.displayName, problem: r.problem ?? "" }) });
    else {
      chmodSync(job.outFile, 0o644);
      states.set(job.id, { ok: true, module: job.outFile });
    }
  });
  return Object.fromEntries(EXERCISE_IDS.map((id) => [id, states.get(id)!])) as Record<ExerciseId, ModuleState>;
}
