/**
 * The grader's log-det-gradient check of the image exercises (d) ActNorm and (e) Invertible1x1Conv
 * (issue 18): the gradient of the summed forward log-det with respect to the layer's parameters
 * must agree with the grader's own finite differences of black-box log-dets.
 *
 * Asked of the case's stage-2 subject (a bijector job, subject/bijector-job.ts, whose own calls
 * need no gradient), with the case's weights:
 *   gradient  autodiff ∂L/∂θ of L = Σ_rows logDet_forward(x)   (output weights a = 0, c = 1)
 *   calls     forward(x) with the weights of ONE variable moved to θ_k ± h·d, for two unit directions
 *             d per variable (all entries equal, which moves Σθ_k as these log-dets depend on, and a
 *             seeded random one); only the log-dets are used
 * The grader sums each call's log-dets in float64 and forms (L(+h) − L(−h)) / 2h, then asks
 * |∇L·d − that| ≤ finiteDifferenceGradient · max(|∇L·d|, |that|) + GRADIENT_ABSOLUTE_FLOOR (src/checks/log-det-gradient.ts,
 * the same rule as the self-check). A log-det with the right values but no gradient (read back and
 * re-wrapped, as tf.fill of a number) has ∇L = 0 while its values move with θ: it fails, with the
 * hint that says why training would stall.
 */
import { message, text } from "../../src/i18n/catalogue";
import type { ImageBijectorCase } from "../../src/checks/image-bijector-exercise";
import { gradientsAgree, logDetGradientHint, LOG_DET_GRADIENT_ROWS, LOG_DET_WEIGHT_STEP, logDetGradientDirections } from "../../src/checks/log-det-gradient";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { BijectorCall, BijectorJob } from "../subject/protocol";
import type { CouplingCasePlan } from "./coupling-plan";
import { readApi, readCall, readGradient } from "./read-answers";
import { toRows } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { sizeOf } from "./weights";
import { failedVerdict, notCheckedVerdict, type Verdict } from "./verdict";

/** The variables moved along d at ±h: weights with variable k at θ_k + t·d. */
function moved(weights: readonly number[][], k: number, d: readonly number[], t: number): number[][] {
  return weights.map((w, i) => (i === k ? w.map((x, j) => x + t * d[j]) : [...w]));
}

/**
 * What one case adds to a bijector job (image stage 2, run-groups.ts): the gradient of the summed
 * log-det ("ldg") and the log-dets at moved weights ("ldg:k:m:±"). The calls restore the case's
 * weights afterwards, so the job's other calls are unaffected.
 */
export function withLogDetGradient(job: BijectorJob, plan: CouplingCasePlan, c: ImageBijectorCase): BijectorJob {
  const rows = plan.inputs.find((i) => i.label === "seeded")!.rows.slice(0, LOG_DET_GRADIENT_ROWS);
  const input = toRows(rows);
  const directions = logDetGradientDirections(plan.shapes.map(sizeOf), c.seed + 900);
  const calls: BijectorCall[] = [];
  directions.forEach((ds, k) =>
    ds.forEach((d, m) => {
      for (const sign of [1, -1]) calls.push({ id: `ldg:${k}:${m}:${sign > 0 ? "+" : "-"}`, direction: "forward", input, weights: moved(plan.weights, k, d, sign * LOG_DET_WEIGHT_STEP) });
    }),
  );
  return { ...job, calls: [...job.calls, ...calls], gradient: { id: "ldg", input, outputWeights: new Array(rows.length * plan.dim).fill(0), logDetWeight: 1 } };
}

/** The verdict of the log-det-gradient check for one case. */
export function logDetGradientVerdict(plan: CouplingCasePlan & { variableNames?: string[] }, c: ImageBijectorCase, run: ScheduledRun, limits: SubjectLimits, tolerance: number): Verdict {
  const subject = plan.subject;
  const dead = () => {
    const f = describeSubjectFailure(run, limits);
    return failedVerdict(`${subject}: ${f.reason}`, { interrupted: f.kind });
  };
  const api = readApi(run);
  if (!api) return dead();
  if (!api.ok) return notCheckedVerdict(subject, api.problem, { notImplemented: api.notImplemented });
  const g = readGradient(run, "ldg", plan.shapes);
  if (!g) return dead();
  if (!g.ok) return failedVerdict(`${subject}: ${g.problem}`, { notImplemented: g.notImplemented, hint: g.notImplemented ? undefined : logDetGradientHint() });
  const summed = (id: string): number => {
    const r = readCall(run, id);
    if (!r || !r.ok || !r.logDet) return NaN;
    return r.logDet.reduce<number>((s, v) => s + (v ?? NaN), 0);
  };
  const directions = logDetGradientDirections(plan.shapes.map(sizeOf), c.seed + 900);
  const problems: string[] = [];
  directions.forEach((ds, k) => {
    const name = plan.variableNames?.[k] ?? `trainableVariables()[${k}]`;
    const claimed = g.grads[k];
    for (let m = 0; m < ds.length; m++) {
      const finite = (summed(`ldg:${k}:${m}:+`) - summed(`ldg:${k}:${m}:-`)) / (2 * LOG_DET_WEIGHT_STEP);
      const along = claimed ? claimed.reduce<number>((s, v, j) => s + (v ?? NaN) * ds[m][j], 0) : 0;
      if (!Number.isFinite(finite) || !Number.isFinite(along)) {
        problems.push(message("problem.log-det-gradient.missing", { name }));
        return;
      }
      if (!gradientsAgree(along, finite, tolerance)) {
        problems.push(message("problem.log-det-gradient.disagree", { name, finite, along, unreached: claimed ? "" : text("problem.log-det-gradient.unreached") }));
        return;
      }
    }
  });
  return problems.length
    ? failedVerdict(message("fail.log-det-gradient", { subject, problems: problems.join("; ") }), { hint: logDetGradientHint() })
    : { passed: true, message: message("pass.log-det-gradient", { subject, count: String(plan.shapes.length) }) };
}
