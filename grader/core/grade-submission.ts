/**
 * Grades one submission: load the rubric, plan the groups, stage the files, run the groups in
 * supervised workers (at most `concurrency` at a time), and assemble the report.
 *
 * It never throws. Whatever goes wrong becomes part of the report: a student's crash, hang or
 * runaway allocation fails the affected tests (the others still run); a missing submission, an
 * invalid rubric, a worker that cannot start or a bug in the grader sets `report.error` (the
 * submission could not be graded), with every planned test failed and a message.
 */
import { planGroups, reportOrder, type GroupSpec, type Mode, type TestSpec } from "./plan";
import { runPool } from "./pool";
import { failAll, type GradeReport, type TestOutcome } from "./report";
import { runGroup, type GroupOutcome } from "./run-group";
import { loadRubric, type Limits, type Rubric } from "./rubric";
import { stageSubmission, SubmissionError, type Staged } from "./stage";

export interface GradeOptions {
  mode?: Mode;
  /** A rubric object, or else `rubricPath`, or else grader/rubric.json. */
  rubric?: Rubric;
  rubricPath?: string;
  /** Overrides of the rubric's limits (CLI flags such as --timeout-ms). */
  limits?: Partial<Limits>;
  /** Keep build/grading/<id> after grading (for debugging). */
  keepStaging?: boolean;
  /** The environment of the workers (FLOWLAB_BACKEND is read there). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Called as each group finishes. */
  onGroupDone?: (g: GroupOutcome) => void;
}

function message(err: unknown): string {
  const e = err as Error;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(err);
}

export async function gradeSubmission(submission: string, options: GradeOptions = {}): Promise<GradeReport> {
  const started = performance.now();
  const mode = options.mode ?? "grade";
  const report: GradeReport = { submission, mode, tests: [], durationMs: 0 };
  let planned: TestSpec[] = [];
  let staged: Staged | undefined;
  try {
    const rubric = options.rubric ?? loadRubric(options.rubricPath);
    const limits: Limits = { ...rubric.limits, ...Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined)) };
    const groups: GroupSpec[] = planGroups(rubric, mode, limits);
    planned = reportOrder(groups);
    try {
      staged = stageSubmission(submission);
    } catch (err) {
      if (!(err instanceof SubmissionError)) throw err;
      report.error = `could not grade: ${err.message}`;
      report.tests = failAll(planned, `not graded: ${err.message}`, "grader");
      return report;
    }
    const ctx = { rubric, exercisesDir: staged.exercisesDir, jobsDir: staged.jobsDir, memoryMb: limits.memoryMb, pollMs: limits.memoryPollMs, env: options.env, signal: options.signal };
    const outcomes = await runPool(
      groups.map((g) => async () => {
        const o = await runGroup(g, ctx);
        options.onGroupDone?.(o);
        return o;
      }),
      limits.concurrency,
    );
    const byName = new Map<string, TestOutcome>(outcomes.flatMap((o) => o.tests.map((t) => [t.name, t] as const)));
    report.tests = planned.map((spec) => byName.get(spec.name) ?? failAll([spec], "not graded: no worker reported this test (grader bug)", "grader")[0]);
    report.backendLine = outcomes.find((o) => o.backendLine)?.backendLine;
    const errors = outcomes.filter((o) => o.graderError).map((o) => o.graderError!);
    if (options.signal?.aborted) report.error = "could not grade: grading was interrupted";
    else if (errors.length) report.error = `could not grade: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more worker(s) failed to start)` : ""}`;
    return report;
  } catch (err) {
    report.error = `could not grade: internal grader error: ${message(err)}`;
    const have = new Set(report.tests.map((t) => t.name));
    report.tests = [...report.tests, ...failAll(planned.filter((s) => !have.has(s.name)), `not graded: ${report.error}`, "grader")];
    return report;
  } finally {
    if (staged && !options.keepStaging) staged.cleanup();
    report.durationMs = performance.now() - started;
  }
}
