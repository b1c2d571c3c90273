/**
 * Decides each group of tests (plan.ts) from the subjects' numbers: the coupling and NLL
 * exercises case by case, the likelihood, and the type check. Every group turns whatever goes
 * wrong in student code into failed tests with messages; only a fault of the grader itself (it
 * cannot start a process) is reported as such.
 */
import { message, text } from "../../src/i18n/catalogue";
import { PUBLIC_COUPLING_CASES, type CouplingCase } from "../../src/checks/coupling-exercise";
import type { ExerciseId } from "../../src/checks/exercises";
import { PUBLIC_NLL_CASES, type NllCase } from "../../src/checks/nll-exercise";
import { PUBLIC_IMAGE_CASES, type ImageBijectorCase } from "../../src/checks/image-bijector-exercise";
import { PUBLIC_DEQUANTIZATION_CASES, type DequantizationCase } from "../../src/checks/dequantization-exercise";
import { dequantizationJob, dequantizationVerdicts, planDequantizationCase } from "../blackbox/dequantization-verdicts";
import { initJob, planImageCase } from "../blackbox/image-plan";
import { actNormInitVerdicts } from "../blackbox/image-verdicts";
import { logDetGradientVerdict, withLogDetGradient } from "../blackbox/log-det-gradient";
import type { SubjectJob } from "../subject/protocol";
import { PUBLIC_MAF_CASES, type MafCase } from "../../src/checks/made-maf-exercise";
import { mafStageOneJob, planMafCase } from "../blackbox/maf-plan";
import { mafVerdicts } from "../blackbox/maf-verdicts";
import { planCouplingCase, stageOneJob, stageTwoJob, stencilJob, type CouplingCasePlan, type CouplingExercise } from "../blackbox/coupling-plan";
import { couplingVerdicts, type Tolerances } from "../blackbox/coupling-verdicts";
import { gradeLikelihood } from "../blackbox/likelihood";
import type { TrainedFlowEnv } from "../blackbox/trained-flow";
import { gradeImageLikelihood } from "../blackbox/image-likelihood";
import { nllJob, nllVerdicts, planNllCase } from "../blackbox/nll-verdicts";
import { readApi, readCall } from "../blackbox/read-answers";
import { combineCases, failedVerdict, notCheckedVerdict, type Verdict } from "../blackbox/verdict";
import type { SubjectLimits } from "../sandbox/run-subject";
import type { Runtime } from "../sandbox/runtime";
import { runScheduled, type SubjectPool } from "../sandbox/scheduler";
import type { Backend, BijectorJob } from "../subject/protocol";
import type { GroupSpec, TestSpec } from "./plan";
import { outcome, type TestOutcome } from "./report";
import type { Rubric } from "./rubric";
import type { ModuleState } from "./submission-modules";
import type { TypeErrors } from "./type-check";

export interface GroupContext {
  rubric: Rubric;
  runtime: Runtime;
  compiledDir: string;
  modules: Record<ExerciseId, ModuleState>;
  pool: SubjectPool;
  exerciseLimits: SubjectLimits;
  likelihoodLimits: SubjectLimits;
  backend: Backend;
  tolerances: Tolerances;
  typeErrors: Promise<TypeErrors | { failed: string }>;
  signal?: AbortSignal;
}

function toOutcome(spec: TestSpec, v: Verdict & { heldOutNll?: number; trainedSteps?: number; trainingMs?: number }, durationMs: number): TestOutcome {
  return outcome(spec, {
    passed: v.passed,
    message: v.message,
    hint: v.hint,
    measured: v.measured,
    tolerance: v.tolerance,
    notImplemented: v.notImplemented,
    interrupted: v.interrupted,
    durationMs,
    heldOutNll: v.heldOutNll,
    trainedSteps: v.trainedSteps,
    trainingMs: v.trainingMs,
  });
}

/** One subject process for an exercise job, under the exercise limits. */
function runExerciseJob(job: SubjectJob, ctx: GroupContext) {
  return runScheduled(ctx.pool, { runtime: ctx.runtime, submissionDir: ctx.compiledDir, job, limits: ctx.exerciseLimits, signal: ctx.signal });
}

/**
 * The three processes of a bijector case: stage 1 (`first`: forward and inverse on the plan's
 * inputs) and, beside it, the stencils' subject (the log-det points' finite-difference rows among
 * decoys); then, when the module loaded, stage 2 in a fresh process, fed stage 1's outputs (each
 * direction applied to the other's answer, so that no state can carry a round trip), which also
 * re-evaluates some rows of every stencil.
 */
