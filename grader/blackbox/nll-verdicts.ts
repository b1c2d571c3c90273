/**
 * Exercise (c), the log-probability and the NLL loss, checked black-box: one fresh subject
 * evaluates the student's three functions on the grader's inputs and on a small trusted flow
 *
 *   f = DiagonalScale(b) ∘ reverse ∘ DiagonalScale(a):  z_j = x_{D−1−j} · e^{a_{D−1−j}} · e^{b_j},
 *   log|det ∂f/∂x| = Σ_j a_j + Σ_j b_j,
 *
 * whose log-scales a, b the grader draws. The grader computes every reference in float64 itself:
 *   log N(z) = −½ Σ_j z_j² − (D/2) log 2π,   log p(x) = log N(f(x)) + Σa + Σb,   NLL = −mean log p(x).
 * The gradient check compares the student's autodiff gradient of nllLoss with finite differences
 * of the same nllLoss along one random direction per log-scale vector (so it asks only that the
 * loss be differentiable end to end, not that it be right: nll-loss checks that).
 */
import { NLL_HINTS, type NllCase } from "../../src/checks/nll-exercise";
import { fmt } from "../../src/checks/check-result";
import { Rng } from "../../src/random/prng";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { Backend, NllJob } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { readApi, readCall, readGradient, readLeak } from "./read-answers";
import { maxAbsDiff, tile, toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, type Verdict } from "./verdict";
import { LEAK, WEIGHT_STEP } from "./coupling-plan";
import { perturb, randomDirections } from "./weights";

export interface NllCasePlan {
  case: NllCase;
  z: number[][];
  flowWeights: [number[], number[]];
  x: { flp: number[][]; loss: number[][]; grad: number[][] };
  directions: number[][];
}

export function planNllCase(c: NllCase): NllCasePlan {
  const weights = new Rng(c.seed);
  const flowWeights: [number[], number[]] = [Array.from({ length: c.dim }, () => 0.7 * weights.normal()), Array.from({ length: c.dim }, () => 0.7 * weights.normal())];
  return {
    case: c,
    z: new Rng(c.seed + 10).normalRows(64, c.dim).map((r) => r.map((v) => 2 * v)),
    flowWeights,
    x: { flp: new Rng(c.seed + 1).normalRows(64, c.dim), loss: new Rng(c.seed + 2).normalRows(256, c.dim), grad: new Rng(c.seed + 3).normalRows(64, c.dim) },
    directions: randomDirections([[c.dim], [c.dim]], c.seed + 300),
  };
}

export function nllJob(plan: NllCasePlan, module: string, backend: Backend): NllJob {
  const grad = toRows(plan.x.grad);
  const moved = (k: number, t: number) => perturb(plan.flowWeights, k, plan.directions[k], t) as [number[], number[]];
  return {
    kind: "nll",
    backend,
    module,
    dim: plan.case.dim,
    flowWeights: plan.flowWeights,
    calls: [
      { id: "snlp", fn: "standardNormalLogProb", input: toRows(plan.z) },
      { id: "flp", fn: "flowLogProb", input: toRows(plan.x.flp) },
      { id: "loss", fn: "nllLoss", input: toRows(plan.x.loss) },
      ...[0, 1].flatMap((k) => [
        { id: `p:${k}:+`, fn: "nllLoss" as const, input: grad, flowWeights: moved(k, WEIGHT_STEP) },
        { id: `p:${k}:-`, fn: "nllLoss" as const, input: grad, flowWeights: moved(k, -WEIGHT_STEP) },
      ]),
    ],
    gradient: { id: "g", input: grad },
    leak: { input: toRows(tile(plan.x.flp, LEAK.rows)), warmup: LEAK.warmup, iterations: LEAK.iterations },
  };
}

const LOG_2PI = Math.log(2 * Math.PI);

export function standardNormalLogDensity(z: readonly number[]): number {
  return -0.5 * z.reduce((s, v) => s + v * v, 0) - 0.5 * z.length * LOG_2PI;
}

/** log p(x) under the trusted flow, float64. */
export function trustedLogProb(x: readonly number[], [a, b]: [number[], number[]]): number {
  const d = x.length;
  const z = x.map((_, j) => x[d - 1 - j] * Math.exp(a[d - 1 - j]) * Math.exp(b[j]));
  return standardNormalLogDensity(z) + a.reduce((s, v) => s + v, 0) + b.reduce((s, v) => s + v, 0);
}

