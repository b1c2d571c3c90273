/**
 * What both likelihood checks (the moons, likelihood.ts; the digits, image-likelihood.ts) do once
 * a subject has trained a flow from the student's code: read the trained weights, then measure
 * the held-out NLL with the grader's own numbers.
 *
 *   1. A fresh subject, given only the weights, evaluates f on the held-out points (drawn from the
 *      grader's secret: no student can reproduce them) together with the rows of the grader's
 *      finite-difference stencils around them and around as many decoy points, all shuffled
 *      (shuffled-stencils.ts).
 *   2. Another fresh subject inverts z = f(y).
 *   3. A third re-evaluates one element of every stencil, its centre or one of its rows, among
 *      the decoys' (it cannot tell where a stencil is): an answer that changed beyond float32 rounding means
 *      the flow's outputs depend on the other rows of the batch, and the check fails.
 *   4. The grader computes, in float64,
 *        NLL = −(1/N) Σ_i [ log N(z_i; 0, I) + log|det J_f(y_i)| ]
 *      with J from its own finite differences, after requiring f⁻¹(f(y)) ≈ y (injectivity on the
 *      held-out points) and a Jacobian smooth enough at the step size to be measured at ≥ 95% of
 *      the points. A point where it is not ("rough") cannot be measured, so its NLL term counts as
 *      its own estimate or the average of the measured points', whichever is larger: never better
 *      than an average point.
 */
import { currentLanguage, formatFixed, message, text } from "../../src/i18n";
import type { SubjectLimits } from "../sandbox/run-subject";
import { runScheduled, type ScheduledRun, type SubjectPool } from "../sandbox/scheduler";
import type { Runtime } from "../sandbox/runtime";
import type { Backend, BuildSpec, SubjectJob } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { fdLogDets } from "./finite-differences";
import { secretRng } from "./secret";
import { rowDependence, shuffledStencils, unmix } from "./shuffled-stencils";
import { standardNormalLogDensity } from "./nll-verdicts";
import { readCall, readTrained } from "./read-answers";
import { fromFlat, maxAbsDiff, toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, type Verdict } from "./verdict";

/** A point whose two step sizes disagree by more than this (nats) counts as rough. */
export const ROUGH_SPREAD = 0.05;
/** More than this fraction of rough points means the log-det cannot be estimated: fail. */
export const MAX_ROUGH_FRACTION = 0.05;

export interface TrainedFlowEnv {
  runtime: Runtime;
  submissionDir: string;
  pool: SubjectPool;
  limits: SubjectLimits;
  backend: Backend;
  tolerances: Tolerances;
  /** The grader's secret (secret.ts): the held-out data, stencils, decoys and row order derive from it. */
  secret: string;
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
  if (!trained) return { verdict: diedDuring(subject, training, text("stage.training"), limits) };
  if (!trained.ok) return { verdict: failedVerdict(`${subject}: ${trained.problem}`, { notImplemented: trained.notImplemented }) };
  const timing = { trainedSteps: trained.steps, trainingMs: training.wallMs };
  if (!trained.weights.every((w) => w.every(Number.isFinite))) return { verdict: { ...failedVerdict(message("fail.trained.not-finite", { subject, steps: String(trained.steps) })), ...timing } };
  return { weights: trained.weights, timing };
}

export interface HeldOutRequest {
  /** The flow's name in messages, in the current language. */
  subject: string;
  /** The flow's fixed (English) name, which salts the secret draws of the stencils: the same points in every language. */
  seedLabel: string;
  /** How the flow is rebuilt in each fresh subject, and the weights to load into it. */
  build: BuildSpec;
  weights: number[][];
  weightShapes: number[][];
  /** The held-out points y, [N][D], and what to call them in messages, in the current language (text("what.held-out-data")). */
  points: number[][];
  /** Points drawn like them, whose stencils are mixed in as decoys (their values are not used). */
  decoys: number[][];
  what: string;
  /** Relative finite-difference step of the log-det. */
  fdStep: number;
  /** Rows per forward call (an answer line must stay under the runner's line limit). */
  chunkRows?: number;
}

type Call = { id: string; direction: "forward" | "inverse"; input: ReturnType<typeof toRows> };

