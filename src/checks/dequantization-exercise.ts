/**
 * The checks of exercise (f), dequantization and bits per dimension, against values recorded from
 * the reference solutions for the public inputs (recorded.ts: the course ships the numbers, never
 * code that computes them; the grader re-derives the same verdicts from numbers in its own float64
 * arithmetic, grader/blackbox).
 *
 *   api           exports uniformDequantize, discreteBitsPerDim and dequantizedNllLoss
 *   dequantize    max |uniformDequantize(x, u, K) − (x + u)/K|  on integer pixels and given noise
 *   bits-per-dim  discreteBitsPerDim(nll, D, K) = (nll + D ln K)/(D ln 2), relative error, on
 *                 several (nll, D, K), including the uniform density (nll = 0 → exactly log₂ K)
 *   nll-loss      |dequantizedNllLoss(flow, x, u, K) − mean(−log p_Y((x + u)/K))| on a trusted
 *                 flow with a nonzero log-det, and a scalar (here log p_Y is your exercise (c)'s
 *                 flowLogProb, which dequantization.ts imports; the grader gives it a flowLogProb
 *                 of its own, so that (f) is graded apart from (c))
 *
 * Cases: pixel count D, levels K and a seed. The public case is D = 16, K = 256; hidden cases live
 * in grader/rubric.json.
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
import { maxAbsDiff } from "./max-abs-diff";
import { randomizeVariables } from "./randomize";
import { recordedDequantizationValues } from "./recorded";

export const DEQUANTIZATION_CHECK_NAMES = ["api", "dequantize", "bits-per-dim", "nll-loss"] as const;
export type DequantizationCheckName = (typeof DEQUANTIZATION_CHECK_NAMES)[number];

export const DEQUANTIZATION_HINTS = hintTable("hint.dequantization.", ["dequantize", "bits-per-dim", "nll-loss"]);

/** One case: D pixels per row, K levels, and the seed of pixels, noise and the trusted flow. */
export interface DequantizationCase {
  dim: number;
  levels: number;
  seed: number;
}

export const PUBLIC_DEQUANTIZATION_CASES: readonly DequantizationCase[] = [{ dim: 16, levels: 256, seed: 51 }];

/** Seeded integer pixels 0 … K−1 (with both extremes present) and noise in [0, 1), `rows` × D. */
export function dequantizationInputs(c: DequantizationCase, rows = 32): { pixels: number[][]; noise: number[][] } {
  const rng = new Rng(c.seed);
  const pixels = Array.from({ length: rows }, () => Array.from({ length: c.dim }, () => Math.min(c.levels - 1, Math.floor(rng.uniform() * c.levels))));
  pixels[0][0] = 0;
  pixels[0][c.dim - 1] = c.levels - 1;
  const noise = Array.from({ length: rows }, () => Array.from({ length: c.dim }, () => Math.min(rng.uniform(), 1 - 2 ** -24)));
  return { pixels, noise };
}

/** (nll, D, K) triples for bits/dim: the uniform density first (NLL 0 → log₂ K), then others, some negative. */
export function bitsPerDimTriples(c: DequantizationCase): [number, number, number][] {
  const rng = new Rng(c.seed + 1);
  return [
    [0, c.dim, c.levels],
    [-c.dim * Math.log(c.levels) * 0.75, c.dim, c.levels],
    [100 * rng.normal(), c.dim, c.levels],
    [37.5 + 10 * rng.uniform(), 784, 256],
    [-12.25, 3, 2],
  ];
}

/** The trusted flow of the nll-loss check: scale, reverse, scale, with seeded log-scales (a nonzero log-det). */
export function trustedDequantizationFlow(dim: number, seed: number): Bijector {
  const flow = new Chain([new DiagonalScale(dim), new Permutation(Array.from({ length: dim }, (_, i) => dim - 1 - i)), new DiagonalScale(dim)]);
  randomizeVariables(flow.trainableVariables(), seed, 0.3);
  return flow;
}

type DequantizationModule = {
  uniformDequantize: (pixels: tf.Tensor2D, noise: tf.Tensor2D, levels?: number) => tf.Tensor2D;
  discreteBitsPerDim: (nllNats: number, dim: number, levels?: number) => number;
  dequantizedNllLoss: (flow: Bijector, pixels: tf.Tensor2D, noise: tf.Tensor2D, levels?: number) => tf.Scalar;
};

const FUNCTIONS = ["uniformDequantize", "discreteBitsPerDim", "dequantizedNllLoss"] as const;