async function runTwoStages(first: BijectorJob, plan: CouplingCasePlan, module: string, ctx: GroupContext, addToStageTwo: (job: BijectorJob) => BijectorJob = (job) => job) {
  const stencilRun = runExerciseJob(stencilJob(plan, module, ctx.backend), ctx);
  stencilRun.catch(() => undefined); // awaited below; a failure of stage 1 must not leave its failure unhandled
  const stage1 = await runExerciseJob(first, ctx);
  const outputOf = (id: string) => {
    const r = readCall(stage1, id);
    return r?.ok ? r.output : undefined;
  };
  const stage2 = readApi(stage1)?.ok ? await runExerciseJob(addToStageTwo(stageTwoJob(plan, module, ctx.backend, outputOf)), ctx) : undefined;
  return { stage1, stage2, stencils: await stencilRun };
}

export async function couplingCase(exercise: CouplingExercise, c: CouplingCase, module: string, ctx: GroupContext): Promise<Record<string, Verdict>> {
  const plan = planCouplingCase(exercise, c, ctx.rubric.secret);
  const { stage1, stage2, stencils } = await runTwoStages(stageOneJob(plan, module, ctx.backend), plan, module, ctx);
  return couplingVerdicts({ exercise, plan, stage1, stage2, stencils, limits: ctx.exerciseLimits, tolerances: ctx.tolerances });
}

async function nllCase(c: NllCase, module: string, ctx: GroupContext): Promise<Record<string, Verdict>> {
  const plan = planNllCase(c);
  const run = await runExerciseJob(nllJob(plan, module, ctx.backend), ctx);
  return nllVerdicts(plan, run, ctx.exerciseLimits, ctx.tolerances);
}

async function mafCase(c: MafCase, module: string, ctx: GroupContext): Promise<Record<string, Verdict>> {
  const plan = planMafCase(c, ctx.rubric.secret);
  const { stage1, stage2, stencils } = await runTwoStages(mafStageOneJob(plan, module, ctx.backend), plan.layer, module, ctx);
  return mafVerdicts({ plan, stage1, stage2, stencils, limits: ctx.exerciseLimits, tolerances: ctx.tolerances });
}

/** Exercises (d), (e): the coupling stages and verdicts on an image bijector, the log-det gradient in stage 2, plus ActNorm's init subject. */
async function imageCase(exercise: "actnorm" | "invertible-conv", c: ImageBijectorCase, module: string, ctx: GroupContext): Promise<Record<string, Verdict>> {
  const plan = planImageCase(exercise, c, ctx.rubric.secret);
  const init = exercise === "actnorm" ? runExerciseJob(initJob(c, module, ctx.backend).job, ctx) : undefined;
  init?.catch(() => undefined); // awaited below
  const { stage1, stage2, stencils } = await runTwoStages(stageOneJob(plan, module, ctx.backend), plan, module, ctx, (job) => withLogDetGradient(job, plan, c));
  const verdicts = couplingVerdicts({ exercise: "affine-coupling", plan, stage1, stage2, stencils, limits: ctx.exerciseLimits, tolerances: ctx.tolerances, hints: plan.hints });
  // without a stage 2, stage 1 says why (its api section, or how it ended)
  verdicts["log-det-gradient"] = logDetGradientVerdict(plan, c, stage2 ?? stage1, ctx.exerciseLimits, ctx.tolerances.finiteDifferenceGradient);
  return init ? { ...verdicts, ...actNormInitVerdicts(c, await init, ctx.exerciseLimits, ctx.tolerances) } : verdicts;
}

/** Exercise (f): one subject per case. */
async function dequantizationCase(c: DequantizationCase, module: string, ctx: GroupContext): Promise<Record<string, Verdict>> {
  const plan = planDequantizationCase(c);
  const run = await runExerciseJob(dequantizationJob(plan, module, ctx.backend), ctx);
  return dequantizationVerdicts(plan, run, ctx.exerciseLimits, ctx.tolerances);
}

/** The per-case verdicts of exercises (d), (e), (f). */
function imageExerciseCases(exercise: "actnorm" | "invertible-conv" | "dequantization", hidden: boolean, module: string, ctx: GroupContext): Promise<Record<string, Verdict>[]> {
  if (exercise === "dequantization") return Promise.all((hidden ? ctx.rubric.hiddenCases.dequantization : PUBLIC_DEQUANTIZATION_CASES).map((c) => dequantizationCase(c, module, ctx)));
  return Promise.all((hidden ? ctx.rubric.hiddenCases.image : PUBLIC_IMAGE_CASES).map((c) => imageCase(exercise, c, module, ctx)));
}

