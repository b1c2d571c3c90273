/**
 * The worker runs one check at a time (so a later hang loses nothing finished). Run that way, the
 * shared checks must give exactly what one `checkExercise` call gives: same verdicts, same
 * messages, same measured values.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { checkExercise, EXERCISE_IDS, type CheckResult, type ExerciseCases } from "../../src/checks";
import * as untouched from "../../exercises";
import * as solutions from "../../solutions";
import { loadRubric } from "../core/rubric";
import { exerciseCheckNames, runExerciseCheck } from "../worker/run-check";

beforeAll(async () => {
  await selectBackend();
});

/** The rubric's hidden cases, or {} (the library's public cases). */
const casesFor = (set: "public" | "hidden"): ExerciseCases => (set === "hidden" ? loadRubric().hiddenCases : {});

async function oneByOne(id: (typeof EXERCISE_IDS)[number], module: Record<string, unknown>, cases: ExerciseCases): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of exerciseCheckNames(id)) out.push(await runExerciseCheck(id, module, cases, check));
  return out;
}

describe("runExerciseCheck", () => {
  for (const id of EXERCISE_IDS) {
    for (const cases of ["public", "hidden"] as const) {
      it(`agrees with checkExercise on the solutions: ${id}, ${cases} cases`, async () => {
        const whole = await checkExercise(id, solutions as Record<string, unknown>, casesFor(cases));
        const single = await oneByOne(id, solutions as Record<string, unknown>, casesFor(cases));
        expect(single).toEqual(whole);
        expect(single.every((r) => r.passed)).toBe(true);
      });
    }
    it(`agrees with checkExercise on the untouched exercise: ${id}`, async () => {
      const whole = await checkExercise(id, untouched as Record<string, unknown>);
      const single = await oneByOne(id, untouched as Record<string, unknown>, {});
      expect(single).toEqual(whole);
      expect(single.filter((r) => r.check !== "api").every((r) => !r.passed && r.notImplemented)).toBe(true);
    });
  }

  it("refuses a check name the exercise does not have", async () => {
    await expect(runExerciseCheck("nll", solutions as Record<string, unknown>, {}, "round-trip-forward")).rejects.toThrow();
  });
});
