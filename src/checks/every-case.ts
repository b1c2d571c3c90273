/**
 * One check of a layer exercise, run on every case and folded into one result. Each case's layer
 * first gets seeded noise in its variables (randomize.ts: a fresh layer is often the identity,
 * which passes everything), then the case's seeded inputs (inputs.ts); `run` is the check, a
 * shared BIJECTOR_CHECKS entry or the exercise's own, and `withHint` lets the exercise put its own
 * hint on a case's result. The cases fold with combineResults (the worst failing case, whole).
 */
import type { Bijector } from "../bijectors/bijector";
import type { CheckResult } from "./check-result";
import { combineResults } from "./combine";
import { checkInputs, type NamedInput } from "./inputs";
import { randomizeVariables } from "./randomize";

export async function checkEveryCase<C extends { seed: number }>(
  check: string,
  subject: string,
  layers: readonly { c: C; b?: Bijector }[],
  dimOf: (c: C) => number,
  run: (b: Bijector, inputs: NamedInput[], c: C) => Promise<CheckResult>,
  withHint: (r: CheckResult) => CheckResult = (r) => r,
): Promise<CheckResult> {
  const perCase: CheckResult[] = [];
  for (const { c, b } of layers) {
    randomizeVariables(b!.trainableVariables(), c.seed + 100);
    perCase.push(withHint(await run(b!, checkInputs(dimOf(c), c.seed), c)));
  }
  return combineResults(check, subject, perCase);
}
