/**
 * The verdicts of exercise (g) on one case, from the numbers of two fresh subjects (maf-plan.ts):
 *
 *   masks-shape, masks-autoregressive, masks-connected
 *       the matrices the student's madeMasks returned, judged by the grader against the property
 *       (src/checks/made-masks-property.ts: the paths of kept connections, not one fixed answer)
 *   api, shapes, round-trip-*, log-det-*, inverse-log-det, deterministic, gradients, no-leak
 *       the coupling exercises' verdicts (coupling-verdicts.ts), unchanged: round trips across
 *       processes, log-dets against the grader's finite-difference Jacobian, gradients against
 *       directional finite differences, memory measured from outside
 *   triangular-jacobian
 *       moving input j (by AR_STEP) may move outputs j … D − 1 only, in both directions; output j
 *       itself must move (otherwise the check proves nothing)
 */
import { message, text } from "../../src/i18n/catalogue";
import { MAF_HINTS, MASK_OUTPUTS_PER_DIM } from "../../src/checks/made-maf-exercise";
import { judgeMasks, MASK_CHECK_NAMES, type MasksReturned } from "../../src/checks/made-masks-property";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import { COMMON_HINTS } from "./hints";
import { couplingVerdicts, type Tolerances } from "./coupling-verdicts";
import { AR_STEP, type MafCasePlan } from "./maf-plan";
import { readCall, readMasks } from "./read-answers";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, type Verdict } from "./verdict";

export interface MafEvidence {
  plan: MafCasePlan;
  stage1: ScheduledRun;
  stage2?: ScheduledRun;
  stencils?: ScheduledRun;
  limits: SubjectLimits;
  tolerances: Tolerances;
}

/** The layer hints, keyed as coupling-verdicts.ts asks for them. */
const LAYER_HINTS: Record<string, string> = MAF_HINTS;

function maskVerdicts(ev: MafEvidence): Record<string, Verdict> {
  const { dim, hidden } = ev.plan.case;
  const returned: MasksReturned[] = [];
  for (const p of MASK_OUTPUTS_PER_DIM) {
    const a = readMasks(ev.stage1, `m:${p}`);
    if (!a) {
      const f = describeSubjectFailure(ev.stage1, ev.limits);
      const dead = failedVerdict(`madeMasks(${dim}, [${hidden}]): ${f.reason}`, { interrupted: f.kind });
      return Object.fromEntries(MASK_CHECK_NAMES.map((c) => [c, dead]));
    }
    returned.push(a.ok ? { outputsPerDim: p, masks: a.masks } : { outputsPerDim: p, problem: a.problem, notImplemented: a.notImplemented });
  }
  return judgeMasks(dim, hidden, returned);
}

function triangularVerdict(ev: MafEvidence, apiOk: boolean): Verdict {
  const { plan, stage1, tolerances } = ev;
  const subject = plan.layer.subject;
  if (!apiOk) return failedVerdict(message("verdict.not-checked", { subject, why: text("why.layer-not-built") }));
  const dim = plan.case.dim;
  let worst = { value: 0, where: "" };
  let weakest = { value: Infinity, call: "", output: 0 };
  for (const [d, name] of [["f", "forward"], ["i", "inverse"]] as const) {
    const base = readCall(stage1, `ar:${d}:base`);
    if (!base) return failedVerdict(`${subject}: ${describeSubjectFailure(stage1, ev.limits).reason}`);
    if (!base.ok) return failedVerdict(`${subject}: ${name}: ${base.problem}`, { notImplemented: base.notImplemented });
    for (let j = 1; j < dim; j++) {
      const moved = readCall(stage1, `ar:${d}:${j}`);
      if (!moved) return failedVerdict(`${subject}: ${describeSubjectFailure(stage1, ev.limits).reason}`);
      if (!moved.ok) return failedVerdict(`${subject}: ${name}: ${moved.problem}`, { notImplemented: moved.notImplemented });
      if (moved.output.length !== base.output.length || base.output.length !== plan.arBase.length * dim) return failedVerdict(message("fail.triangular.count", { subject, call: name, count: String(moved.output.length), rows: String(plan.arBase.length), dim: String(dim) }));
      moved.output.forEach((v, k) => {
        const i = k % dim;
        const change = v === null || base.output[k] === null ? NaN : Math.abs(v - (base.output[k] as number));
        if (i < j && (Number.isNaN(change) || change > worst.value)) worst = { value: change, where: message("where.triangular", { call: name, output: String(i), input: String(j) }) };
        if (i === j && !(change >= weakest.value)) weakest = { value: change, call: name, output: j };
      });
    }
  }
  if (dim > 1 && !(weakest.value > 1e-6) && !Number.isNaN(weakest.value)) {
    return failedVerdict(message("fail.triangular.unmoved", { subject, call: weakest.call, output: String(weakest.output), change: weakest.value }), { hint: COMMON_HINTS.trivial });
  }
  const what = message("what.triangular", { step: AR_STEP });
  return measuredVerdict(subject, worst.where ? message("what.triangular.worst", { what, where: worst.where }) : what, worst.value, tolerances.autoregressive, MAF_HINTS["triangular-jacobian"]);
}

/** The verdict of each check of exercise (g) for this case. */
export function mafVerdicts(ev: MafEvidence): Record<string, Verdict> {
  const layer = couplingVerdicts({ exercise: "affine-coupling", plan: ev.plan.layer, stage1: ev.stage1, stage2: ev.stage2, stencils: ev.stencils, limits: ev.limits, tolerances: ev.tolerances, hints: LAYER_HINTS });
  delete layer["kept-unchanged"];
  const s = ev.plan.layer.subject;
  layer.api = layer.api.passed
    ? { ...layer.api, message: message("pass.api.made-maf", { subject: s }) }
    : { ...layer.api, hint: layer.api.hint && text("hint.api.made-maf.layer") };
  return { ...layer, ...maskVerdicts(ev), "triangular-jacobian": triangularVerdict(ev, layer.api.passed) };
}
