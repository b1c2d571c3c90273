/**
 * Exercise (f), dequantization and bits/dim, checked black-box: one fresh subject evaluates the
 * student's three functions on the grader's integer pixels and noise, and on the trusted flow
 *
 *   f = DiagonalScale(b) ∘ reverse ∘ DiagonalScale(a):  z_j = y_{D−1−j} · e^{a_{D−1−j}} · e^{b_j},
 *   log|det ∂f/∂y| = Σ_j a_j + Σ_j b_j
 *
 * with log-scales the grader draws (the NLL job's flow). The grader computes every reference in
 * float64 (dequantization-float64.ts): y = (x + u)/K, bits/dim = (NLL + D ln K)/(D ln 2) on its
 * (NLL, D, K) triples (the first is the uniform density, NLL = 0 → log₂ K), and
 * NLL_Y = −mean[log p(f(y)) + Σa + Σb] where log p is the base density of the flowLogProb the
 * grader bundles in place of the student's `./nll` (subject/density-stand-in.ts: a standard
 * Laplace, log p(z) = Σ_j (−|z_j| − ln 2)), so that (f) is graded apart from exercise (c).
 */
import { message, text } from "../../src/i18n/catalogue";
import {
  bitsPerDimTriples,
  DEQUANTIZATION_HINTS,
  dequantizationInputs,
  type DequantizationCase,
} from "../../src/checks/dequantization-exercise";
import { Rng } from "../../src/random/prng";
import { graderBitsPerDim, graderDequantized } from "./dequantization-float64";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { Backend, DequantizationJob } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { readApi, readCall } from "./read-answers";
import { toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, type Verdict } from "./verdict";

export interface DequantizationPlan {
  case: DequantizationCase;
  pixels: number[][];
  noise: number[][];
  triples: [number, number, number][];
  flowWeights: [number[], number[]];
}

export function planDequantizationCase(c: DequantizationCase): DequantizationPlan {
  const { pixels, noise } = dequantizationInputs(c);
  const rng = new Rng(c.seed + 2);
  const scales = () => Array.from({ length: c.dim }, () => 0.3 * rng.normal());
  return { case: c, pixels, noise, triples: bitsPerDimTriples(c), flowWeights: [scales(), scales()] };
}

export function dequantizationJob(plan: DequantizationPlan, module: string, backend: Backend): DequantizationJob {
  return { kind: "dequantization", backend, module, pixels: toRows(plan.pixels), noise: toRows(plan.noise), levels: plan.case.levels, triples: plan.triples, flowWeights: plan.flowWeights };
}

/** NLL_Y of the trusted flow with the stand-in's Laplace base on y = (x + u)/K, float64. */
export function referenceNll(plan: DequantizationPlan): number {
  const [a, b] = plan.flowWeights;
  const d = plan.case.dim;
  const logDet = a.reduce((s, v) => s + v, 0) + b.reduce((s, v) => s + v, 0);
  let total = 0;
  plan.pixels.forEach((row, i) => {
    const y = row.map((x, j) => graderDequantized(x, plan.noise[i][j], plan.case.levels));
    let absSum = 0;
    for (let j = 0; j < d; j++) absSum += Math.abs(y[d - 1 - j] * Math.exp(a[d - 1 - j]) * Math.exp(b[j]));
    total += -absSum - d * Math.LN2 + logDet;
  });
  return -total / plan.pixels.length;
}

export function dequantizationVerdicts(plan: DequantizationPlan, run: ScheduledRun, limits: SubjectLimits, tol: Tolerances): Record<string, Verdict> {
  const c = plan.case;
  const subject = `dequantization(D=${c.dim}, K=${c.levels})`;
  const dead = () => {
    const f = describeSubjectFailure(run, limits);
    return failedVerdict(`${subject}: ${f.reason}`, { interrupted: f.kind });
  };
  const api = readApi(run);
  const apiVerdict: Verdict = !api ? dead() : !api.ok ? failedVerdict(`${subject}: ${api.problem}`, { notImplemented: api.notImplemented }) : { passed: true, message: message("pass.api.dequantization", { subject }) };
  if (!apiVerdict.passed) {
    const v = { ...apiVerdict, message: message("verdict.not-checked", { subject, why: apiVerdict.message.replace(`${subject}: `, "") }) };
    return { api: apiVerdict, dequantize: v, "bits-per-dim": v, "nll-loss": v };
  }
  const read = (id: string, size: number, what: string): { values?: number[]; verdict?: Verdict } => {
    const r = readCall(run, id);
    if (!r) return { verdict: dead() };
    if (!r.ok) return { verdict: failedVerdict(`${subject}: ${r.problem}`, { notImplemented: r.notImplemented }) };
    if (r.output.length !== size) return { verdict: failedVerdict(message("fail.returned-count", { subject, what, count: String(r.output.length), shape: String(r.outputShape), size: String(size) })) };
    return { values: r.output.map((v) => (v === null ? NaN : v)) };
  };
  const worstAbs = (got: number[], want: (i: number) => number, scale: (i: number) => number = () => 1) => {
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      const e = Math.abs(got[i] - want(i)) / scale(i);
      if (Number.isNaN(e)) return NaN;
      worst = Math.max(worst, e);
    }
    return worst;
  };
  const verdicts: Record<string, Verdict> = { api: apiVerdict };
  const [px, nz] = [plan.pixels.flat(), plan.noise.flat()];
  const y = read("y", px.length, "uniformDequantize");
  verdicts.dequantize = y.verdict ?? measuredVerdict(subject, text("what.dequantize"), worstAbs(y.values!, (i) => graderDequantized(px[i], nz[i], c.levels)), tol.dequantized, DEQUANTIZATION_HINTS.dequantize);
  const bpd = read("bpd", plan.triples.length, "discreteBitsPerDim");
  if (bpd.verdict) verdicts["bits-per-dim"] = bpd.verdict;
  else {
    const want = (i: number) => graderBitsPerDim(...plan.triples[i]);
    const err = worstAbs(bpd.values!, want, (i) => Math.max(1, Math.abs(want(i))));
    const uniform = bpd.values![0];
    const what = Math.abs(uniform - Math.log2(c.levels)) > 1e-6 ? message("what.bits-per-dim.uniform", { what: text("what.bits-per-dim"), got: uniform, want: Math.log2(c.levels) }) : text("what.bits-per-dim");
    verdicts["bits-per-dim"] = measuredVerdict(subject, what, err, tol.bitsPerDim, DEQUANTIZATION_HINTS["bits-per-dim"]);
  }
  const loss = read("loss", 1, "dequantizedNllLoss");
  if (loss.verdict) verdicts["nll-loss"] = loss.verdict;
  else {
    const r = readCall(run, "loss");
    const want = referenceNll(plan);
    verdicts["nll-loss"] =
      r?.ok && r.outputShape.length !== 0
        ? failedVerdict(message("fail.dequantized-nll.scalar", { subject, shape: String(r.outputShape) }), { hint: DEQUANTIZATION_HINTS["nll-loss"] })
        : measuredVerdict(subject, text("what.dequantized-nll"), Math.abs(loss.values![0] - want) / Math.max(1, Math.abs(want)), tol.nllValue, DEQUANTIZATION_HINTS["nll-loss"]);
  }
  return verdicts;
}
