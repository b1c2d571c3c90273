/**
 * What both likelihood checks (the moons, likelihood.ts; the digits, image-likelihood.ts) do once
 * a subject has trained a flow from the student's code: read the trained weights, then measure
 * the held-out NLL with the grader's own numbers.
 *
 *   1. A fresh subject, given only the weights, evaluates z = f(y) on the held-out points (which
 *      only the grader holds) together with the rows of the grader's finite differences.
 *   2. Another fresh subject inverts z.
 *   3. The grader computes, in float64,
 *        NLL = −(1/N) Σ_i [ log N(z_i; 0, I) + log|det J_f(y_i)| ]
 *      with J from its own finite differences, after requiring f⁻¹(f(y)) ≈ y (injectivity on the
 *      held-out points), the same z for a point whatever batch it came in (a row-wise map), and a
 *      Jacobian smooth enough at the step size to be measured.
 */
import { fmt } from "../../src/checks/check-result";
import type { SubjectLimits } from "../sandbox/run-subject";
import { runScheduled, type ScheduledRun, type SubjectPool } from "../sandbox/scheduler";
import type { Runtime } from "../sandbox/runtime";
import type { Backend, BuildSpec, SubjectJob } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { fdLogDets, fdPlan } from "./finite-differences";
import { standardNormalLogDensity } from "./nll-verdicts";
import { readCall, readTrained } from "./read-answers";
import { fromFlat, maxAbsDiff, toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, type Verdict } from "./verdict";

/** A point whose two step sizes disagree by more than this (nats) counts as rough. */
export const ROUGH_SPREAD = 0.05;
/** More than this fraction of rough points means the log-det cannot be estimated: fail. */
export const MAX_ROUGH_FRACTION = 0.05;
/** The largest |z| difference for one point evaluated in two different batches. */
const BATCH_CONSISTENCY = 1e-4;

export interface TrainedFlowEnv {
  runtime: Runtime;
  submissionDir: string;
  pool: SubjectPool;
  limits: SubjectLimits;
  backend: Backend;
  tolerances: Tolerances;
  signal?: AbortSignal;
}

/** How many steps were trained, and the training subject's wall time. */
export interface Timing {
  trainedSteps: number;
  trainingMs: number;
}

/** Runs one subject job under the likelihood limits. */
export function runLikelihoodJob(env: TrainedFlowEnv, job: SubjectJob): Promise<ScheduledRun> {
  return runScheduled(env.pool, { runtime: env.runtime, submissionDir: env.submissionDir, job, limits: env.limits, signal: env.signal });
}

/** The failed verdict of a subject that died (crash, limits, hang) during `stage`. */
export function diedDuring(subject: string, run: ScheduledRun, stage: string, limits: SubjectLimits): Verdict {
  const f = describeSubjectFailure(run, limits);
  return failedVerdict(`${subject}: ${stage}: ${f.reason}`, { interrupted: f.kind });
}

/** The trained weights (finite, of the expected shapes) and the timing, or the verdict that ends the check. */
export function readTrainedWeights(subject: string, training: ScheduledRun, shapes: number[][], limits: SubjectLimits): { weights: number[][]; timing: Timing } | { verdict: Verdict & Partial<Timing> } {
  const trained = readTrained(training, shapes);
  if (!trained) return { verdict: diedDuring(subject, training, "training", limits) };
  if (!trained.ok) return { verdict: failedVerdict(`${subject}: ${trained.problem}`, { notImplemented: trained.notImplemented }) };
  const timing = { trainedSteps: trained.steps, trainingMs: training.wallMs };
  if (!trained.weights.every((w) => w.every(Number.isFinite))) return { verdict: { ...failedVerdict(`${subject}: training left NaN or Infinity in the weights (after ${trained.steps} steps)`), ...timing } };
  return { weights: trained.weights, timing };
}

export interface HeldOutRequest {
  subject: string;
  /** How the flow is rebuilt in each fresh subject, and the weights to load into it. */
  build: BuildSpec;
  weights: number[][];
  weightShapes: number[][];
  /** The held-out points y, [N][D], and what to call them in messages ("held-out data"). */
  points: number[][];
  what: string;
  /** Relative finite-difference step of the log-det. */
  fdStep: number;
  /** Rows per forward call (an answer line must stay under the runner's line limit). */
  chunkRows?: number;
}

