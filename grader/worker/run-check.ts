/**
 * Runs ONE check of an exercise through the shared checks of src/checks, so that a worker can
 * record each result as soon as it exists (a later hang or crash then loses nothing finished).
 *
 * `checkCouplingExercise` and `checkNllExercise` are the functions `checkExercise` dispatches to;
 * called with `checks: [name]` they build fresh layers with the same seeds for every call, so a
 * check run alone gives the same result as in a full `checkExercise` run (grader/test/
 * run-check.test.ts compares the two on the solutions).
 */
import { checkCouplingExercise, checkNllExercise, COUPLING_CHECK_NAMES, NLL_CHECK_NAMES, type CheckResult, type CouplingCheckName, type NllCheckName } from "../../src/checks";
import type { ExerciseCases, ExerciseId } from "../../src/checks/exercises";

/** The class each coupling exercise must export. */
export const COUPLING_CLASSES = { "additive-coupling": "AdditiveCoupling", "affine-coupling": "AffineCoupling" } as const;

/** The check names src/checks defines for an exercise, in their order. */
export function exerciseCheckNames(id: ExerciseId): readonly string[] {
  return id === "nll" ? NLL_CHECK_NAMES : COUPLING_CHECK_NAMES;
}

/** @param cases the cases to run; `{}` runs the library's public cases. */
export async function runExerciseCheck(exercise: ExerciseId, module: Record<string, unknown>, cases: ExerciseCases, check: string): Promise<CheckResult> {
  if (!exerciseCheckNames(exercise).includes(check)) {
    throw new RangeError(`runExerciseCheck: '${check}' is not a check of ${exercise}; its checks: ${exerciseCheckNames(exercise).join(", ")}.`);
  }
  const results =
    exercise === "nll"
      ? await checkNllExercise(module, { cases: cases.nll, checks: [check as NllCheckName] })
      : await checkCouplingExercise(module, COUPLING_CLASSES[exercise], { cases: cases.coupling, checks: [check as CouplingCheckName] });
  if (results.length !== 1) throw new Error(`runExerciseCheck: expected one result for ${exercise}/${check}; got ${results.length}.`);
  return results[0];
}
