/**
 * Exercise (c), the log-probability and the NLL loss, checked black-box: one fresh subject
 * evaluates the student's three functions on the grader's inputs and on a small trusted flow
 *
 *   f = DiagonalScale(b) ∘ reverse ∘ DiagonalScale(a):  z_j = x_{D−1−j} · e^{a_{D−1−j}} · e^{b_j},
 *   log|det ∂f/∂x| = Σ_j a_j + Σ_j b_j,
 *
 * whose log-scales a, b the grader draws. The grader computes every reference in float64 itself:
 *   log N(z) = −½ Σ_j z_j² − (D/2) log 2π,   log p(x) = log N(f(x)) + Σa + Σb,   NLL = −mean log p(x).
 * The value checks compare relative to the value's size, |yours − ref| / max(1, |ref|) (log-probs
 * grow with |x|² and D, and float32 with them).
 * nll-gradients compares the student's autodiff gradient of nllLoss, entry by entry (relative to
 * max(1, |entry|), tolerance nllValue), with the gradient of the CORRECT loss there, which the
 * grader knows in closed form (z_j = x_{D−1−j} e^{a_{D−1−j}} e^{b_j}):
 *   ∂NLL/∂b_j = mean_n z_nj² − 1,   ∂NLL/∂a_i = mean_n z_{n,D−1−i}² − 1,
 * so a loss that does not depend on the flow (0·Σ f(x)) or drops a term cannot pass it.
 * no-leak counts only for functions that do their work: standardNormalLogProb's and flowLogProb's
 * values must follow the reference's from row to row (correlation ≥ 0.9: a wrong constant still
 * passes), and nllLoss must change when the flow's weights do; the memory of a stub proves nothing.
 */
import { message, text } from "../../src/i18n/catalogue";
import { NLL_HINTS, type NllCase } from "../../src/checks/nll-exercise";
import { Rng } from "../../src/random/prng";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { Backend, NllJob } from "../subject/protocol";
import type { Tolerances } from "./coupling-verdicts";
import { readApi, readCall, readGradient, readLeak } from "./read-answers";
import { maxAbsDiff, tile, toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, notCheckedVerdict, type Verdict } from "./verdict";
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

/** The gradient of the correct NLL on rows `x` w.r.t. the two log-scale vectors [a, b], float64. */
export function trustedNllGradient(x: readonly number[][], [a, b]: [number[], number[]]): [number[], number[]] {
  const d = a.length;
  const meanSquare = new Array(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) meanSquare[j] += (row[d - 1 - j] * Math.exp(a[d - 1 - j]) * Math.exp(b[j])) ** 2 / x.length;
  return [a.map((_, i) => meanSquare[d - 1 - i] - 1), b.map((_, j) => meanSquare[j] - 1)];
}

