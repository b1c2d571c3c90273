/**
 * The rubric's tolerances, applied to the shared TOLERANCES object of src/tolerances.ts inside a
 * worker process (each worker is its own process, so nothing else sees the change). The shared
 * checks read TOLERANCES when they run, so this is how grading uses the rubric's values while the
 * checks stay the one implementation that the notebooks and tests also use. By default the
 * rubric's values equal src/tolerances.ts (grader/test/rubric.test.ts asserts it), so the notebooks'
 * "check your work" cells and the grader agree.
 */
import { TOLERANCES } from "../../src/tolerances";
import type { ToleranceOverrides } from "./protocol";

export function applyTolerances(overrides: ToleranceOverrides): void {
  const target = TOLERANCES as unknown as Record<string, number>;
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(target, name)) throw new RangeError(`applyTolerances: unknown tolerance "${name}"; known: ${Object.keys(target).join(", ")}.`);
    if (typeof value !== "number" || !(value >= 0)) throw new RangeError(`applyTolerances: tolerance "${name}" must be a number ≥ 0; got ${String(value)}.`);
    target[name] = value;
  }
}
