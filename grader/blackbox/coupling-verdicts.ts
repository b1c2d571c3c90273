/**
 * The verdicts of a coupling exercise on one case, re-derived by the grader from the numbers of
 * two fresh subjects (coupling-plan.ts). No verdict reads anything but numbers and the
 * supervisor's report:
 *
 *   api                 the class built, with the expected variables, in stage 1
 *   shapes              every output [n, D] and log-det [n], finite, in both directions
 *   kept-unchanged      max |output_j − input_j| over the kept coordinates (mask 1), both
 *                       directions, every input: the layer must pass them through unchanged
 *   round-trip-forward  max |f⁻¹(f(x)) − x|, f in stage 1 and f⁻¹ in stage 2
 *   round-trip-inverse  max |f(f⁻¹(z)) − z|, likewise
 *   log-det-forward     max |returned log-det − log|det J|| with J from finite differences, at
 *                       secret points whose stencils come shuffled among decoys in a third
 *                       subject; one element of every stencil is evaluated again in stage 1 and
 *                       another in stage 2, and a row whose answer changed beyond float32 rounding fails the check ("outputs
 *                       depend on the other rows of the batch", shuffled-stencils.ts)
 *   log-det-inverse     the same for the inverse
 *   inverse-log-det     max |logdet_f(x) + logdet_f⁻¹(f(x))|, across the two stages
 *   deterministic       repeated inputs, in one process and across processes, both directions
 *   gradients           each variable's autodiff gradient (stage 1) against a directional finite
 *                       difference of L at perturbed weights (stage 2), on rows where the conditioner
 *                       has no ReLU kink within the step (kink-free-rows.ts); none may be missing
 *   no-leak             no tensor left per call (reported) and resident memory that does not grow
 *                       (measured by the supervisor, from outside)
 *
 * A layer that leaves its transformed coordinates untouched with the grader's random weights
 * (the identity, a copy of its input) ignores its conditioner: its invertibility and log-dets
 * prove nothing, so those checks fail for it.
 */
import { message, text } from "../../src/i18n/catalogue";
import { gradientsAgree } from "../../src/checks/log-det-gradient";
import { GRADIENT_ABSOLUTE_FLOOR, TOLERANCES, ZERO_GRADIENT } from "../../src/tolerances";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import { gradientRequest, LEAK, WEIGHT_STEP, type CouplingCasePlan, type CouplingExercise } from "./coupling-plan";
import { fdLogDets } from "./finite-differences";
import { rowDependence, unmix } from "./shuffled-stencils";
import { COMMON_HINTS, COUPLING_HINTS } from "./hints";
import { readApi, readCall, readGradient, readLeak, type CallAnswer } from "./read-answers";
import { allFinite, maxAbsDiff } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, notCheckedVerdict, type Verdict } from "./verdict";

export type Tolerances = { -readonly [K in keyof typeof TOLERANCES]: number };

export interface CouplingEvidence {
  exercise: CouplingExercise;
  plan: CouplingCasePlan;
  stage1: ScheduledRun;
  /** The log-det points' stencils among decoys (coupling-plan.ts stencilJob); undefined when stage 1 could not build the layer. */
  stencils?: ScheduledRun;
  /** Undefined when stage 1 gave nothing to build on. */
  stage2?: ScheduledRun;
  limits: SubjectLimits;
  tolerances: Tolerances;
  /** Hints to print instead of the coupling exercise's (exercise (g) reuses these verdicts: maf-verdicts.ts). */
  hints?: Record<string, string>;
}

type Ok = Extract<CallAnswer, { ok: true }>;
const DIRECTION_NAME = { f: "forward", i: "inverse" } as const;

class Missing extends Error {
  constructor(readonly verdict: Verdict) {
    super(verdict.message);
  }
}

