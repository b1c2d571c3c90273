/**
 * The minimum-likelihood check, black-box.
 *
 *   1. A subject builds a RealNVP from the student's AffineCoupling (the library's couplingFlow:
 *      alternating masks), trains it with the student's nllLoss for a FIXED number of Adam steps
 *      on the training split, and answers with the trained weights.
 *   2. A fresh subject, given only those weights, evaluates z = f(x) on the held-out split, which
 *      only the grader holds (the training subject never sees it), together with the rows the
 *      grader needs for finite differences, in one batch.
 *   3. Another fresh subject inverts z.
 *   4. The grader computes, in float64,  NLL = −(1/N) Σ_i [ log N(z_i; 0, I) + log|det J_f(x_i)| ]
 *      with J from its own finite differences, and requires f⁻¹(f(x)) ≈ x (injectivity on the
 *      held-out points) and the same z for a point whatever batch it came in (a row-wise map).
 *
 * Why no trick beats a good flow (grader/README.md has the full argument): for an injective,
 * differentiable f, p(x) = N(f(x)) |det J_f(x)| integrates to at most 1, so it is a (sub-)density;
 * its average log on fresh samples from the data distribution cannot exceed the negative entropy
 * of that distribution in expectation (Gibbs). A map that is not injective, not smooth at the
 * grader's step sizes, or not row-wise is caught by steps 3–4.
 */
import { makeDataset } from "../../src/datasets/index";
import type { LikelihoodConfig } from "../../src/checks/likelihood-check";
import { fmt } from "../../src/checks/check-result";
import type { SubjectLimits } from "../sandbox/run-subject";
import { runScheduled, type ScheduledRun, type SubjectPool } from "../sandbox/scheduler";
import type { Runtime } from "../sandbox/runtime";
import type { Backend } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { fdLogDets, fdPlan } from "./finite-differences";
import { standardNormalLogDensity } from "./nll-verdicts";
import { readApi, readCall, readTrained } from "./read-answers";
import { fromFlat, maxAbsDiff, toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, type Verdict } from "./verdict";
import { mlpShapes } from "./weights";

/** Relative finite-difference step for the trained flow's log-det (data on the scale of 1). */
export const LIKELIHOOD_FD_STEP = 1e-3;
/** A point whose two step sizes disagree by more than this (nats) counts as rough. */
export const ROUGH_SPREAD = 0.05;
/** More than this fraction of rough points means the log-det cannot be estimated: fail. */
export const MAX_ROUGH_FRACTION = 0.05;

export interface LikelihoodVerdict extends Verdict {
  heldOutNll?: number;
  trainedSteps?: number;
  trainingMs?: number;
}

export interface LikelihoodEnv {
  runtime: Runtime;
  submissionDir: string;
  couplingModule: string;
  lossModule: string;
  pool: SubjectPool;
  limits: SubjectLimits;
  backend: Backend;
  tolerances: Tolerances;
  signal?: AbortSignal;
}

export const LIKELIHOOD_SUBJECT = "RealNVP(your AffineCoupling, your nllLoss)";

