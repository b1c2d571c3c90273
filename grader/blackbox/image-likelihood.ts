/**
 * The image likelihood check (exercises (d), (e); issue 10 item 4), black-box, on the pattern of
 * the moons likelihood (likelihood.ts):
 *
 *   1. A subject builds the library's multiscaleFlow from the student's ActNorm and
 *      Invertible1x1Conv (dense conditioners), initialises its ActNorms on the first batch, and
 *      trains it for a FIXED number of Adam steps with the library's dequantized NLL on small
 *      digits; it answers with the trained weights.
 *   2. As for the moons (trained-flow.ts), fresh subjects evaluate z = f(y) on the grader's held-out
 *      y = (x + u)/K, with the rows of the grader's finite differences among decoys, and invert z.
 *      The digits x are a secret choice among the images the training split leaves out, and the
 *      noise u is secret too (secret.ts): no point y can be reproduced without the autograder's
 *      rubric. The images themselves come from a public corpus (src/datasets/digits.ts).
 *   3. The grader computes, in float64, NLL_Y = −mean[log N(z) + log|det J|] with its own
 *      Jacobian, and bits/dim = (NLL_Y + D ln K)/(D ln 2) (dequantization-float64.ts), after
 *      checking f⁻¹(f(y)) ≈ y and that a point's z does not depend on its batch.
 *
 * Images: the 7×7 digits (4×4 block means) cropped to 6×6 (D = 36), so that a squeeze gives
 * 3×3×4 and the 1×1 convolutions act on 4 and 2 channels; the finite differences then cost 4·36
 * forward rows per held-out point, and training a few seconds on wasm. The soundness argument of
 * the moons check holds unchanged (an injective smooth f gives a sub-density of y, and bits/dim is
 * an affine function of its NLL).
 */
import { loadDigits } from "../../src/datasets/digits";
import { currentLanguage, formatFixed, message, text } from "../../src/i18n";
import { thresholdComparison } from "./verdict";
import { Rng } from "../../src/random/prng";
import { graderBitsPerDim } from "./dequantization-float64";
import { permutation, secretRng } from "./secret";
import type { BuildSpec } from "../subject/protocol";
import type { LikelihoodVerdict } from "./likelihood";
import { readApi } from "./read-answers";
import { toRows } from "./rows";
import { diedDuring, heldOutNll, readTrainedWeights, runLikelihoodJob, type TrainedFlowEnv } from "./trained-flow";
import { failedVerdict } from "./verdict";

export interface ImageLikelihoodConfig {
  /** Digits are loaded at 7×7 and cropped to crop×crop (top-left). */
  crop: number;
  nTrain: number;
  nTest: number;
  /** multiscaleFlow's levels and steps per scale, and the dense conditioners' width. */
  levels: number;
  steps: number;
  hidden: number;
  trainSteps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Pass when the held-out bits/dim is at or below this. */
  threshold: number;
  /**
   * α of a Logit layer in front of the flow (src/bijectors/image/logit.ts), as notebook 05 trains
   * since issue 18; absent: no Logit layer. The grader's finite differences step by 1e-4 around
   * y ≥ 0, so α must keep p = α + (1 − 2α)(y − h) > 0: 0.05 (RealNVP's value) does.
   */
  logitAlpha?: number;
}

export const IMAGE_LIKELIHOOD_SUBJECT = "Glow-style flow(your ActNorm, your Invertible1x1Conv)";
/**
 * Relative finite-difference step of the trained image flow's log-det. Its conditioners are ReLU
 * networks: a kink within ±h of a point along any of its 36 coordinates spoils that point's
 * estimate, and at the moons check's 1e-3 that happened at 16% of the held-out digits. 1e-4 makes
 * it 10× rarer while float32 rounding (≈ 1.2e-7 · |z| / h per Jacobian entry, |z| of order 1 to 10)
 * stays far below the log-det tolerance.
 */
export const IMAGE_FD_STEP = 1e-4;
/** Rows per forward call of the evaluation (each answer line stays well under the 16 MB line limit). */
const CHUNK_ROWS = 6000;
/** Pixel levels: 8-bit digits. */
export const IMAGE_LEVELS = 256;

