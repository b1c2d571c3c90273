/**
 * The minimum-likelihood check: a RealNVP built from the student's AffineCoupling, trained with
 * the student's nllLoss, must reach a held-out NLL at or below a threshold.
 *
 * The held-out NLL is measured independently of everything the student wrote except the map f
 * itself:
 *   NLL = −(1/N) Σ_i [ log N(f(x_i); 0, I) + log|det ∂f/∂x (x_i)| ]
 * with the log-det taken from the **autodiff Jacobian**, not from the layer's returned log-det,
 * and the Gaussian term from the student's `standardNormalLogProb` (exercise (c), whose own
 * checks compare it with values recorded from the solutions; the library has no copy of it, and
 * the grader measures this NLL with its own float64 arithmetic). A wrong log-det or a wrong loss therefore cannot buy a
 * pass: it only trains the flow towards the wrong objective. The change of variables needs f to
 * be a bijection, so the check also requires f⁻¹(f(x)) ≈ x on the held-out data.
 */
import { message, text } from "../i18n/catalogue";
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { makeDataset, type DatasetName } from "../datasets/index";
import { couplingFlow, type CouplingClass } from "../flows/coupling-flow";
import { train, type LossFn } from "../train/train";
import { TOLERANCES } from "../tolerances";
import { guarded, type CheckResult } from "./check-result";
import { autodiffLogAbsDet } from "./jacobian";

export interface LikelihoodConfig {
  dataset: DatasetName;
  nTrain: number;
  nTest: number;
  layers: number;
  hidden: number[];
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Pass when the held-out NLL (nats) is at or below this. */
  threshold: number;
  /**
   * In-process use only (a notebook that must not run for ever): training stops when this much
   * time has passed. The grader never sets it: it always trains all `steps`, so the same
   * submission gets the same result on an idle and on a busy machine.
   */
  timeBudgetMs?: number;
}

/** log N(z; 0, I) per row: exercise (c)'s standardNormalLogProb. */
export type StandardNormalLogProb = (z: tf.Tensor2D) => tf.Tensor1D;

/** −mean log p(x) with the autodiff log-det and `gaussian` = log N(z; 0, I); also the worst round-trip error on x. */
export async function independentNll(flow: Bijector, x: tf.Tensor2D, gaussian: StandardNormalLogProb): Promise<{ nll: number; roundTrip: number }> {
  const logDets = await autodiffLogAbsDet((v) => flow.forward(v).output, x);
  const { gauss, roundTrip } = tf.tidy(() => {
    const z = flow.forward(x).output;
    return { gauss: gaussian(z), roundTrip: tf.max(tf.abs(tf.sub(flow.inverse(z).output, x))) };
  });
  const g = await gauss.data();
  const rt = (await roundTrip.data())[0];
  tf.dispose([gauss, roundTrip]);
  let total = 0;
  for (let i = 0; i < g.length; i++) total += g[i] + logDets[i];
  return { nll: -total / g.length, roundTrip: rt };
}

export interface LikelihoodResult extends CheckResult {
  heldOutNll?: number;
  trainedSteps?: number;
  trainingMs?: number;
}

export async function checkLikelihood(coupling: Record<string, unknown>, nll: Record<string, unknown>, config: LikelihoodConfig): Promise<LikelihoodResult> {
  const subject = text("flow.realnvp");
  const out: LikelihoodResult = { check: "likelihood", subject, passed: false, message: "" };
  const result = await guarded("likelihood", subject, async () => {
    const Coupling = coupling.AffineCoupling as CouplingClass | undefined;
    const lossFn = nll.nllLoss as LossFn | undefined;
    const gaussian = nll.standardNormalLogProb as StandardNormalLogProb | undefined;
    if (typeof Coupling !== "function" || typeof lossFn !== "function" || typeof gaussian !== "function") {
      return { ...out, message: message("fail.lib.likelihood-needs", { subject }) };
    }
    const data = makeDataset(config.dataset, { nTrain: config.nTrain, nTest: config.nTest, seed: config.seed });
    const flow = couplingFlow(Coupling, { dim: 2, layers: config.layers, hidden: config.hidden, seed: config.seed });
    const x = tf.tensor2d(data.test);
    try {
      const t = await train(flow, data.train, {
        lossFn, steps: config.steps, batchSize: config.batchSize, learningRate: config.learningRate, seed: config.seed, timeBudgetMs: config.timeBudgetMs,
      });
      out.trainedSteps = t.steps;
      out.trainingMs = t.elapsedMs;
      const { nll: heldOut, roundTrip } = await independentNll(flow, x, gaussian);
      out.heldOutNll = heldOut;
      out.measured = heldOut;
      out.tolerance = config.threshold;
      const budget = t.stoppedBy === "timeBudget" ? message("lib.likelihood-budget", { seconds: (config.timeBudgetMs ?? 0) / 1000, steps: String(t.steps), total: String(config.steps) }) : "";
      if (!(roundTrip <= TOLERANCES.trainedFlowRoundTrip)) {
        return { ...out, message: message("fail.lib.not-invertible", { subject, roundTrip }) };
      }
      const passed = heldOut <= config.threshold;
      return {
        ...out,
        passed,
        message: `${message("verdict.lib.likelihood", { subject, dataset: config.dataset, steps: String(t.steps), measured: heldOut, comparison: message(passed ? "compare.threshold.pass" : "compare.threshold.fail", { threshold: config.threshold }) })}${budget}`,
        hint: passed ? undefined : text("hint.likelihood"),
      };
    } finally {
      x.dispose();
      flow.dispose();
    }
  });
  return { ...out, ...result };
}
