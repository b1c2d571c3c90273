/**
 * The worker runs one check at a time (so a later hang loses nothing finished). Run that way, the
 * shared checks must give exactly what one `checkExercise` call gives: same verdicts, same
 * messages, same measured values.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { checkExercise, EXERCISE_IDS, type CheckResult } from "../../src/checks";
import * as untouched from "../../exercises";
import * as solutions from "../../solutions";
import { exerciseCheckNames, runExerciseCheck } from "../worker/run-check";

beforeAll(async () => {
  await selectBackend();
});

async function oneByOne(id: (typeof EXERCISE_IDS)[number], module: Record<string, unknown>, cases: "public" | "hidden"): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of exerciseCheckNames(id)) out.push(await runExerciseCheck(id, module, cases, check));
  return out;
}

describe("runExerciseCheck", () => {
  for (const id of EXERCISE_IDS) {
    for (const cases of ["public", "hidden"] as const) {
      it(`agrees with checkExercise on the solutions: ${id}, ${cases} cases`, async () => {
        const whole = await checkExercise(id, solutions as Record<string, unknown>, cases);
        const single = await oneByOne(id, solutions as Record<string, unknown>, cases);
        expect(single).toEqual(whole);
        expect(single.every((r) => r.passed)).toBe(true);
      });
    }
    it(`agrees with checkExercise on the untouched exercise: ${id}`, async () => {
      const whole = await checkExercise(id, untouched as Record<string, unknown>, "public");
      const single = await oneByOne(id, untouched as Record<string, unknown>, "public");
      expect(single).toEqual(whole);
      expect(single.filter((r) => r.check !== "api").every((r) => !r.passed && r.notImplemented)).toBe(true);
    });
  }

  it("refuses a check name the exercise does not have", async () => {
    await expect(runExerciseCheck("nll", solutions as Record<string, unknown>, "public", "round-trip-forward")).rejects.toThrow();
  });
});