/** The verdict of each check for this case. */
export function couplingVerdicts(ev: CouplingEvidence): Record<string, Verdict> {
  const { plan, stage1, exercise, tolerances: tol } = ev;
  const subject = plan.subject;
  const hints = ev.hints ?? COUPLING_HINTS[exercise];
  const dead = (run: ScheduledRun) => {
    const f = describeSubjectFailure(run, ev.limits);
    return failedVerdict(`${subject}: ${f.reason}`, { interrupted: f.kind });
  };
  const api = readApi(stage1);
  const apiVerdict: Verdict = !api
    ? dead(stage1)
    : !api.ok
      ? failedVerdict(`${subject}: ${api.problem}`, { notImplemented: api.notImplemented, hint: text("hint.api.coupling") })
      : api.dim !== plan.dim
        ? failedVerdict(`${subject}: ${message("problem.dim", { what: plan.constructedFrom ? "H·W·C" : text("what.mask-length"), dim: String(plan.dim), got: String(api.dim) })}`)
        : { passed: true, message: message("pass.api.coupling", { subject, from: plan.constructedFrom ?? "(mask, { hidden, seed })" }) };
  const verdicts: Record<string, Verdict> = { api: apiVerdict };
  const checks = ["shapes", "kept-unchanged", "round-trip-forward", "round-trip-inverse", "log-det-forward", "log-det-inverse", "inverse-log-det", "deterministic", "gradients", "no-leak"] as const;
  if (!apiVerdict.passed) {
    const problem = apiVerdict.message.replace(`${subject}: `, "");
    const why = apiVerdict.interrupted ? problem : message("verdict.not-built", { problem });
    for (const c of checks) verdicts[c] = { ...apiVerdict, hint: undefined, message: message("verdict.not-checked", { subject, why }) };
    return verdicts;
  }

  /** A stage-1 or stage-2 call that answered ok, or a Missing error carrying the failing verdict. */
  const need = (run: ScheduledRun | undefined, id: string, what: string): Ok => {
    if (!run) throw new Missing(notCheckedVerdict(subject, message("why.no-input", { what })));
    const r = readCall(run, id);
    if (!r) throw new Missing(dead(run));
    if (!r.ok) throw new Missing(failedVerdict(`${subject}: ${what}: ${r.problem}`, { notImplemented: r.notImplemented }));
    return r;
  };
  const guard = (check: string, body: () => Verdict) => {
    try {
      verdicts[check] = body();
    } catch (err) {
      if (!(err instanceof Missing)) throw err;
      verdicts[check] = err.verdict;
    }
  };
  const flat = (label: string) => plan.inputs.find((i) => i.label === label)!.rows.flat();
  const labels = plan.inputs.map((i) => i.label);
  const worstOf = (items: { value: number; label: string }[]) => items.reduce((a, b) => (Number.isNaN(b.value) || b.value > a.value ? b : a), { value: 0, label: labels[0] as string });

  guard("shapes", () => {
    for (const label of labels) {
      const rows = plan.inputs.find((i) => i.label === label)!.rows.length;
      for (const d of ["f", "i"] as const) {
        const r = need(stage1, `${d}:${label}`, message("where.inputs", { direction: DIRECTION_NAME[d], label }));
        const problem =
          r.outputShape.join() !== `${rows},${plan.dim}`
            ? message("problem.output-shape", { shape: String(r.outputShape), rows: String(rows), dim: String(plan.dim) })
            : r.logDetShape?.join() !== `${rows}`
              ? message("problem.log-det-shape", { shape: String(r.logDetShape ?? "none"), rows: String(rows) })
              : !allFinite(r.output) || !allFinite(r.logDet ?? [])
                ? text("problem.not-finite")
                : null;
        if (problem) return failedVerdict(message("fail.shapes", { where: message("where.inputs", { direction: `${subject}.${DIRECTION_NAME[d]}`, label }), problem }), { hint: hints.shapes });
      }
    }
    return { passed: true, message: message("pass.shapes", { subject }) };
  });

  guard("kept-unchanged", () => {
    const items: { value: number; label: string }[] = [];
    for (const label of labels) {
      const x = flat(label);
      for (const d of ["f", "i"] as const) {
        const r = need(stage1, `${d}:${label}`, message("where.inputs", { direction: DIRECTION_NAME[d], label }));
        let worst = r.output.length === x.length ? 0 : NaN;
        r.output.forEach((v, k) => {
          if (plan.case.mask[k % plan.dim] !== 1) return;
          worst = v === null || Number.isNaN(worst) ? NaN : Math.max(worst, Math.abs(v - Math.fround(x[k]))); // the subject saw float32
        });
        items.push({ value: worst, label: message("where.inputs", { direction: DIRECTION_NAME[d], label }) });
      }
    }
    const worst = worstOf(items);
    return measuredVerdict(subject, message("what.kept-unchanged", { where: worst.label }), worst.value, tol.roundTrip, hints["kept-unchanged"]);
  });

  // With random weights the transformed coordinates must move.
  const movement = (() => {
    const r = readCall(stage1, "f:seeded");
    if (!r?.ok) return undefined;
    const x = flat("seeded");
    let moved = 0;
    r.output.forEach((v, i) => {
      if (plan.case.mask[i % plan.dim] === 0) moved = Math.max(moved, v === null ? Infinity : Math.abs(v - x[i]));
    });
    return { moved };
  })();
  // …and the output must change when the weights do (stage 2 moves each variable a little, on the gradient check's rows).
  const weightEffect = (() => {
    const seeded = readCall(stage1, "f:seeded");
    if (!ev.stage2 || !seeded?.ok) return undefined;
    const base = { output: plan.gradientRows.flatMap((r) => seeded.output.slice(r * plan.dim, (r + 1) * plan.dim)) };
    let most = 0;
    for (let k = 0; k < plan.shapes.length; k++) {
      for (const sign of ["+", "-"]) {
        const r = readCall(ev.stage2, `p:${k}:${sign}`);
        if (!r?.ok) return undefined;
        const d = maxAbsDiff(r.output, base.output);
        most = Math.max(most, Number.isNaN(d) ? Infinity : d);
      }
    }
    return most;
  })();
  const nonTrivial = (check: string, body: () => Verdict) =>
    guard(check, () => {
      if (movement && movement.moved < 1e-6) {
        return failedVerdict(message("fail.trivial.unmoved", { subject, moved: movement.moved }), { hint: COMMON_HINTS.trivial });
      }
      if (weightEffect !== undefined && weightEffect < 1e-7) {
        return failedVerdict(message("fail.trivial.weights", { subject }), { hint: COMMON_HINTS.trivial });
      }
      return body();
    });

  for (const [check, there, back] of [["round-trip-forward", "f", "i"], ["round-trip-inverse", "i", "f"]] as const) {
    nonTrivial(check, () => {
      const items = labels.map((label) => {
        need(stage1, `${there}:${label}`, message("where.inputs", { direction: DIRECTION_NAME[there], label }));
        const r = need(ev.stage2, `rt:${there}:${label}`, message("what.call.round-trip", { back: DIRECTION_NAME[back], there: DIRECTION_NAME[there], label }));
        return { value: maxAbsDiff(r.output, flat(label)), label };
      });
      const worst = worstOf(items);
      const what = message(there === "f" ? "what.round-trip-forward" : "what.round-trip-inverse", { label: worst.label });
      return measuredVerdict(subject, what, worst.value, tol.roundTrip, hints["round-trip"]);
    });
  }

  for (const [check, d] of [["log-det-forward", "f"], ["log-det-inverse", "i"]] as const) {
    nonTrivial(check, () => {
      const st = plan.stencils[d];
      const n = plan.fdPoints.length;
      const count = n + st.fd.rows.length;
      const evaluated = need(ev.stencils, `fd:${d}`, message("what.call.stencils", { direction: DIRECTION_NAME[d] }));
      const output = unmix(st.evaluation, evaluated.output, plan.dim, count);
      const logDet = unmix(st.evaluation, evaluated.logDet, 1, count);
      const dependence = Math.max(
        ...[stage1, ev.stage2].flatMap((run, k) => {
          const { rechecked, mix } = st.rechecks[k];
          const again = need(run, `chk:${d}`, message("what.call.recheck", { direction: DIRECTION_NAME[d] }));
          return [
            rowDependence(rechecked.flatMap((i) => output.slice(i * plan.dim, (i + 1) * plan.dim)), unmix(mix, again.output, plan.dim, rechecked.length)),
            rowDependence(rechecked.map((i) => logDet[i]), unmix(mix, again.logDet, 1, rechecked.length)),
          ];
        }),
      );
      if (!(dependence <= tol.rowIndependence)) {
        const what = Number.isNaN(dependence) ? text("what.row-dependence.missing") : message("what.row-dependence.changed", { dependence, tolerance: tol.rowIndependence });
        return failedVerdict(message("fail.row-dependence", { subject, direction: DIRECTION_NAME[d], what }), { measured: dependence, tolerance: tol.rowIndependence, hint: COMMON_HINTS["row-independent"] });
      }
      const est = fdLogDets(st.fd, output.slice(n * plan.dim));
      const items = plan.fdPoints.map((_, p) => ({ value: Math.abs((logDet[p] ?? NaN) - est.logDet[p]), label: plan.fdLabels[p], spread: est.spread[p] }));
      const worst = items.reduce((a, b) => (Number.isNaN(b.value) || b.value > a.value ? b : a));
      const what = message("what.log-det", { direction: DIRECTION_NAME[d], label: worst.label });
      const rough = !worst.value || worst.spread <= tol.finiteDifferenceLogDet / 2 ? what : message("what.log-det.rough", { what, spread: worst.spread });
      return measuredVerdict(subject, rough, worst.value, tol.finiteDifferenceLogDet, hints[check]);
    });
  }

  nonTrivial("inverse-log-det", () => {
    const items = labels.map((label) => {
      const f = need(stage1, `f:${label}`, message("where.inputs", { direction: "forward", label }));
      const g = need(ev.stage2, `rt:f:${label}`, message("what.call.round-trip", { back: "inverse", there: "forward", label }));
      return { value: maxAbsDiff(f.logDet ?? [], (g.logDet ?? []).map((v) => (v === null ? null : -v))), label };
    });
    const worst = worstOf(items);
    return measuredVerdict(subject, message("what.inverse-log-det", { label: worst.label }), worst.value, tol.inverseLogDet, hints["inverse-log-det"]);
  });

  nonTrivial("deterministic", () => {
    const same = (a: Ok, b: Ok) => Math.max(maxAbsDiff(a.output, b.output), maxAbsDiff(a.logDet ?? [], b.logDet ?? []));
    const values: { value: number; label: string }[] = [];
    for (const label of labels) {
      for (const d of ["f", "i"] as const) {
        values.push({ value: same(need(stage1, `${d}:${label}`, message("where.inputs", { direction: DIRECTION_NAME[d], label })), need(stage1, `${d}2:${label}`, message("what.call.again", { direction: DIRECTION_NAME[d] }))), label: message("where.twice", { direction: DIRECTION_NAME[d] }) });
      }
    }
    for (const d of ["f", "i"] as const) {
      values.push({ value: same(need(stage1, `${d}:seeded`, `${DIRECTION_NAME[d]}`), need(ev.stage2, `x:${d}`, message("what.call.second-process", { direction: DIRECTION_NAME[d] }))), label: message("where.two-processes", { direction: DIRECTION_NAME[d] }) });
    }
    const worst = worstOf(values);
    return measuredVerdict(subject, message("what.deterministic", { where: worst.label }), worst.value, tol.determinism, COMMON_HINTS.deterministic);
  });

  guard("gradients", () => {
    const g = readGradient(stage1, "g", plan.shapes);
    if (!g) throw new Missing(dead(stage1));
    if (!g.ok) return failedVerdict(`${subject}: ${g.problem}`, { hint: g.notImplemented ? undefined : COMMON_HINTS.gradients, notImplemented: g.notImplemented });
    const { a } = gradientRequest(plan);
    const loss = (id: string) => {
      const r = need(ev.stage2, id, text("what.call.perturbed"));
      let total = 0;
      r.output.forEach((v, i) => (total += a[i] * (v ?? NaN)));
      (r.logDet ?? []).forEach((v) => (total += plan.c * (v ?? NaN)));
      return total;
    };
    const layers = plan.shapes.length / 2;
    const nameOf = (k: number) => plan.variableNames?.[k] ?? message(k < layers ? "variable.weight" : "variable.bias", { layer: String((k % layers) + 1), shape: String(plan.shapes[k]) });
    const problems: string[] = [];
    plan.shapes.forEach((_, k) => {
      const claimed = g.grads[k];
      // central difference on rows where the conditioner has no ReLU kink within the step (kink-free-rows.ts)
      const fd = (loss(`p:${k}:+`) - loss(`p:${k}:-`)) / (2 * WEIGHT_STEP);
      if (claimed === null) {
        problems.push(message("problem.gradient.unreached", { name: nameOf(k), why: Math.abs(fd) > GRADIENT_ABSOLUTE_FLOOR ? message("problem.gradient.unreached.moves", { fd }) : text("problem.gradient.unreached.idle") }));
        return;
      }
      if (!allFinite(claimed)) {
        problems.push(message("problem.gradient.not-finite", { name: nameOf(k) }));
        return;
      }
      const along = claimed.reduce((s, v, j) => s + v * plan.directions[k][j], 0);
      if (Math.abs(fd) < ZERO_GRADIENT && Math.abs(along) < ZERO_GRADIENT) problems.push(message("problem.gradient.zero", { name: nameOf(k) }));
      else if (!gradientsAgree(along, fd, tol.finiteDifferenceGradient)) problems.push(message("problem.gradient.disagree", { name: nameOf(k), along, fd }));
    });
    return problems.length
      ? failedVerdict(`${subject}: ${problems.join("; ")}`, { hint: COMMON_HINTS.gradients })
      : { passed: true, message: message("pass.gradients", { subject, count: String(plan.shapes.length) }) };
  });

  guard("no-leak", () => {
    const leak = readLeak(stage1);
    if (!leak) throw new Missing(dead(stage1));
    if (!leak.ok) return failedVerdict(`${subject}: ${leak.problem}`, { notImplemented: leak.notImplemented });
    const warm = stage1.marks.warm;
    const growth = warm ? Math.max(0, warm.peakAfterMb - warm.rssMb) : NaN;
    if (leak.tensorsPerCall > tol.leakedTensors) {
      return measuredVerdict(subject, text("what.leak.tensors"), leak.tensorsPerCall, tol.leakedTensors, COMMON_HINTS.leak);
    }
    return measuredVerdict(subject, message("what.leak.memory", { iterations: String(LEAK.iterations), rows: String(LEAK.rows) }), growth, tol.leakMemoryMb, COMMON_HINTS.leak);
  });
  return verdicts;
}