export async function checkDequantizationExercise(module: Record<string, unknown>, options: { cases?: readonly DequantizationCase[] } = {}): Promise<CheckResult[]> {
  const { cases = PUBLIC_DEQUANTIZATION_CASES } = options;
  if (cases.length === 0) throw new RangeError("checkDequantizationExercise: 'cases' must list at least one case.");
  const subject = "dequantization";
  const missing = FUNCTIONS.filter((f) => typeof module[f] !== "function");
  if (missing.length) {
    const problem = message("subject.missing-functions", { names: missing.join(", ") });
    return DEQUANTIZATION_CHECK_NAMES.map((check) => ({ check, subject, passed: false, message: check === "api" ? `${subject}: ${problem}` : message("verdict.not-checked.paren", { subject, problem }) }));
  }
  const m = module as unknown as DequantizationModule;
  const results: CheckResult[] = [{ check: "api", subject, passed: true, message: message("pass.api.dequantization", { subject }) }];
  const perCheck: Record<string, CheckResult[]> = { dequantize: [], "bits-per-dim": [], "nll-loss": [] };
  for (const c of cases) {
    const { pixels, noise } = dequantizationInputs(c);
    const recorded = () => recordedDequantizationValues(c);
    const name = `uniformDequantize(D=${c.dim}, K=${c.levels})`;
    perCheck.dequantize.push(
      await guarded("dequantize", name, async () => {
        const x = tf.tensor2d(pixels);
        const u = tf.tensor2d(noise);
        try {
          const y = m.uniformDequantize(x, u, c.levels);
          if (!(y instanceof tf.Tensor) || y.shape.join() !== x.shape.join()) return { check: "dequantize", subject: name, passed: false, message: message("fail.lib.pixels-shape", { name, shape: String(x.shape) }) };
          const worst = await maxAbsDiff(y, recorded().dequantized);
          y.dispose();
          return measuredResult("dequantize", name, text("what.lib.dequantize"), worst, TOLERANCES.dequantized, DEQUANTIZATION_HINTS.dequantize);
        } finally {
          tf.dispose([x, u]);
        }
      }),
    );
    const bname = `discreteBitsPerDim(D=${c.dim}, K=${c.levels})`;
    perCheck["bits-per-dim"].push(
      await guarded("bits-per-dim", bname, async () => {
        let worst = 0;
        const expected = recorded().bitsPerDim;
        for (const [i, [nll, dim, levels]] of bitsPerDimTriples(c).entries()) {
          const got = m.discreteBitsPerDim(nll, dim, levels);
          const want = expected[i];
          const err = typeof got === "number" ? Math.abs(got - want) / Math.max(1, Math.abs(want)) : NaN;
          worst = Number.isNaN(err) || err > worst ? err : worst;
          if (Number.isNaN(worst)) break;
        }
        return measuredResult("bits-per-dim", bname, message("what.lib.bits-per-dim", { what: text("what.bits-per-dim") }), worst, TOLERANCES.bitsPerDim, DEQUANTIZATION_HINTS["bits-per-dim"]);
      }),
    );
    const lname = `dequantizedNllLoss(D=${c.dim}, K=${c.levels})`;
    perCheck["nll-loss"].push(
      await guarded("nll-loss", lname, async () => {
        const flow = trustedDequantizationFlow(c.dim, c.seed + 2);
        const x = tf.tensor2d(pixels);
        const u = tf.tensor2d(noise);
        try {
          const loss = m.dequantizedNllLoss(flow, x, u, c.levels);
          if (!(loss instanceof tf.Tensor) || loss.rank !== 0) return { check: "nll-loss", subject: lname, passed: false, message: loss instanceof tf.Tensor ? message("fail.lib.scalar.shape", { name: lname, shape: String(loss.shape) }) : message("fail.lib.scalar.type", { name: lname, type: typeof loss }), hint: DEQUANTIZATION_HINTS["nll-loss"] };
          const got = (await loss.data())[0];
          loss.dispose();
          const w = recorded().nllLoss;
          return measuredResult("nll-loss", lname, text("what.lib.dequantized-nll"), Math.abs(got - w), TOLERANCES.nllValue * Math.max(1, Math.abs(w)), DEQUANTIZATION_HINTS["nll-loss"]);
        } finally {
          tf.dispose([x, u]);
          flow.dispose();
        }
      }),
    );
  }
  for (const check of ["dequantize", "bits-per-dim", "nll-loss"]) results.push(combineResults(check, subject, perCheck[check]));
  return results;
}