export function nllVerdicts(plan: NllCasePlan, run: ScheduledRun, limits: SubjectLimits, tol: Tolerances): Record<string, Verdict> {
  const dim = plan.case.dim;
  const dead = (subject: string) => {
    const f = describeSubjectFailure(run, limits);
    return failedVerdict(`${subject}: ${f.reason}`, { interrupted: f.kind });
  };
  const api = readApi(run);
  const apiVerdict: Verdict = !api
    ? dead("nll.ts")
    : api.ok
      ? { passed: true, message: "nll.ts: exports standardNormalLogProb, flowLogProb and nllLoss" }
      : failedVerdict(`nll.ts: ${api.problem}`, { notImplemented: api.notImplemented, hint: "Keep the three exported functions of the exercise file, with their names and parameters." });
  const verdicts: Record<string, Verdict> = { api: apiVerdict };
  const checks = ["standard-normal-log-prob", "flow-log-prob", "nll-loss", "nll-gradients", "no-leak"] as const;
  if (!apiVerdict.passed) {
    for (const c of checks) verdicts[c] = { ...apiVerdict, hint: undefined, message: `nll.ts: not checked, ${apiVerdict.message.replace("nll.ts: ", "")}` };
    return verdicts;
  }
  const valueCheck = (id: string, fn: string, what: string, want: number[], scalar: boolean, hint: string): Verdict => {
    const r = readCall(run, id);
    if (!r) return dead(fn);
    if (!r.ok) return failedVerdict(`${fn}: ${r.problem}`, { notImplemented: r.notImplemented });
    const shapeOk = scalar ? r.outputShape.length === 0 : r.outputShape.join() === `${want.length}`;
    const shapeNote = shapeOk ? "" : scalar ? ` (yours must be a scalar; got shape [${r.outputShape}])` : ` (shape [${r.outputShape}] vs [${want.length}])`;
    return measuredVerdict(fn, `${what} for D = ${dim}${shapeNote}`, shapeOk ? maxAbsDiff(r.output, want) : NaN, tol.nllValue, hint);
  };
  verdicts["standard-normal-log-prob"] = valueCheck("snlp", "standardNormalLogProb", "max |yours − (−½|z|² − (D/2) log 2π)|", plan.z.map(standardNormalLogDensity), false, NLL_HINTS["standard-normal-log-prob"]);
  verdicts["flow-log-prob"] = valueCheck("flp", "flowLogProb", "max |yours − (log N(f(x)) + log|det J|)|", plan.x.flp.map((x) => trustedLogProb(x, plan.flowWeights)), false, NLL_HINTS["flow-log-prob"]);
  const nll = -plan.x.loss.reduce((s, x) => s + trustedLogProb(x, plan.flowWeights), 0) / plan.x.loss.length;
  verdicts["nll-loss"] = valueCheck("loss", "nllLoss", "|yours − mean(−log p(x))|", [nll], true, NLL_HINTS["nll-loss"]);

  verdicts["nll-gradients"] = (() => {
    const g = readGradient(run, "g", [[dim], [dim]]);
    if (!g) return dead("nllLoss");
    if (!g.ok) return failedVerdict(`nllLoss: ${g.problem}`, { hint: g.notImplemented ? undefined : NLL_HINTS["nll-gradients"], notImplemented: g.notImplemented });
    const problems: string[] = [];
    for (const k of [0, 1]) {
      const plus = readCall(run, `p:${k}:+`);
      const minus = readCall(run, `p:${k}:-`);
      if (!plus?.ok || !minus?.ok) return plus && minus ? failedVerdict(`nllLoss: ${(!plus.ok ? plus : minus as { problem: string }).problem}`) : dead("nllLoss");
      const fd = ((plus.output[0] ?? NaN) - (minus.output[0] ?? NaN)) / (2 * WEIGHT_STEP);
      const claimed = g.grads[k];
      const name = `the log-scales of the ${k === 0 ? "first" : "second"} DiagonalScale`;
      if (claimed === null) {
        problems.push(`${name}: no gradient`);
        continue;
      }
      const along = claimed.reduce((s: number, v, j) => s + (v ?? NaN) * plan.directions[k][j], 0);
      if (!Number.isFinite(along)) problems.push(`${name}: the gradient has NaN or Infinity`);
      else if (!(Math.abs(along - fd) <= tol.finiteDifferenceGradient * Math.max(Math.abs(fd), Math.abs(along)) + 1e-4)) problems.push(`${name}: autodiff gives ${fmt(along)} along a random direction, finite differences give ${fmt(fd)}`);
    }
    return problems.length
      ? failedVerdict(`nllLoss: no usable gradient for ${problems.length} of 2 flow variables: ${problems.join("; ")}`, { hint: NLL_HINTS["nll-gradients"] })
      : { passed: true, message: "nllLoss: all 2 flow variables get finite gradients that agree with finite differences" };
  })();

  verdicts["no-leak"] = (() => {
    const leak = readLeak(run);
    if (!leak) return dead("nll.ts");
    if (!leak.ok) return failedVerdict(`nll.ts: ${leak.problem}`, { notImplemented: leak.notImplemented });
    if (leak.tensorsPerCall > tol.leakedTensors) return measuredVerdict("nll.ts", "tensors left behind per call of the three functions", leak.tensorsPerCall, tol.leakedTensors, NLL_HINTS["no-leak"]);
    const warm = run.marks.warm;
    const growth = warm ? Math.max(0, warm.peakAfterMb - warm.rssMb) : NaN;
    return measuredVerdict("nll.ts", `growth of the process's memory over ${LEAK.iterations} calls of the three functions on ${LEAK.rows} rows, in MB`, growth, tol.leakMemoryMb, NLL_HINTS["no-leak"]);
  })();
  return verdicts;
}
