/**
 * `npm run calibrate:grader`: measures what the grader's thresholds and tolerances rest on, through
 * the grader's own black-box path (sandboxed subjects, numbers only):
 *
 *   1. the likelihood threshold: the held-out NLL of the reference solutions over the rubric's
 *      calibration seeds on each backend (wasm, cpu), and of every fixture whose affine-coupling.ts
 *      or nll.ts differs from the solutions (wasm, the grading seed);
 *        suggested threshold = worst correct NLL + calibration margin;
 *   2. the finite-difference log-det tolerance: the worst |returned log-det − FD estimate| of the
 *      solutions' coupling layers over many seeds, masks and both backends, against the smallest
 *      error of the fixtures' log-det bugs;
 *   3. the gradient check: the worst relative gap between autodiff and finite differences;
 *   4. the image likelihood threshold (exercises d, e): held-out bits/dim of the solutions over the
 *      rubric's imageLikelihood calibration seeds (wasm), and of the fixtures whose actnorm.ts or
 *      invertible-conv.ts differs (wasm, the grading seed); threshold = worst correct + margin.
 *
 * Options: --sections 1,2,4 (default all; 2 runs sections 2–3)  --seeds 0,1,2  --backends wasm,cpu  --fixtures none|all|a,b  --cases 12
 */
import { join } from "node:path";
import { PUBLIC_COUPLING_CASES, type CouplingCase } from "../src/checks/coupling-exercise";
import { fmt } from "../src/checks/check-result";
import { TOLERANCES } from "../src/tolerances";
import type { CouplingExercise } from "./blackbox/coupling-plan";
import type { Tolerances } from "./blackbox/coupling-verdicts";
import { gradeLikelihood } from "./blackbox/likelihood";
import { gradeImageLikelihood } from "./blackbox/image-likelihood";
import { subjectLimits } from "./core/grade-submission";
import { REPO_ROOT } from "./core/paths";
import { runPool } from "./core/pool";
import { loadRubric } from "./core/rubric";
import { couplingCase, type GroupContext } from "./core/run-groups";
import { stageSubmission, type Staged } from "./core/stage";
import { compileSubmission } from "./core/submission-modules";
import { fixtureFiles, fixtureNames, fixtureSubmission } from "./fixture-submission";
import { subjectRuntime } from "./sandbox/runtime";
import { SubjectPool } from "./sandbox/scheduler";
import type { Backend } from "./subject/protocol";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined);

async function context(staged: Staged, backend: Backend, pool: SubjectPool): Promise<GroupContext> {
  const rubric = loadRubric();
  const runtime = await subjectRuntime();
  return {
    rubric,
    runtime,
    compiledDir: staged.compiledDir,
    modules: await compileSubmission(staged, runtime),
    pool,
    exerciseLimits: subjectLimits(rubric.limits.exerciseTimeoutMs, rubric.limits),
    likelihoodLimits: subjectLimits(rubric.limits.likelihoodTimeoutMs, rubric.limits),
    backend,
    tolerances: { ...TOLERANCES, ...rubric.tolerances } as Tolerances,
    typeErrors: Promise.resolve(new Map()),
  };
}

async function likelihoodNll(ctx: GroupContext, seed: number): Promise<{ nll?: number; message: string }> {
  const cfg = { ...ctx.rubric.likelihood.config, seed };
  const a = ctx.modules["affine-coupling"];
  const n = ctx.modules.nll;
  if (!a.ok || !n.ok) return { message: !a.ok ? a.problem : (n as { problem: string }).problem };
  const v = await gradeLikelihood(cfg, { runtime: ctx.runtime, submissionDir: ctx.compiledDir, couplingModule: a.module, lossModule: n.module, pool: ctx.pool, limits: ctx.likelihoodLimits, backend: ctx.backend, tolerances: ctx.tolerances, secret: ctx.rubric.secret });
  return { nll: v.heldOutNll, message: v.message };
}

async function imageBitsPerDim(ctx: GroupContext, seed: number): Promise<{ bpd?: number; message: string }> {
  const a = ctx.modules.actnorm;
  const c = ctx.modules["invertible-conv"];
  if (!a.ok || !c.ok || !ctx.rubric.imageLikelihood) return { message: !a.ok ? a.problem : !c.ok ? c.problem : "no imageLikelihood in the rubric" };
  const v = await gradeImageLikelihood({ ...ctx.rubric.imageLikelihood.config, seed }, { runtime: ctx.runtime, submissionDir: ctx.compiledDir, actNormModule: a.module, convModule: c.module, pool: ctx.pool, limits: ctx.likelihoodLimits, backend: ctx.backend, tolerances: ctx.tolerances, secret: ctx.rubric.secret });
  return { bpd: v.measured, message: v.message };
}

/** Cases beyond the public and hidden ones: random masks of dimension 2–6 and widths, seeded. */
function calibrationCases(n: number): CouplingCase[] {
  return Array.from({ length: n }, (_, i) => {
    const dim = 2 + (i % 5);
    const mask = Array.from({ length: dim }, (_, j) => ((j * 7 + i) % 3 === 0 ? 1 : 0));
    if (!mask.includes(1)) mask[0] = 1;
    if (!mask.includes(0)) mask[dim - 1] = 0;
    return { mask, hidden: i % 2 ? [32, 32] : [24], seed: 1000 + i };
  });
}