/** The flat outputs of calls `${prefix}0`, `${prefix}1`, … in order, or the verdict that ends the check. */
function chunkedOutputs(run: ScheduledRun, prefix: string, chunks: number[][][], dim: number, subject: string, stage: string, limits: SubjectLimits): { output: (number | null)[] } | { verdict: Verdict } {
  const parts = chunks.map((_, k) => readCall(run, `${prefix}${k}`));
  if (parts.some((p) => !p)) return { verdict: diedDuring(subject, run, stage, limits) };
  const failed = parts.find((p) => !p!.ok) as { problem: string } | undefined;
  if (failed) return { verdict: failedVerdict(message("fail.trained.forward", { subject, stage, problem: failed.problem })) };
  const ok = parts as Extract<NonNullable<(typeof parts)[number]>, { ok: true }>[];
  const wrong = ok.findIndex((p, k) => p.outputShape.join() !== `${chunks[k].length},${dim}`);
  if (wrong >= 0) return { verdict: failedVerdict(message("fail.trained.shape", { subject, shape: String(ok[wrong].outputShape), rows: String(chunks[wrong].length), dim: String(dim) })) };
  return { output: ok.flatMap((p) => p.output) };
}

const chunked = (rows: number[][], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, k) => rows.slice(k * size, (k + 1) * size));

/** The held-out NLL in nats measured by the grader, or the verdict that ends the check. */
export async function heldOutNll(env: TrainedFlowEnv, req: HeldOutRequest): Promise<{ nll: number; rough: number } | { verdict: Verdict }> {
  const { subject, points } = req;
  const dim = points[0].length;
  const n = points.length;
  const st = shuffledStencils(points, req.decoys, req.fdStep, secretRng(env.secret, "held-out stencils", req.seedLabel), 1);
  const [recheck] = st.rechecks;
  const count = n + st.fd.rows.length;
  const size = req.chunkRows ?? st.evaluation.rows.length;
  const flowJob = (calls: Call[]): SubjectJob => ({ kind: "bijector", backend: env.backend, build: req.build, weights: req.weights, weightShapes: req.weightShapes, calls });
  const forwardCalls = (prefix: string, chunks: number[][][]): Call[] => chunks.map((rows, k) => ({ id: `${prefix}${k}`, direction: "forward", input: toRows(rows) }));

  const evalChunks = chunked(st.evaluation.rows, size);
  const recheckChunks = chunked(recheck.mix.rows, size);
  const recheckRun = runLikelihoodJob(env, flowJob(forwardCalls("chk:", recheckChunks)));
  recheckRun.catch(() => undefined); // awaited below; an early return must not leave its failure unhandled
  const evaluate = await runLikelihoodJob(env, flowJob(forwardCalls("fd:", evalChunks)));
  const evaluated = chunkedOutputs(evaluate, "fd:", evalChunks, dim, subject, text("stage.evaluating"), env.limits);
  if ("verdict" in evaluated) return evaluated;
  const all = unmix(st.evaluation, evaluated.output, dim, count);
  const z = all.slice(0, n * dim);

  const inverted = await runLikelihoodJob(env, flowJob([{ id: "back", direction: "inverse", input: toRows(fromFlat(z, dim).map((r) => r.map((v) => v ?? NaN))) }]));
  const back = readCall(inverted, "back");
  if (!back) return { verdict: diedDuring(subject, inverted, text("stage.inverting"), env.limits) };
  if (!back.ok) return { verdict: failedVerdict(message("fail.trained.inverse", { subject, problem: back.problem })) };
  const roundTrip = maxAbsDiff(back.output, points.flat());
  if (!(roundTrip <= env.tolerances.trainedFlowRoundTrip)) {
    return { verdict: failedVerdict(message("fail.trained.not-invertible", { subject, what: req.what, roundTrip })) };
  }
  const rechecked = chunkedOutputs(await recheckRun, "chk:", recheckChunks, dim, subject, text("stage.rechecking"), env.limits);
  if ("verdict" in rechecked) return rechecked;
  const dependence = rowDependence(recheck.rechecked.flatMap((i) => all.slice(i * dim, (i + 1) * dim)), unmix(recheck.mix, rechecked.output, dim, recheck.rechecked.length));
  if (!(dependence <= env.tolerances.rowIndependence)) {
    return { verdict: failedVerdict(message("fail.trained.row-dependence", { subject, dependence, tolerance: env.tolerances.rowIndependence })) };
  }
  const est = fdLogDets(st.fd, all.slice(n * dim));
  const smooth = est.spread.map((s) => s <= ROUGH_SPREAD);
  const rough = smooth.filter((ok) => !ok).length / n;
  if (rough > MAX_ROUGH_FRACTION) {
    return { verdict: failedVerdict(message("fail.trained.rough", { subject, rough: formatFixed(100 * rough, 1, currentLanguage()) })) };
  }
  const rows = fromFlat(z, dim) as number[][];
  const terms = rows.map((zi, i) => -(standardNormalLogDensity(zi) + est.logDet[i]));
  const measured = terms.filter((_, i) => smooth[i]);
  const average = measured.reduce((s, t) => s + t, 0) / measured.length;
  // A rough point never counts better than the average measured one (a narrow spike there gains nothing).
  return { nll: terms.reduce((s, t, i) => s + (smooth[i] || !(t < average) ? t : average), 0) / n, rough };
}