/** The split as integer rows of crop×crop pixels (the top-left crop of the 7×7 digits). */
export async function croppedDigits(cfg: Pick<ImageLikelihoodConfig, "crop" | "nTrain" | "nTest" | "seed">): Promise<{ train: number[][]; test: number[][] }> {
  const data = await loadDigits({ size: 7, nTrain: cfg.nTrain, nTest: cfg.nTest, seed: cfg.seed });
  const rows = (split: typeof data.train) =>
    Array.from({ length: split.count }, (_, i) => {
      const row: number[] = [];
      for (let r = 0; r < cfg.crop; r++) for (let c = 0; c < cfg.crop; c++) row.push(split.images[i * 49 + r * 7 + c]);
      return row;
    });
  return { train: rows(data.train), test: rows(data.test) };
}

/** Images left out of training among which the held-out digits and the decoys are chosen, per held-out digit. */
const POOL_PER_HELD_OUT = 4;

/**
 * The held-out y = (x + u)/K and half as many decoys: digits chosen by the grader's secret among the
 * `pool` images that training leaves out, u drawn from the secret.
 */
export function heldOutPoints(pool: readonly number[][], nTest: number, rng: Rng): { points: number[][]; decoys: number[][] } {
  const order = permutation(pool.length, rng);
  const y = (i: number) => pool[i].map((x) => (x + rng.uniform()) / IMAGE_LEVELS);
  return { points: order.slice(0, nTest).map(y), decoys: order.slice(nTest, nTest + Math.ceil(nTest / 2)).map(y) };
}

export interface ImageLikelihoodEnv extends TrainedFlowEnv {
  actNormModule: string;
  convModule: string;
}

export async function gradeImageLikelihood(cfg: ImageLikelihoodConfig, env: ImageLikelihoodEnv): Promise<LikelihoodVerdict> {
  const subject = IMAGE_LIKELIHOOD_SUBJECT;
  const shape = { height: cfg.crop, width: cfg.crop, channels: 1 };
  const dim = cfg.crop * cfg.crop;
  const data = await croppedDigits({ ...cfg, nTest: POOL_PER_HELD_OUT * cfg.nTest });
  const build: Extract<BuildSpec, { kind: "image-flow" }> = { kind: "image-flow", module: env.actNormModule, className: "ActNorm", convModule: env.convModule, shape, levels: cfg.levels, steps: cfg.steps, hidden: cfg.hidden, seed: cfg.seed, logitAlpha: cfg.logitAlpha };
  const training = await runLikelihoodJob(env, { kind: "image-train", backend: env.backend, build, data: toRows(data.train), levels: IMAGE_LEVELS, steps: cfg.trainSteps, batchSize: cfg.batchSize, learningRate: cfg.learningRate, seed: cfg.seed });
  const api = readApi(training);
  if (!api) return diedDuring(subject, training, "training", env.limits);
  if (!api.ok) return failedVerdict(`${subject}: not checked: ${api.problem}`, { notImplemented: api.notImplemented });
  const shapes = api.variableShapes;
  if (!shapes || shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0) > 1_000_000) return failedVerdict(`${subject}: the flow's variables could not be read`);
  const trained = readTrainedWeights(subject, training, shapes, env.limits);
  if ("verdict" in trained) return trained.verdict;
  const { timing } = trained;
  const y = heldOutPoints(data.test, cfg.nTest, secretRng(env.secret, "held-out digits", cfg.seed));
  const held = await heldOutNll(env, { subject, build, weights: trained.weights, weightShapes: shapes, points: y.points, decoys: y.decoys, what: "held-out digits", fdStep: IMAGE_FD_STEP, chunkRows: CHUNK_ROWS });
  if ("verdict" in held) return { ...held.verdict, ...timing };
  const nll = held.nll;
  const bpd = Number.isFinite(nll) ? graderBitsPerDim(nll, dim, IMAGE_LEVELS) : NaN;
  const passed = bpd <= cfg.threshold;
  return {
    passed,
    measured: bpd,
    tolerance: cfg.threshold,
    heldOutNll: bpd,
    ...timing,
    message: message("verdict.image-likelihood", { subject, crop: String(cfg.crop), steps: String(timing.trainedSteps), rough: formatFixed(100 * held.rough, 1, currentLanguage()), measured: bpd, comparison: thresholdComparison(bpd, passed, cfg.threshold) }),
    hint: passed ? undefined : text("hint.image-likelihood"),
  };
}