async function exerciseGroup(group: GroupSpec, ctx: GroupContext): Promise<TestOutcome[]> {
  const started = performance.now();
  const exercise = group.exercise!;
  const state = ctx.modules[exercise];
  if (!state.ok) {
    return group.tests.map((t) => toOutcome(t, failedVerdict(t.check === "api" ? state.problem : message("verdict.not-checked.module", { problem: state.problem })), 0));
  }
  const hidden = group.cases === "hidden";
  const perCase =
    exercise === "actnorm" || exercise === "invertible-conv" || exercise === "dequantization"
      ? await imageExerciseCases(exercise, hidden, state.module, ctx)
      : exercise === "nll"
      ? await Promise.all((hidden ? ctx.rubric.hiddenCases.nll : PUBLIC_NLL_CASES).map((c) => nllCase(c, state.module, ctx)))
      : exercise === "made-maf"
        ? await Promise.all((hidden ? ctx.rubric.hiddenCases.maf : PUBLIC_MAF_CASES).map((c) => mafCase(c, state.module, ctx)))
        : await Promise.all((hidden ? ctx.rubric.hiddenCases.coupling : PUBLIC_COUPLING_CASES).map((c) => couplingCase(exercise, c, state.module, ctx)));
  const ms = performance.now() - started;
  return group.tests.map((t) => toOutcome(t, combineCases(perCase.map((v) => v[t.check] ?? failedVerdict(message("grader.undecided", { check: t.check }), { interrupted: "grader" }))), ms));
}

async function likelihoodGroup(group: GroupSpec, ctx: GroupContext): Promise<TestOutcome[]> {
  const started = performance.now();
  const coupling = ctx.modules["affine-coupling"];
  const loss = ctx.modules.nll;
  const verdict =
    !coupling.ok || !loss.ok
      ? notCheckedVerdict(text("flow.realnvp"), (!coupling.ok ? coupling : (loss as { problem: string })).problem)
      : await gradeLikelihood(ctx.rubric.likelihood.config, { ...likelihoodEnv(ctx), couplingModule: coupling.module, lossModule: loss.module });
  return group.tests.map((t) => toOutcome(t, verdict, performance.now() - started));
}

/** Where and under which limits the likelihood tests run their subjects. */
function likelihoodEnv(ctx: GroupContext): TrainedFlowEnv {
  return { runtime: ctx.runtime, submissionDir: ctx.compiledDir, pool: ctx.pool, limits: ctx.likelihoodLimits, backend: ctx.backend, tolerances: ctx.tolerances, secret: ctx.rubric.secret, signal: ctx.signal };
}

const problemOf = (m: ModuleState) => (m.ok ? undefined : m.problem);

async function imageLikelihoodGroup(group: GroupSpec, ctx: GroupContext): Promise<TestOutcome[]> {
  const started = performance.now();
  const actNorm = ctx.modules.actnorm;
  const conv = ctx.modules["invertible-conv"];
  const verdict =
    !actNorm.ok || !conv.ok || !ctx.rubric.imageLikelihood
      ? notCheckedVerdict(text("flow.linear-glow"), problemOf(actNorm) ?? problemOf(conv) ?? text("grader.no-image-likelihood"))
      : await gradeImageLikelihood(ctx.rubric.imageLikelihood.config, { ...likelihoodEnv(ctx), actNormModule: actNorm.module, convModule: conv.module });
  return group.tests.map((t) => toOutcome(t, verdict, performance.now() - started));
}

async function typeCheckGroup(group: GroupSpec, ctx: GroupContext): Promise<TestOutcome[]> {
  const started = performance.now();
  const found = await ctx.typeErrors;
  return group.tests.map((t) => {
    const exercise = t.suite as ExerciseId;
    const state = ctx.modules[exercise];
    const file = state.ok ? undefined : state.problem;
    const errors = "failed" in found ? undefined : found.get(`${exercise}.ts`);
    const verdict: Verdict =
      file !== undefined
        ? failedVerdict(message("fail.type-check.not-checked", { problem: file }))
        : "failed" in found
          ? failedVerdict(message("grader.type-check-failed", { error: found.failed }), { interrupted: "grader" })
          : errors && errors.length
            ? failedVerdict(message("fail.type-check", { count: String(errors.length), errors: errors.slice(0, 5).join(" | ") }), {
                hint: text("hint.type-check"),
              })
            : { passed: true, message: message("pass.type-check", { file: `${exercise}.ts` }) };
    return toOutcome(t, verdict, performance.now() - started);
  });
}

export function runGroup(group: GroupSpec, ctx: GroupContext): Promise<TestOutcome[]> {
  switch (group.kind) {
    case "exercise":
      return exerciseGroup(group, ctx);
    case "likelihood":
      return likelihoodGroup(group, ctx);
    case "image-likelihood":
      return imageLikelihoodGroup(group, ctx);
    default:
      return typeCheckGroup(group, ctx);
  }
}