/** The held-out NLL in nats measured by the grader, or the verdict that ends the check. */
export async function heldOutNll(env: TrainedFlowEnv, req: HeldOutRequest): Promise<{ nll: number } | { verdict: Verdict }> {
  const { subject, points } = req;
  const dim = points[0].length;
  const fd = fdPlan(points, req.fdStep);
  const all = [...points, ...fd.rows];
  const size = req.chunkRows ?? all.length;
  const chunks = Array.from({ length: Math.ceil(all.length / size) }, (_, k) => all.slice(k * size, (k + 1) * size));
  const flowJob = (calls: { id: string; direction: "forward" | "inverse"; input: ReturnType<typeof toRows> }[]): SubjectJob => ({ kind: "bijector", backend: env.backend, build: req.build, weights: req.weights, weightShapes: req.weightShapes, calls });

  const evaluate = await runLikelihoodJob(env, flowJob([{ id: "z", direction: "forward", input: toRows(points) }, ...chunks.map((rows, k) => ({ id: `fd:${k}`, direction: "forward" as const, input: toRows(rows) }))]));
  const z = readCall(evaluate, "z");
  const parts = chunks.map((_, k) => readCall(evaluate, `fd:${k}`));
  if (!z || parts.some((p) => !p)) return { verdict: diedDuring(subject, evaluate, "evaluating the trained flow", env.limits) };
  const failed = [z, ...parts].find((p) => !p!.ok) as { problem: string } | undefined;
  if (failed) return { verdict: failedVerdict(`${subject}: the trained flow's forward failed: ${failed.problem}`) };
  const okParts = parts as Extract<NonNullable<(typeof parts)[number]>, { ok: true }>[];
  if (!z.ok || z.outputShape.join() !== `${points.length},${dim}` || okParts.some((p, k) => p.outputShape.join() !== `${chunks[k].length},${dim}`)) {
    return { verdict: failedVerdict(`${subject}: the trained flow's forward returned shape [${z.ok ? z.outputShape : "?"}] for ${points.length} rows of ${dim}`) };
  }
  const around = okParts.flatMap((p) => p.output);

  const inverted = await runLikelihoodJob(env, flowJob([{ id: "back", direction: "inverse", input: toRows(fromFlat(z.output, dim).map((r) => r.map((v) => v ?? NaN))) }]));
  const back = readCall(inverted, "back");
  if (!back) return { verdict: diedDuring(subject, inverted, "inverting the trained flow", env.limits) };
  if (!back.ok) return { verdict: failedVerdict(`${subject}: the trained flow's inverse failed: ${back.problem}`) };
  const roundTrip = maxAbsDiff(back.output, points.flat());
  if (!(roundTrip <= env.tolerances.trainedFlowRoundTrip)) {
    return { verdict: failedVerdict(`${subject}: the trained flow is not invertible on the ${req.what} (max |f⁻¹(f(x)) − x| = ${fmt(roundTrip)}, inverse in a separate process), so its likelihood is not a density`) };
  }
  const batchGap = maxAbsDiff(z.output, around.slice(0, z.output.length));
  if (!(batchGap <= BATCH_CONSISTENCY)) {
    return { verdict: failedVerdict(`${subject}: the trained flow gives a point a different z depending on the batch it comes in (max difference ${fmt(batchGap)}): a flow must act on each row alone`) };
  }
  const est = fdLogDets(fd, around.slice(z.output.length));
  const rough = est.spread.filter((s) => !(s <= ROUGH_SPREAD)).length / est.spread.length;
  if (rough > MAX_ROUGH_FRACTION) {
    return { verdict: failedVerdict(`${subject}: the trained flow is not smooth enough to measure: at ${(100 * rough).toFixed(1)}% of the held-out points its Jacobian changes within the finite-difference step`) };
  }
  const rows = fromFlat(z.output, dim) as number[][];
  return { nll: -rows.reduce((s, zi, i) => s + standardNormalLogDensity(zi) + est.logDet[i], 0) / rows.length };
}
