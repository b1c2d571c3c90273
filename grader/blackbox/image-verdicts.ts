/**
 * ActNorm's data-dependent initialisation (exercise (d)), decided by the grader from the numbers
 * of one fresh subject (image-plan.ts initJob, subject/init-job.ts):
 *
 *   init-normalizes  the grader's own per-channel mean and variance (float64, over the batch and
 *                    all pixels) of forward(A) after initialize(A): max_c |mean_c|, |var_c − 1|
 *                    ≤ actNormInit; and `initialized` false before, true after
 *   init-once        max |forward(A) after a second initialize(B) − forward(A) before| ≤ determinism
 */
import { message, text } from "../../src/i18n/catalogue";
import { ACTNORM_INIT_HINTS, normalizationError } from "../../src/checks/actnorm-init";
import type { ImageBijectorCase } from "../../src/checks/image-bijector-exercise";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { Tolerances } from "./coupling-verdicts";
import { readApi, readCall } from "./read-answers";
import { allFinite, maxAbsDiff } from "./rows";
import { describeSubjectFailure } from "./subject-failure";
import { failedVerdict, measuredVerdict, notCheckedVerdict, type Verdict } from "./verdict";

export function actNormInitVerdicts(c: ImageBijectorCase, run: ScheduledRun, limits: SubjectLimits, tol: Tolerances): Record<"init-normalizes" | "init-once", Verdict> {
  const subject = `ActNorm(${c.shape.height}x${c.shape.width}x${c.shape.channels})`;
  const dead = () => {
    const f = describeSubjectFailure(run, limits);
    return failedVerdict(`${subject}: ${f.reason}`, { interrupted: f.kind });
  };
  const api = readApi(run);
  if (!api || !api.ok) {
    const v = !api ? dead() : notCheckedVerdict(subject, api.problem, { notImplemented: api.notImplemented });
    return { "init-normalizes": v, "init-once": v };
  }
  const flag = (id: string) => {
    const r = readCall(run, id);
    return r?.ok && r.output.length === 1 ? r.output[0] === 1 : undefined;
  };
  const output = (id: string): { values?: number[]; verdict?: Verdict } => {
    const r = readCall(run, id);
    if (!r) return { verdict: dead() };
    if (!r.ok) return { verdict: failedVerdict(`${subject}: ${r.problem}`, { notImplemented: r.notImplemented, hint: r.notImplemented ? undefined : ACTNORM_INIT_HINTS["init-normalizes"] }) };
    if (!allFinite(r.output)) return { verdict: failedVerdict(message("fail.init.not-finite", { subject }), { hint: ACTNORM_INIT_HINTS["init-normalizes"] }) };
    return { values: r.output };
  };
  const first = output("init:a");
  const normalizes: Verdict = first.verdict
    ? first.verdict
    : flag("flag:fresh") !== false
      ? failedVerdict(message("fail.init.fresh", { subject }), { hint: ACTNORM_INIT_HINTS["init-normalizes"] })
      : flag("flag:init:a") !== true
        ? failedVerdict(message("fail.init.flag", { subject }), { hint: ACTNORM_INIT_HINTS["init-normalizes"] })
        : measuredVerdict(subject, text("what.init-normalizes"), normalizationError(first.values!, c.shape.channels), tol.actNormInit, ACTNORM_INIT_HINTS["init-normalizes"]);
  const again = output("init:again");
  const once: Verdict = first.verdict
    ? first.verdict
    : again.verdict
      ? again.verdict
      : measuredVerdict(subject, text("what.init-once"), maxAbsDiff(again.values!, first.values!), tol.determinism, ACTNORM_INIT_HINTS["init-once"]);
  return { "init-normalizes": normalizes, "init-once": once };
}
