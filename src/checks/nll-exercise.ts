/**
 * The checks of exercise (c), the log-probability and the NLL loss, against values recorded from
 * the reference solutions for the public inputs (recorded.ts: the course ships the numbers, never
 * code that computes them), on flows built only from trusted library bijectors (so a student's
 * coupling bug cannot hide a loss bug, or the other way round).
 *
 *   api                        exports standardNormalLogProb, flowLogProb and nllLoss
 *   standard-normal-log-prob   max |student − (−½|z|² − (D/2) log 2π)|  on fixed z
 *   flow-log-prob              max |student − (log N(f(x)) + log|det J|)|  with a nonzero log-det
 *   nll-loss                   |student − mean(−log p(x))|, and a scalar
 *   nll-gradients              the loss gives every flow variable a finite, non-null gradient
 *   no-leak                    repeated loss evaluations leave no tensor behind
 *
 * The public case (D = 2) lives here; the grader's hidden cases live in grader/rubric.json and
 * are passed in as `cases`.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { Chain } from "../bijectors/chain";
import { DiagonalScale } from "../bijectors/diagonal-scale";
import { Permutation } from "../bijectors/permutation";
import { Rng } from "../random/prng";
import { TOLERANCES } from "../tolerances";
import { hintTable, message, text } from "../i18n/catalogue";
import { guarded, measuredResult, type CheckResult } from "./check-result";
import { combineResults } from "./combine";
import { gradientProblems } from "./gradients";
import { maxAbsDiff } from "./max-abs-diff";
import { randomizeVariables } from "./randomize";
import { recordedNllValues } from "./recorded";

export const NLL_CHECK_NAMES = ["api", "standard-normal-log-prob", "flow-log-prob", "nll-loss", "nll-gradients", "no-leak"] as const;
export type NllCheckName = (typeof NLL_CHECK_NAMES)[number];

/** What to look at when a check of exercise (c) fails (the grader gives the same hints). */
export const NLL_HINTS = hintTable("hint.nll.", ["standard-normal-log-prob", "flow-log-prob", "nll-loss", "nll-gradients", "no-leak"]);

/** One case: the data dimension D and the seed of the inputs and the trusted flow. */
export interface NllCase {
  dim: number;
  seed: number;
}

/** The case students run (notebooks, `flowgrade check`). */
export const PUBLIC_NLL_CASES: readonly NllCase[] = [{ dim: 2, seed: 31 }];

interface NllModule {
  standardNormalLogProb: (z: tf.Tensor2D) => tf.Tensor1D;
  flowLogProb: (flow: Bijector, x: tf.Tensor2D) => tf.Tensor1D;
  nllLoss: (flow: Bijector, x: tf.Tensor2D) => tf.Scalar;
}

/** The inputs of the value checks: z of standard-normal-log-prob (64 rows of 2·N(0, I)); flow-log-prob's and nll-loss's x by seed offset and rows. */
export function standardNormalInput(dim: number, seed: number): number[][] {
  return new Rng(seed).normalRows(64, dim).map((r) => r.map((v) => 2 * v));
}
export const NLL_VALUE_INPUTS = { flowLogProb: { offset: 1, rows: 64 }, nllLoss: { offset: 2, rows: 256 } } as const;

/**
 * Runs `body` on a trusted flow with a nonzero, input-independent log-det (scale, reverse,
 * scale) and `rows` seeded N(0, I) inputs; both are freed afterwards, also when the student's
 * code throws.
 */
export async function withTrustedFlow<T>(dim: number, seed: number, inputSeed: number, rows: number, body: (flow: Chain, x: tf.Tensor2D) => Promise<T>): Promise<T> {
  const flow = new Chain([new DiagonalScale(dim), Permutation.reverse(dim), new DiagonalScale(dim)]);
  randomizeVariables(flow.trainableVariables(), seed, 0.7);
  const x = tf.tensor2d(new Rng(inputSeed).normalRows(rows, dim));
  try {
    return await body(flow, x);
  } finally {
    x.dispose();
    flow.dispose();
  }
}

type CaseCheck = (m: NllModule, dim: number, seed: number) => Promise<CheckResult>;

