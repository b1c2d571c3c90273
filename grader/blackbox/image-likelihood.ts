/**
 * The image likelihood check (exercises (d), (e); issue 10 item 4), black-box, on the pattern of
 * the moons likelihood (likelihood.ts):
 *
 *   1. A subject builds the library's multiscaleFlow from the student's ActNorm and
 *      Invertible1x1Conv with NO coupling (affineCoupling: "none"): a linear Glow-style flow,
 *      Logit → ActNorm → 1×1 conv (where C ≥ 2) steps, squeeze, split. Only (d) and (e) decide its
 *      grade, and the subject's runtime holds no coupling layer (no answer to exercise (b); issue
 *      16). It initialises the ActNorms on the first batch and trains the flow for a FIXED number of
 *      Adam steps on the dequantized NLL of small digits (subject/image-train-job.ts); it answers
 *      with the trained weights.
 *   2. As for the moons (trained-flow.ts), fresh subjects evaluate z = g(x) with the trained weights,
 *      where g is the same flow WITHOUT its Logit and x = logit(α + (1 − 2α) y) is computed by the
 *      grader in float64 (logit-float64.ts) from its held-out y = (x + u)/K, with the rows of the
 *      grader's finite differences among decoys, and invert z. The digits are a secret choice among
 *      the images the training split leaves out, and the noise u is secret too (secret.ts): no point
 *      can be reproduced without the autograder's rubric. The images themselves come from a public
 *      corpus (src/datasets/digits.ts).
 *   3. The grader computes, in float64,
 *        NLL_Y = −mean[ log N(z) + log|det J_g(x)| + Σ_i log|dx_i/dy_i| ]
 *      with its own finite-difference Jacobian of g and the logit's exact log-det, and
 *      bits/dim = (NLL_Y + D ln K)/(D ln 2) (dequantization-float64.ts), after checking
 *      g⁻¹(g(x)) ≈ x and that a point's z does not depend on its batch.
 *
 * Images: the 7×7 digits (4×4 block means) cropped to 6×6 (D = 36), so that a squeeze gives
 * 3×3×4 and the 1×1 convolutions act on 4 and 2 channels; the finite differences then cost 4·36
 * forward rows per held-out point. The soundness argument of the moons check holds unchanged (an
 * injective smooth g gives a sub-density of x, the logit is an exact bijection of (0, 1)^D, and
 * bits/dim is an affine function of the NLL).
 *
 * Why a linear flow separates right from wrong: its likelihood is a Gaussian's in logit space, and
 * the fit it reaches in a fixed number of steps depends on every log-det being right: a log-det
 * that is missing H·W, detached from its parameters, or taken from the wrong diagonal trains the
 * scales towards another objective (grader/README.md has the calibrated numbers).
 */
import { loadDigits } from "../../src/datasets/digits";
import { currentLanguage, formatFixed, message, text } from "../../src/i18n";
import { Rng } from "../../src/random/prng";
import { graderBitsPerDim } from "./dequantization-float64";
import { graderLogit, graderLogitLogDet } from "./logit-float64";
import { permutation, secretRng } from "./secret";
import type { LikelihoodVerdict } from "./likelihood";
import { readApi } from "./read-answers";
import { toRows } from "./rows";
import { diedDuring, heldOutNll, readTrainedWeights, runLikelihoodJob, type TrainedFlowEnv } from "./trained-flow";
import { failedVerdict, notCheckedVerdict, thresholdComparison } from "./verdict";

export interface ImageLikelihoodConfig {
  /** Digits are loaded at 7×7 and cropped to crop×crop (top-left). */
  crop: number;
  nTrain: number;
  nTest: number;
  /** multiscaleFlow's levels and steps per scale (a step: ActNorm, then a 1×1 conv where C ≥ 2). */
  levels: number;
  steps: number;
  trainSteps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Pass when the held-out bits/dim is at or below this. */
  threshold: number;
  /**
   * α of the Logit layer in front of the flow (src/bijectors/image/logit.ts), as notebook 05 trains
   * since issue 18: the subject trains through it, the grader applies it itself (logit-float64.ts).
   */
  logitAlpha: number;
}

/** The flow's fixed name; messages name it in the current language, text("flow.linear-glow"). */
export const IMAGE_LIKELIHOOD_SUBJECT = "linear Glow-style flow(Logit, your ActNorm, your Invertible1x1Conv)";
/**
 * Relative finite-difference step of the trained image flow's log-det, in logit space (steps of
 * h · max(1, |x|)). A correct flow without its Logit is linear, so its differences are exact at any
 * step but for float32 rounding, ≈ 1.2e-7 · |z| / h per Jacobian entry. A wrong log-det can train
 * the flow into an ill-conditioned map (conv-logdet-wrong-diag): at h = 1e-2 that fixture was "too
 * rough to measure" at 6.5% of the points, at 1e-1 it is measured (6.71 bits/dim) with none rough,
 * and the solutions' figures do not change. A non-linear layer is still measured soundly
 * (Richardson's two step sizes; rough points never count better than an average one).
 */
export const IMAGE_FD_STEP = 1e-1;
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
  const subject = text("flow.linear-glow");
  const shape = { height: cfg.crop, width: cfg.crop, channels: 1 };
  const dim = cfg.crop * cfg.crop;
  const data = await croppedDigits({ ...cfg, nTest: POOL_PER_HELD_OUT * cfg.nTest });
  const flow = { module: env.actNormModule, className: "ActNorm", convModule: env.convModule, shape, levels: cfg.levels, steps: cfg.steps, seed: cfg.seed };
  const training = await runLikelihoodJob(env, { kind: "image-train", backend: env.backend, build: { kind: "image-flow", ...flow, logitAlpha: cfg.logitAlpha }, data: toRows(data.train), levels: IMAGE_LEVELS, steps: cfg.trainSteps, batchSize: cfg.batchSize, learningRate: cfg.learningRate, seed: cfg.seed });
  const api = readApi(training);
  if (!api) return diedDuring(subject, training, text("stage.training"), env.limits);
  if (!api.ok) return notCheckedVerdict(subject, api.problem, { notImplemented: api.notImplemented });
  const shapes = api.variableShapes;
  if (!shapes || shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0) > 1_000_000) return failedVerdict(message("fail.flow-variables", { subject }));
  const trained = readTrainedWeights(subject, training, shapes, env.limits);
  if ("verdict" in trained) return trained.verdict;
  const { timing } = trained;
  const y = heldOutPoints(data.test, cfg.nTest, secretRng(env.secret, "held-out digits", cfg.seed));
  const logit = (rows: number[][]) => rows.map((r) => graderLogit(r, cfg.logitAlpha));
  // The same flow without its Logit, on x = logit(α + (1 − 2α) y) from the grader (a Logit has no variables: the weights are the same).
  const held = await heldOutNll(env, { subject, seedLabel: IMAGE_LIKELIHOOD_SUBJECT, build: { kind: "image-flow", ...flow }, weights: trained.weights, weightShapes: shapes, points: logit(y.points), decoys: logit(y.decoys), what: text("what.held-out-digits"), fdStep: IMAGE_FD_STEP, chunkRows: CHUNK_ROWS });
  if ("verdict" in held) return { ...held.verdict, ...timing };
  const nll = held.nll - y.points.reduce((s, r) => s + graderLogitLogDet(r, cfg.logitAlpha), 0) / y.points.length;
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