export async function gradeLikelihood(cfg: LikelihoodConfig, env: LikelihoodEnv): Promise<LikelihoodVerdict> {
  const subject = LIKELIHOOD_SUBJECT;
  const dim = 2;
  const data = makeDataset(cfg.dataset, { nTrain: cfg.nTrain, nTest: cfg.nTest, seed: cfg.seed });
  const build = { kind: "coupling-flow" as const, module: env.couplingModule, className: "AffineCoupling", dim, layers: cfg.layers, hidden: cfg.hidden };
  const shapes = Array.from({ length: cfg.layers }, () => mlpShapes(dim, cfg.hidden, 2)).flat();
  const run = (job: Parameters<typeof runScheduled>[1]["job"]) => runScheduled(env.pool, { runtime: env.runtime, submissionDir: env.submissionDir, job, limits: env.limits, signal: env.signal });
  const dead = (r: ScheduledRun, stage: string): LikelihoodVerdict => {
    const f = describeSubjectFailure(r, env.limits);
    return failedVerdict(`${subject}: ${stage}: ${f.reason}`, { interrupted: f.kind });
  };

  const training = await run({ kind: "train", backend: env.backend, build, lossModule: env.lossModule, data: toRows(data.train), steps: cfg.steps, batchSize: cfg.batchSize, learningRate: cfg.learningRate, seed: cfg.seed });
  const api = readApi(training);
  if (api && !api.ok) return failedVerdict(`${subject}: not checked: ${api.problem}`, { notImplemented: api.notImplemented });
  const trained = readTrained(training, shapes);
  if (!trained) return dead(training, "training");
  if (!trained.ok) return failedVerdict(`${subject}: ${trained.problem}`, { notImplemented: trained.notImplemented });
  const timing = { trainedSteps: trained.steps, trainingMs: training.wallMs };
  if (!trained.weights.every((w) => w.every(Number.isFinite))) return { ...failedVerdict(`${subject}: training left NaN or Infinity in the weights (after ${trained.steps} steps)`), ...timing };

  const fd = fdPlan(data.test, LIKELIHOOD_FD_STEP);
  const evaluate = await run({
    kind: "bijector",
    backend: env.backend,
    build,
    weights: trained.weights,
    weightShapes: shapes,
    calls: [
      { id: "z", direction: "forward", input: toRows(data.test) },
      { id: "fd", direction: "forward", input: toRows([...data.test, ...fd.rows]) },
    ],
  });
  const z = readCall(evaluate, "z");
  const around = readCall(evaluate, "fd");
  if (!z || !around) return { ...dead(evaluate, "evaluating the trained flow"), ...timing };
  if (!z.ok || !around.ok) return { ...failedVerdict(`${subject}: the trained flow's forward failed: ${(!z.ok ? z : (around as { problem: string })).problem}`), ...timing };
  if (z.outputShape.join() !== `${data.test.length},${dim}` || around.outputShape.join() !== `${data.test.length + fd.rows.length},${dim}`) {
    return { ...failedVerdict(`${subject}: the trained flow's forward returned shape [${z.outputShape}] for ${data.test.length} rows`), ...timing };
  }
  const inverted = await run({ kind: "bijector", backend: env.backend, build, weights: trained.weights, weightShapes: shapes, calls: [{ id: "back", direction: "inverse", input: toRows(fromFlat(z.output, dim).map((r) => r.map((v) => v ?? NaN))) }] });
  const back = readCall(inverted, "back");
  if (!back) return { ...dead(inverted, "inverting the trained flow"), ...timing };
  if (!back.ok) return { ...failedVerdict(`${subject}: the trained flow's inverse failed: ${back.problem}`), ...timing };

  const roundTrip = maxAbsDiff(back.output, data.test.flat());
  if (!(roundTrip <= env.tolerances.trainedFlowRoundTrip)) {
    return { ...failedVerdict(`${subject}: the trained flow is not invertible on the held-out data (max |f⁻¹(f(x)) − x| = ${fmt(roundTrip)}, inverse in a separate process), so its likelihood is not a density`), ...timing };
  }
  const batchGap = maxAbsDiff(z.output, around.output.slice(0, z.output.length));
  if (!(batchGap <= 1e-4)) {
    return { ...failedVerdict(`${subject}: the trained flow gives a point a different z depending on the batch it comes in (max difference ${fmt(batchGap)}): a flow must act on each row alone`), ...timing };
  }
  const est = fdLogDets(fd, around.output.slice(z.output.length));
  const rough = est.spread.filter((s) => !(s <= ROUGH_SPREAD)).length / est.spread.length;
  if (rough > MAX_ROUGH_FRACTION) {
    return { ...failedVerdict(`${subject}: the trained flow is not smooth enough to measure: at ${(100 * rough).toFixed(1)}% of the held-out points its Jacobian changes within the finite-difference step`), ...timing };
  }
  const rows = fromFlat(z.output, dim) as number[][];
  const heldOutNll = -rows.reduce((s, zi, i) => s + standardNormalLogDensity(zi) + est.logDet[i], 0) / rows.length;
  const passed = heldOutNll <= cfg.threshold;
  return {
    passed,
    measured: heldOutNll,
    tolerance: cfg.threshold,
    heldOutNll,
    ...timing,
    message: `${subject}: held-out NLL on ${cfg.dataset} after ${trained.steps} steps = ${fmt(heldOutNll)} nats ${Number.isNaN(heldOutNll) ? "is NaN, threshold" : passed ? "≤" : ">"} threshold ${fmt(cfg.threshold)}`,
    hint: passed ? undefined : "Training longer is not the fix: check the log-det sign and the loss. The grader measures the NLL itself (its own Gaussian and a Jacobian from finite differences), so only a correct flow trained on the correct loss gets below the threshold.",
  };
}
