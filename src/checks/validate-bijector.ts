/**
 * `checkBijector` runs every bijector check and returns the results; `expectValidBijector` throws
 * when any fails, with one line per failure naming the bijector, the check, the measured value
 * and the tolerance.
 *
 * @example
 *   await expectValidBijector(new AffineCoupling([1, 0], { seed: 1 }));
 *   console.log(formatResults(await checkBijector(layer)));   // in a notebook
 */
import type { Bijector } from "../bijectors/bijector";
import { BIJECTOR_CHECKS, BIJECTOR_CHECK_NAMES, checkInputs, type BijectorCheckName } from "./bijector-checks";
import { formatResults, type CheckResult } from "./check-result";
import { randomizeVariables } from "./randomize";

export interface ValidateOptions {
  /** Seeds the inputs and the random weights. Default 0. */
  seed?: number;
  /** Overwrite the trainable variables with N(0, 0.5²) noise first, so that fresh (identity) layers are really tested. Default true. */
  randomize?: boolean;
  /** The noise's standard deviation. Default 0.5, right for one layer; deep stacks need less (0.05) or else their outputs leave float32's range of precision. */
  randomizeStd?: number;
  /** Which checks to run. Default: all. */
  checks?: readonly BijectorCheckName[];
}

export async function checkBijector(bijector: Bijector, options: ValidateOptions = {}): Promise<CheckResult[]> {
  const { seed = 0, randomize = true, randomizeStd = 0.5, checks = BIJECTOR_CHECK_NAMES } = options;
  if (randomize) randomizeVariables(bijector.trainableVariables(), seed + 1, randomizeStd);
  const inputs = checkInputs(bijector.dim, seed);
  const results: CheckResult[] = [];
  for (const name of checks) results.push(await BIJECTOR_CHECKS[name](bijector, inputs));
  return results;
}

/** A bijector failed one or more checks; `results` holds them all. */
export class BijectorCheckError extends Error {
  override name = "BijectorCheckError";
  constructor(readonly results: CheckResult[]) {
    super(`${results.filter((r) => !r.passed).length} check(s) failed:\n${formatResults(results.filter((r) => !r.passed))}`);
  }
}

export async function expectValidBijector(bijector: Bijector, options: ValidateOptions = {}): Promise<CheckResult[]> {
  const results = await checkBijector(bijector, options);
  if (results.some((r) => !r.passed)) throw new BijectorCheckError(results);
  return results;
}
