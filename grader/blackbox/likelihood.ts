/**
 * The minimum-likelihood check, black-box.
 *
 *   1. A subject builds a RealNVP from the student's AffineCoupling (the library's couplingFlow:
 *      alternating masks), trains it with the student's nllLoss for a FIXED number of Adam steps
 *      on the training split, and answers with the trained weights.
 *   2. The grader measures the held-out NLL itself (trained-flow.ts): fresh subjects evaluate
 *      z = f(x) on held-out points drawn from the grader's secret (secret.ts: the student release
 *      has a public stand-in, so nobody can regenerate them; the training subject never sees them),
 *      with the rows of its finite differences among decoys, and invert z; the grader computes, in
 *      float64,  NLL = −(1/N) Σ_i [ log N(z_i; 0, I) + log|det J_f(x_i)| ]  with its own J, and
 *      requires f⁻¹(f(x)) ≈ x (injectivity on the held-out points) and the same z for a point
 *      whatever batch it came in (a row-wise map).
 *
 * Why no trick beats a good flow (grader/README.md has the full argument): for an injective,
 * differentiable f, p(x) = N(f(x)) |det J_f(x)| integrates to at most 1, so it is a (sub-)density;
 * its average log on fresh samples from the data distribution cannot exceed the negative entropy
 * of that distribution in expectation (Gibbs). A map that is not injective, not smooth at the
 * grader's step sizes, or not row-wise is caught by step 2.
 */
import { makeDataset, type DatasetName } from "../../src/datasets/index";
import type { LikelihoodConfig } from "../../src/checks/likelihood-check";
import { currentLanguage, formatFixed, message, text } from "../../src/i18n";
import { readApi } from "./read-answers";
import { secretSeed } from "./secret";
import { toRows } from "./rows";
import { heldOutNll, readTrainedWeights, runLikelihoodJob, type Timing, type TrainedFlowEnv } from "./trained-flow";
import { notCheckedVerdict, thresholdComparison, type Verdict } from "./verdict";
import { mlpShapes } from "./weights";

/** Relative finite-difference step for the trained flow's log-det (data on the scale of 1). */
export const LIKELIHOOD_FD_STEP = 1e-3;

export interface LikelihoodVerdict extends Verdict, Partial<Timing> {
  heldOutNll?: number;
}

export interface LikelihoodEnv extends TrainedFlowEnv {
  couplingModule: string;
  lossModule: string;
}

/**
 * The held-out points and as many decoys, fresh samples of the dataset drawn from the grader's
 * secret: no one without the autograder's rubric can reproduce them (the training split keeps the
 * public seed: students train on it anyway).
 */
export function secretHeldOut(dataset: DatasetName, nTest: number, seed: number, secret: string): { points: number[][]; decoys: number[][] } {
  const drawn = makeDataset(dataset, { nTrain: nTest, nTest, seed: secretSeed(secret, "held-out", dataset, seed) });
  return { points: drawn.test.map((p) => [...p]), decoys: drawn.train.map((p) => [...p]) };
}

/** The flow's fixed name (it salts the held-out stencils); messages name it in the current language, text("flow.realnvp"). */
export const LIKELIHOOD_SUBJECT = "RealNVP(your AffineCoupling, your nllLoss)";

export async function gradeLikelihood(cfg: LikelihoodConfig, env: LikelihoodEnv): Promise<LikelihoodVerdict> {
  const subject = text("flow.realnvp");
  const dim = 2;
  const data = makeDataset(cfg.dataset, { nTrain: cfg.nTrain, nTest: 1, seed: cfg.seed });
  const heldOut = secretHeldOut(cfg.dataset, cfg.nTest, cfg.seed, env.secret);
  const build = { kind: "coupling-flow" as const, module: env.couplingModule, className: "AffineCoupling", dim, layers: cfg.layers, hidden: cfg.hidden };
  const shapes = Array.from({ length: cfg.layers }, () => mlpShapes(dim, cfg.hidden, 2)).flat();

  const training = await runLikelihoodJob(env, { kind: "train", backend: env.backend, build, lossModule: env.lossModule, data: toRows(data.train), steps: cfg.steps, batchSize: cfg.batchSize, learningRate: cfg.learningRate, seed: cfg.seed });
  const api = readApi(training);
  if (api && !api.ok) return notCheckedVerdict(subject, api.problem, { notImplemented: api.notImplemented });
  const trained = readTrainedWeights(subject, training, shapes, env.limits);
  if ("verdict" in trained) return trained.verdict;
  const { timing } = trained;
  const held = await heldOutNll(env, { subject, seedLabel: LIKELIHOOD_SUBJECT, build, weights: trained.weights, weightShapes: shapes, points: heldOut.points, decoys: heldOut.decoys, what: text("what.held-out-data"), fdStep: LIKELIHOOD_FD_STEP });
  if ("verdict" in held) return { ...held.verdict, ...timing };
  const nll = held.nll;
  const passed = nll <= cfg.threshold;
  return {
    passed,
    measured: nll,
    tolerance: cfg.threshold,
    heldOutNll: nll,
    ...timing,
    message: message("verdict.likelihood", { subject, dataset: cfg.dataset, steps: String(timing.trainedSteps), rough: formatFixed(100 * held.rough, 1, currentLanguage()), measured: nll, comparison: thresholdComparison(nll, passed, cfg.threshold) }),
    hint: passed ? undefined : text("hint.likelihood.grader"),
  };
}
