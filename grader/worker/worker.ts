/**
 * The grader's worker process: `node --import tsx grader/worker/worker.ts <job.json>`.
 *
 * It selects the backend first (and reports its line), applies the rubric's tolerances, imports
 * the student's file(s) from the staged submission, then runs the job's checks one at a time
 * through the shared checks of src/checks, appending each result to the job's results file as
 * soon as it exists (see protocol.ts). The parent enforces the time limit and the memory cap; an
 * orphan guard ends this process if the parent disappears.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { selectBackend } from "../../src/backend";
import { checkLikelihood, type CheckResult } from "../../src/checks";
import { EXERCISES } from "../../src/checks/exercises";
import { loadSubmissionModule } from "./load-module";
import { startOrphanGuard } from "./orphan-guard";
import { LIKELIHOOD_CHECK, type ExerciseJob, type LikelihoodJob, type WireResult, type WorkerJob, type WorkerLine } from "./protocol";
import { runExerciseCheck } from "./run-check";
import { applyTolerances } from "./tolerances";

const job = JSON.parse(readFileSync(process.argv[2], "utf8")) as WorkerJob;
startOrphanGuard(job.hardDeadlineMs);

function emit(line: WorkerLine): void {
  appendFileSync(job.resultsFile, `${JSON.stringify(line)}\n`);
}

/** A failed result for code that threw outside the shared checks' own guards. */
function thrown(check: string, subject: string, err: unknown): CheckResult {
  const e = err as Error;
  return { check, subject, passed: false, message: `${subject}: threw ${e?.name ?? "Error"}: ${e?.message ?? String(err)}` };
}

async function runExerciseJob(j: ExerciseJob): Promise<void> {
  const file = EXERCISES[j.exercise].file;
  const { module, problem } = await loadSubmissionModule(j.exercisesDir, file);
  for (const check of j.checks) {
    emit({ type: "start", check });
    const t0 = performance.now();
    const result: CheckResult = problem
      ? { check, subject: file, passed: false, message: `${file}: not checked: ${problem}` }
      : await runExerciseCheck(j.exercise, module!, j.caseList, check).catch((err) => thrown(check, file, err));
    emit({ type: "result", check, result: result as WireResult, ms: performance.now() - t0 });
  }
}

async function runLikelihoodJob(j: LikelihoodJob): Promise<void> {
  const subject = "RealNVP(your AffineCoupling, your nllLoss)";
  emit({ type: "start", check: LIKELIHOOD_CHECK });
  const t0 = performance.now();
  const coupling = await loadSubmissionModule(j.exercisesDir, EXERCISES["affine-coupling"].file);
  const nll = await loadSubmissionModule(j.exercisesDir, EXERCISES.nll.file);
  const problem = coupling.problem ?? nll.problem;
  const result: CheckResult = problem
    ? { check: "likelihood", subject, passed: false, message: `${subject}: not checked: ${problem}` }
    : await checkLikelihood(coupling.module!, nll.module!, j.config).catch((err) => thrown("likelihood", subject, err));
  emit({ type: "result", check: LIKELIHOOD_CHECK, result: result as WireResult, ms: performance.now() - t0 });
}

try {
  emit({ type: "backend", line: (await selectBackend()).line });
  applyTolerances(job.tolerances);
} catch (err) {
  emit({ type: "fatal", message: `worker setup failed: ${(err as Error)?.message ?? String(err)}` });
  process.exit(3);
}
await (job.kind === "exercise" ? runExerciseJob(job) : runLikelihoodJob(job));
emit({ type: "done" });
// Student code may leave timers or handles open; the job is finished, so end now.
process.exit(0);