/** Pearson correlation of two equally long series (NaN when either is constant or a value is missing). */
function correlation(a: readonly (number | null)[], b: readonly number[]): number {
  if (a.length !== b.length || a.some((v) => v === null || !Number.isFinite(v))) return NaN;
  const ma = (a as number[]).reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  a.forEach((v, i) => {
    sab += ((v as number) - ma) * (b[i] - mb);
    saa += ((v as number) - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

/** max over entries of |a − b| / max(1, |b|); NaN when a value is missing or the lengths differ. */
function maxRelativeDiff(a: readonly (number | null)[], b: readonly number[]): number {
  if (a.length !== b.length) return NaN;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v === null || !Number.isFinite(v)) return NaN;
    worst = Math.max(worst, Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  return worst;
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
      ? { passed: true, message: text("pass.api.nll") }
      : failedVerdict(`nll.ts: ${api.problem}`, { notImplemented: api.notImplemented, hint: text("hint.api.nll") });
  const verdicts: Record<string, Verdict> = { api: apiVerdict };
  const checks = ["standard-normal-log-prob", "flow-log-prob", "nll-loss", "nll-gradients", "no-leak"] as const;
  if (!apiVerdict.passed) {
    for (const c of checks) verdicts[c] = { ...apiVerdict, hint: undefined, message: message("verdict.not-checked", { subject: "nll.ts", why: apiVerdict.message.replace("nll.ts: ", "") }) };
    return verdicts;
  }
  const valueCheck = (id: string, fn: string, what: string, want: number[], scalar: boolean, hint: string): Verdict => {
    const r = readCall(run, id);
    if (!r) return dead(fn);
    if (!r.ok) return failedVerdict(`${fn}: ${r.problem}`, { notImplemented: r.notImplemented });
    const shapeOk = scalar ? r.outputShape.length === 0 : r.outputShape.join() === `${want.length}`;
    const value = message("what.nll.value", { what, dim: String(dim) });
    const described = shapeOk ? value : scalar ? message("what.nll.scalar-shape", { what: value, shape: String(r.outputShape) }) : message("what.nll.shape", { what: value, shape: String(r.outputShape), expected: String(want.length) });
    return measuredVerdict(fn, described, shapeOk ? maxRelativeDiff(r.output, want) : NaN, tol.nllValue, hint);
  };
  verdicts["standard-normal-log-prob"] = valueCheck("snlp", "standardNormalLogProb", text("what.nll.standard-normal"), plan.z.map(standardNormalLogDensity), false, NLL_HINTS["standard-normal-log-prob"]);
  verdicts["flow-log-prob"] = valueCheck("flp", "flowLogProb", text("what.nll.flow-log-prob"), plan.x.flp.map((x) => trustedLogProb(x, plan.flowWeights)), false, NLL_HINTS["flow-log-prob"]);
  const nll = -plan.x.loss.reduce((s, x) => s + trustedLogProb(x, plan.flowWeights), 0) / plan.x.loss.length;
  verdicts["nll-loss"] = valueCheck("loss", "nllLoss", text("what.nll.loss"), [nll], true, NLL_HINTS["nll-loss"]);

  verdicts["nll-gradients"] = (() => {
    const g = readGradient(run, "g", [[dim], [dim]]);
    if (!g) return dead("nllLoss");
    if (!g.ok) return failedVerdict(`nllLoss: ${g.problem}`, { hint: g.notImplemented ? undefined : NLL_HINTS["nll-gradients"], notImplemented: g.notImplemented });
    const problems: string[] = [];
    const correct = trustedNllGradient(plan.x.grad, plan.flowWeights);
    for (const k of [0, 1]) {
      const plus = readCall(run, `p:${k}:+`);
      const minus = readCall(run, `p:${k}:-`);
      if (!plus?.ok || !minus?.ok) return plus && minus ? failedVerdict(`nllLoss: ${(!plus.ok ? plus : minus as { problem: string }).problem}`) : dead("nllLoss");
      const fd = ((plus.output[0] ?? NaN) - (minus.output[0] ?? NaN)) / (2 * WEIGHT_STEP);
      const want = correct[k].reduce((s, v, j) => s + v * plan.directions[k][j], 0);
      const claimed = g.grads[k];
      const name = text(k === 0 ? "variable.first-scale" : "variable.second-scale");
      if (claimed === null) {
        problems.push(message("problem.gradient.missing", { name }));
        continue;
      }
      if (!claimed.every((v) => v !== null && Number.isFinite(v))) {
        problems.push(message("problem.gradient.not-finite", { name }));
        continue;
      }
      // Entry by entry, relative to the entry's size: autodiff of a correct loss is off by float32 rounding only.
      const gaps = correct[k].map((w, j) => Math.abs((claimed[j] as number) - w) / Math.max(1, Math.abs(w)));
      const j = gaps.indexOf(Math.max(...gaps));
      const along = claimed.reduce((s: number, v, i) => s + (v as number) * plan.directions[k][i], 0);
      if (!(gaps[j] <= tol.nllValue)) problems.push(message("problem.nll-gradient", { name, claimed: claimed[j] as number, entry: String(j), correct: correct[k][j], along, fd, want }));
    }
    return problems.length
      ? failedVerdict(message("fail.nll-gradients", { count: String(problems.length), problems: problems.join("; ") }), { hint: NLL_HINTS["nll-gradients"] })
      : { passed: true, message: text("pass.nll-gradients") };
  })();

  /** Why the three functions do not yet do their work (so their memory proves nothing), or undefined. */
  const idle = (() => {
    const follows = (id: string, want: number[]) => {
      const r = readCall(run, id);
      return r?.ok && correlation(r.output, want) >= 0.9;
    };
    if (!follows("snlp", plan.z.map(standardNormalLogDensity))) return text("why.idle.standard-normal");
    if (!follows("flp", plan.x.flp.map((x) => trustedLogProb(x, plan.flowWeights)))) return text("why.idle.flow-log-prob");
    const plus = readCall(run, "p:0:+");
    const minus = readCall(run, "p:0:-");
    const moves = plus?.ok && minus?.ok && Math.abs((plus.output[0] ?? NaN) - (minus.output[0] ?? NaN)) > 1e-6;
    return moves ? undefined : text("why.idle.nll-loss");
  })();

  verdicts["no-leak"] = (() => {
    const leak = readLeak(run);
    if (!leak) return dead("nll.ts");
    if (!leak.ok) return failedVerdict(`nll.ts: ${leak.problem}`, { notImplemented: leak.notImplemented });
    if (idle) return notCheckedVerdict("nll.ts", message("why.idle", { why: idle }), { hint: NLL_HINTS["no-leak"] });
    if (leak.tensorsPerCall > tol.leakedTensors) return measuredVerdict("nll.ts", text("what.nll.leak.tensors"), leak.tensorsPerCall, tol.leakedTensors, NLL_HINTS["no-leak"]);
    const warm = run.marks.warm;
    const growth = warm ? Math.max(0, warm.peakAfterMb - warm.rssMb) : NaN;
    return measuredVerdict("nll.ts", message("what.nll.leak.memory", { iterations: String(LEAK.iterations), rows: String(LEAK.rows) }), growth, tol.leakMemoryMb, NLL_HINTS["no-leak"]);
  })();
  return verdicts;
}