const CASE_CHECKS: Record<Exclude<NllCheckName, "api">, CaseCheck> = {
  "standard-normal-log-prob": async (m, dim, seed) => {
    const want = recordedNllValues({ dim, seed }).standardNormalLogProb;
    const z = tf.tensor2d(standardNormalInput(dim, seed));
    let got: tf.Tensor1D | undefined;
    let err: number;
    try {
      got = m.standardNormalLogProb(z);
      err = got?.shape?.join() === String(want.length) ? await maxAbsDiff(got, want) : NaN;
    } finally {
      tf.dispose([z, ...(got instanceof tf.Tensor ? [got] : [])]);
    }
    return measuredResult("standard-normal-log-prob", "standardNormalLogProb", message("what.lib.shapes", { what: message("what.lib.for-dim", { what: text("what.nll.standard-normal"), dim: String(dim) }), shape: String(got?.shape), expected: String(want.length) }), err, TOLERANCES.nllValue,
      NLL_HINTS["standard-normal-log-prob"]);
  },
  "flow-log-prob": (m, dim, seed) =>
    withTrustedFlow(dim, seed, seed + NLL_VALUE_INPUTS.flowLogProb.offset, NLL_VALUE_INPUTS.flowLogProb.rows, async (flow, x) => {
      const want = recordedNllValues({ dim, seed }).flowLogProb;
      const got = m.flowLogProb(flow, x);
      const err = got?.shape?.join() === String(want.length) ? await maxAbsDiff(got, want) : NaN;
      tf.dispose(got);
      return measuredResult("flow-log-prob", "flowLogProb", message("what.lib.for-dim", { what: text("what.nll.flow-log-prob"), dim: String(dim) }), err, TOLERANCES.nllValue,
        NLL_HINTS["flow-log-prob"]);
    }),
  "nll-loss": (m, dim, seed) =>
    withTrustedFlow(dim, seed, seed + NLL_VALUE_INPUTS.nllLoss.offset, NLL_VALUE_INPUTS.nllLoss.rows, async (flow, x) => {
      const want = recordedNllValues({ dim, seed }).nllLoss;
      const got = m.nllLoss(flow, x);
      const err = got?.rank === 0 ? await maxAbsDiff(got, [want]) : NaN;
      const rank = got?.rank;
      tf.dispose(got);
      const what = message("what.lib.for-dim", { what: text("what.nll.loss"), dim: String(dim) });
      return measuredResult("nll-loss", "nllLoss", rank !== 0 ? message("what.lib.scalar-rank", { what, rank: String(rank) }) : what, err, TOLERANCES.nllValue, NLL_HINTS["nll-loss"]);
    }),
  "nll-gradients": (m, dim, seed) =>
    withTrustedFlow(dim, seed, seed + 3, 64, async (flow, x) => {
      const vars = flow.trainableVariables();
      const bad = await gradientProblems(() => m.nllLoss(flow, x), vars);
      return bad.length
        ? { check: "nll-gradients", subject: "nllLoss", passed: false, message: message("fail.lib.nll-gradients", { count: String(bad.length), total: String(vars.length) }), hint: NLL_HINTS["nll-gradients"] }
        : { check: "nll-gradients", subject: "nllLoss", passed: true, message: message("pass.lib.nll-gradients", { count: String(vars.length) }) };
    }),
  "no-leak": (m, dim, seed) =>
    withTrustedFlow(dim, seed, seed + 4, 32, async (flow, x) => {
      const once = () => tf.dispose([m.nllLoss(flow, x), m.flowLogProb(flow, x), m.standardNormalLogProb(x)]);
      once();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) once();
      const leaked = (tf.memory().numTensors - before) / 3;
      return measuredResult("no-leak", "nll.ts", text("what.nll.leak.tensors"), leaked, TOLERANCES.leakedTensors,
        NLL_HINTS["no-leak"]);
    }),
};

/** Runs the checks of exercise (c) on the given case set; one result per check name. */
export async function checkNllExercise(
  module: Record<string, unknown>,
  options: { cases?: readonly NllCase[]; checks?: readonly NllCheckName[] } = {},
): Promise<CheckResult[]> {
  const { cases = PUBLIC_NLL_CASES, checks = NLL_CHECK_NAMES } = options;
  const unknown = checks.filter((c) => !(NLL_CHECK_NAMES as readonly string[]).includes(c));
  if (unknown.length) throw new RangeError(`checkNllExercise: unknown check(s) ${unknown.join(", ")}; the checks are ${NLL_CHECK_NAMES.join(", ")}.`);
  if (cases.length === 0) throw new RangeError("checkNllExercise: 'cases' must list at least one case.");
  const missing = ["standardNormalLogProb", "flowLogProb", "nllLoss"].filter((n) => typeof module[n] !== "function");
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (check === "api") {
      results.push(missing.length
        ? { check, subject: "nll.ts", passed: false, message: `nll.ts: ${message("subject.missing-functions", { names: missing.join(", ") })}`, hint: text("hint.api.nll") }
        : { check, subject: "nll.ts", passed: true, message: text("pass.api.nll") });
      continue;
    }
    if (missing.length) {
      results.push({ check, subject: "nll.ts", passed: false, message: message("verdict.not-checked", { subject: "nll.ts", why: message("why.missing", { names: missing.join(", ") }) }) });
      continue;
    }
    const perCase = [];
    for (const { dim, seed } of cases) {
      perCase.push(await guarded(check, check === "no-leak" ? "nll.ts" : check === "standard-normal-log-prob" ? "standardNormalLogProb" : check === "flow-log-prob" ? "flowLogProb" : "nllLoss", () => CASE_CHECKS[check](module as unknown as NllModule, dim, seed)));
    }
    results.push(combineResults(check, perCase[0].subject, perCase));
  }
  return results;
}
