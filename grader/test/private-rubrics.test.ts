/**
 * Correct code never loses points under a private rubric (issue 17, item 5): the solutions are
 * graded under 20 random private rubrics (a random secret, and hidden cases drawn from the ranges
 * grader/README.md documents), and every check passes every time. Only the case verdicts run (no
 * training, no type check): each rubric's NLL case (one subject), and for every fifth rubric an
 * affine coupling case with its three subjects (stencils at the new secret's points): 32 subjects.
 * The draw is seeded from the clock and printed, so a failure can be replayed (FLOWLAB_RUBRIC_SEED).
 *
 * The coupling `gradients` check is included. It once failed correct code where a weight step
 * crossed ReLU kinks of the conditioner (FLOWLAB_RUBRIC_SEED=9701, rubric 10: autodiff −9.5e-5,
 * central differences −9.3e-4; FLOWLAB_RUBRIC_SEED=954509, rubric 0: 0.0222 against 0.0201, kinks
 * on both sides); its rows now avoid every kink within the step (grader/blackbox/kink-free-rows.ts).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/random/prng";
import { TOLERANCES } from "../../src/tolerances";
import { planCouplingCase, stageOneJob, stageTwoJob, stencilJob } from "../blackbox/coupling-plan";
import { couplingVerdicts, type Tolerances } from "../blackbox/coupling-verdicts";
import { nllJob, nllVerdicts, planNllCase } from "../blackbox/nll-verdicts";
import { readCall } from "../blackbox/read-answers";
import type { Verdict } from "../blackbox/verdict";
import { subjectLimits } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import { loadRubric } from "../core/rubric";
import { stageSubmission, type Staged } from "../core/stage";
import { compileSubmission, type ModuleState } from "../core/submission-modules";
import { subjectRuntime, type Runtime } from "../sandbox/runtime";
import { runScheduled, SubjectPool } from "../sandbox/scheduler";
import type { SubjectJob } from "../subject/protocol";

const RUBRICS = 20;
const seed = Number(process.env.FLOWLAB_RUBRIC_SEED ?? Date.now() % 1_000_000);
const rubric = loadRubric();
const tolerances = { ...TOLERANCES, ...rubric.tolerances } as Tolerances;
const limits = subjectLimits(rubric.limits.exerciseTimeoutMs, rubric.limits);
const pool = new SubjectPool(rubric.limits.concurrency);
let staged: Staged;
let runtime: Runtime;
let modules: Record<string, ModuleState>;

beforeAll(async () => {
  staged = stageSubmission(join(REPO_ROOT, "solutions"));
  runtime = await subjectRuntime();
  modules = await compileSubmission(staged, runtime);
}, 120_000);
afterAll(() => staged?.cleanup());

const run = (job: SubjectJob) => runScheduled(pool, { runtime, submissionDir: staged.compiledDir, job, limits });
const moduleOf = (id: string) => {
  const m = modules[id];
  if (!m.ok) throw new Error(`${id} did not compile: ${m.problem}`);
  return m.module;
};
const failures = (label: string, verdicts: Record<string, Verdict>) => Object.entries(verdicts).filter(([, v]) => !v.passed).map(([check, v]) => `${label} ${check}: ${v.message}`);

describe(`the solutions under ${RUBRICS} random private rubrics (FLOWLAB_RUBRIC_SEED=${seed})`, () => {
  it("pass every value, log-det and gradient check of the random hidden cases", async () => {
    const rng = new Rng(seed);
    const draws = Array.from({ length: RUBRICS }, (_, r) => {
      const secret = `private-${seed}-${r}-${rng.int(2 ** 31)}`;
      const nll = { dim: 1 + rng.int(8), seed: rng.int(2 ** 31) };
      const dim = 2 + rng.int(5);
      const mask = Array.from({ length: dim }, (_, j) => (j === 0 ? 1 : j === 1 ? 0 : rng.int(2)));
      const coupling = r % 5 === 0 ? { mask, hidden: [8 + rng.int(33)], seed: rng.int(2 ** 31) } : undefined;
      return { secret, nll, coupling };
    });
    const problems = (
      await Promise.all(
        draws.map(async ({ secret, nll, coupling }, r) => {
          const np = planNllCase(nll);
          const found = failures(`rubric ${r} nll ${JSON.stringify(nll)}`, nllVerdicts(np, await run(nllJob(np, moduleOf("nll"), "wasm")), limits, tolerances));
          if (coupling) {
            const module = moduleOf("affine-coupling");
            const plan = planCouplingCase("affine-coupling", coupling, secret);
            const [stage1, stencils] = await Promise.all([run(stageOneJob(plan, module, "wasm")), run(stencilJob(plan, module, "wasm"))]);
            const stage2 = await run(stageTwoJob(plan, module, "wasm", (id) => {
              const a = readCall(stage1, id);
              return a?.ok ? a.output : undefined;
            }));
            const verdicts = couplingVerdicts({ exercise: "affine-coupling", plan, stage1, stage2, stencils, limits, tolerances });
            found.push(...failures(`rubric ${r} affine-coupling ${JSON.stringify(coupling)}`, verdicts));
          }
          return found;
        }),
      )
    ).flat();
    expect(problems).toEqual([]);
  }, 600_000);
});