async function main(): Promise<void> {
  const rubric = loadRubric();
  const cal = rubric.likelihood.calibration;
  const seeds = (list(arg("seeds")) ?? cal.seeds.map(String)).map(Number);
  const backends = (list(arg("backends")) ?? cal.backends) as Backend[];
  const fixturesArg = arg("fixtures") ?? "all";
  const nCases = Number(arg("cases") ?? 12);
  const sections = list(arg("sections")) ?? ["1", "2", "4"];
  const pool = new SubjectPool(rubric.limits.concurrency);
  const t0 = performance.now();
  const solutions = stageSubmission(join(REPO_ROOT, "solutions"));
  try {
    if (sections.includes("1")) {
      console.log(`\n## 1. Likelihood: ${rubric.likelihood.config.steps} steps; seeds ${seeds.join(",")}; backends ${backends.join(", ")}`);
      const runs: { backend: Backend; seed: number; nll?: number; message: string }[] = [];
      for (const backend of backends) {
        const ctx = await context(solutions, backend, pool);
        runs.push(...(await runPool(seeds.map((seed) => async () => ({ backend, seed, ...(await likelihoodNll(ctx, seed)) })), rubric.limits.concurrency)));
      }
      console.log("| backend | " + seeds.join(" | ") + " |\n|---|" + seeds.map(() => "---").join("|") + "|");
      for (const b of backends) console.log(`| solutions, ${b} | ${runs.filter((r) => r.backend === b).map((r) => fmt(r.nll ?? NaN)).join(" | ")} |`);
      const nlls = runs.map((r) => r.nll).filter((x): x is number => typeof x === "number");
      const worst = Math.max(...nlls);
      console.log(`correct: ${fmt(Math.min(...nlls))} … ${fmt(worst)}; suggested threshold = ${fmt(worst)} + margin ${cal.margin} = ${fmt(worst + cal.margin)}; rubric: ${rubric.likelihood.config.threshold} (${rubric.likelihood.config.threshold >= worst + cal.margin ? "covers it" : "TOO LOW"})`);
      const fixtures = fixturesArg === "none" ? [] : fixturesArg === "all" ? fixtureNames().filter((n) => fixtureFiles(n).some((f) => f === "affine-coupling.ts" || f === "nll.ts")) : list(fixturesArg)!;
      for (const name of fixtures) {
        const staged = stageSubmission(fixtureSubmission(name));
        try {
          const r = await likelihoodNll(await context(staged, "wasm", pool), rubric.likelihood.config.seed);
          console.log(`  fixture ${name}: ${r.nll !== undefined ? `NLL ${fmt(r.nll)}` : "no NLL"} — ${r.message.slice(0, 160)}`);
        } finally {
          staged.cleanup();
        }
      }

    }
    if (sections.includes("2")) {
      console.log(`\n## 2–3. Log-det and gradient checks of the solutions: public, hidden and ${nCases} more cases, both exercises, ${backends.join(" and ")}`);
      const cases = [...PUBLIC_COUPLING_CASES, ...rubric.hiddenCases.coupling, ...calibrationCases(nCases)];
      for (const backend of backends) {
        const ctx = await context(solutions, backend, pool);
        for (const exercise of ["additive-coupling", "affine-coupling"] as CouplingExercise[]) {
          const module = (ctx.modules[exercise] as { module: string }).module;
          const verdicts = await runPool(cases.map((c) => () => couplingCase(exercise, c, module, ctx)), rubric.limits.concurrency);
          const worstOf = (check: string) => Math.max(...verdicts.map((v) => v[check].measured ?? NaN));
          const failed = verdicts.flatMap((v) => Object.entries(v).filter(([, x]) => !x.passed).map(([k, x]) => `${k}: ${x.message}`));
          console.log(`  ${exercise} on ${backend}: worst log-det-forward ${fmt(worstOf("log-det-forward"))}, log-det-inverse ${fmt(worstOf("log-det-inverse"))} (tolerance ${TOLERANCES.finiteDifferenceLogDet}); ${failed.length ? `FAILED: ${failed.slice(0, 3).join(" | ")}` : "every check passed"}`);
        }
      }
    }
    const image = rubric.imageLikelihood;
    if (image && sections.includes("4")) {
      console.log(`\n## 4. Image likelihood: ${image.config.trainSteps} steps; seeds ${image.calibration.seeds.join(",")}; wasm`);
      const ctx = await context(solutions, "wasm", pool);
      const runs = await runPool(image.calibration.seeds.map((seed) => () => imageBitsPerDim(ctx, seed)), rubric.limits.concurrency);
      console.log(`| solutions, wasm | ${runs.map((r) => fmt(r.bpd ?? NaN)).join(" | ")} |`);
      const worst = Math.max(...runs.map((r) => r.bpd ?? NaN));
      console.log(`worst correct ${fmt(worst)} bits/dim; suggested threshold = ${fmt(worst)} + margin ${image.calibration.margin} = ${fmt(worst + image.calibration.margin)}; rubric: ${image.config.threshold}`);
      const imageFixtures = fixturesArg === "none" ? [] : fixtureNames().filter((n) => fixtureFiles(n).some((f) => f === "actnorm.ts" || f === "invertible-conv.ts") && (fixturesArg === "all" || list(fixturesArg)!.includes(n)));
      for (const name of imageFixtures) {
        const staged = stageSubmission(fixtureSubmission(name));
        try {
          const r = await imageBitsPerDim(await context(staged, "wasm", pool), image.config.seed);
          console.log(`  fixture ${name}: ${r.bpd !== undefined ? `${fmt(r.bpd)} bits/dim` : "no bits/dim"} — ${r.message.slice(0, 160)}`);
        } finally {
          staged.cleanup();
        }
      }
    }
  } finally {
    solutions.cleanup();
  }
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await main();
