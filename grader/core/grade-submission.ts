/**
 * Grades one submission. The grader process never imports, requires or evaluates the submission:
 *
 *   1. stage the submitted files (regular files only) into a fresh temp folder;
 *   2. compile each exercise file with esbuild, refusing imports outside the exercise's scaffold,
 *      and type-check the files with tslab's options (in parallel with the rest);
 *   3. decide each group of tests from the numbers of sandboxed subject processes
 *      (run-groups.ts), at most `concurrency` subjects at a time;
 *   4. assemble the report.
 *
 * It never throws. A student's crash, hang or runaway allocation fails the affected tests (the
 * others still run); a missing submission, an invalid rubric, a grader that cannot start processes
 * or a bug in the grader sets `report.error` to the reason (the submission could not be graded),
 * and every test not graded says "not graded: <reason>".
 */
import { cleanText } from "../blackbox/read-answers";
import type { Tolerances } from "../blackbox/coupling-verdicts";
import { probeIdentity } from "../sandbox/identity";
import type { SubjectLimits } from "../sandbox/run-subject";
import { subjectRuntime } from "../sandbox/runtime";
import { addWebgpuRuntime } from "../sandbox/webgpu-runtime";
import { isolationLine, probeIsolation } from "../sandbox/isolation";
import { SubjectPool, wallBudgetMs } from "../sandbox/scheduler";
import type { Backend } from "../subject/protocol";
import { TOLERANCES } from "../../src/tolerances";
import { currentLanguage, formatFixed, message as catalogueMessage, text } from "../../src/i18n";
import { EXERCISES } from "../../src/checks/exercises";
import { planGroups, reportOrder, selectExercises, type GroupSpec, type Mode, type TestSpec } from "./plan";
import { failAll, type GradeReport, type TestOutcome } from "./report";
import { runGroup } from "./run-groups";
import { loadRubric, type Limits, type Rubric } from "./rubric";
import { stageSubmission, SubmissionError, type Staged } from "./stage";
import { compileSubmission } from "./submission-modules";
import { typeCheckSubmission } from "./type-check";

export interface GradeOptions {
  mode?: Mode;
  /** A rubric object, or else `rubricPath`, or else grader/rubric.json. */
  rubric?: Rubric;
  rubricPath?: string;
  /** Overrides of the rubric's limits (CLI flags such as --timeout-ms). */
  limits?: Partial<Limits>;
  /** Keep the staging folder after grading (for debugging). */
  keepStaging?: boolean;
  /** Where FLOWLAB_BACKEND is read (wasm or cpu for the subjects). Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Grade only these exercise ids (and the likelihood test when it trains one of them); default: all. */
  exercises?: readonly string[];
  /** Called as each group finishes. */
  onGroupDone?: (group: GroupSpec, tests: TestOutcome[]) => void;
}

/**
 * The backend subjects run on: wasm (default, also for `auto`: grades are calibrated there and must
 * not depend on the machine), cpu, or webgpu when asked (Dawn, the one native addon the sandbox
 * loads; sandbox/webgpu-runtime.ts). libtensorflow cannot be loaded in the sandbox.
 */
export function subjectBackend(env: NodeJS.ProcessEnv): Backend {
  const asked = (env.FLOWLAB_BACKEND ?? "auto").trim().toLowerCase();
  if (asked === "auto" || asked === "" || asked === "wasm") return "wasm";
  if (asked === "cpu" || asked === "webgpu") return asked;
  if (asked === "tensorflow") throw new Error("FLOWLAB_BACKEND=tensorflow cannot grade: student code runs in a sandbox that loads no libtensorflow; use wasm (the default), webgpu or cpu");
  throw new Error(`FLOWLAB_BACKEND must be one of auto, wasm, webgpu, cpu; got "${env.FLOWLAB_BACKEND}"`);
}

/** A subject whose CPU time advances by less than IDLE_CPU_MS in IDLE_MS of wall time sleeps: it is stopped (0.5% of a core; at a load of 10 on 2 cores a busy subject still gets about 15%). */
export const IDLE_MS = 10_000;
export const IDLE_CPU_MS = 50;

/** CPU time decides; the wall clock is only a safety net for a subject that waits for ever, and idling is stopped after IDLE_MS. */
export function subjectLimits(cpuMs: number, limits: Limits): SubjectLimits {
  return { cpuMs, wallMs: 3 * cpuMs + 30_000, idleMs: IDLE_MS, idleCpuMs: IDLE_CPU_MS, memoryMb: limits.memoryMb, pollMs: limits.memoryPollMs ?? 50, maxOutputBytes: 64 * 2 ** 20 };
}

const notGraded = (reason: string) => catalogueMessage("summary.not-graded", { reason });

function message(err: unknown): string {
  const e = err as Error;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(err);
}

/** The report's backend line, in the current language: the backend, whose uid subjects get, their isolation, and the wall budget. */
export function backendLine(backend: Backend, budgetMs: number): string {
  const identity = text(probeIdentity() === "same" ? "grader.identity.same" : "grader.identity.unprivileged");
  return catalogueMessage("grader.backend-line", { backend, identity, isolation: isolationLine(), seconds: formatFixed(budgetMs / 1000, 0, currentLanguage()) });
}

export async function gradeSubmission(submission: string, options: GradeOptions = {}): Promise<GradeReport> {
  const started = performance.now();
  const mode = options.mode ?? "grade";
  const report: GradeReport = { submission, mode, tests: [], durationMs: 0 };
  let planned: TestSpec[] = [];
  let staged: Staged | undefined;
  let pool: SubjectPool | undefined;
  try {
    const rubric = options.rubric ?? loadRubric(options.rubricPath);
    const limits: Limits = { ...rubric.limits, ...Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined)) };
    const groups = planGroups(rubric, mode, limits, options.exercises);
    planned = reportOrder(groups);
    try {
      staged = stageSubmission(submission);
    } catch (err) {
      if (!(err instanceof SubmissionError)) throw err;
      report.error = err.message;
      report.tests = failAll(planned, notGraded(err.message), "grader");
      return report;
    }
    const backend = subjectBackend(options.env ?? process.env);
    const runtime = await subjectRuntime();
    if (backend === "webgpu") await addWebgpuRuntime(runtime);
    const modules = await compileSubmission(staged, runtime);
    const typeErrors = typeCheckSubmission(staged.root, selectExercises(options.exercises).filter((id) => modules[id].ok).map((id) => EXERCISES[id].file));
    // without namespaces, subjects run one at a time so that none can talk to another (isolation.ts)
    const budgetMs = wallBudgetMs(limits, groups);
    pool = new SubjectPool(probeIsolation() === "none" ? 1 : limits.concurrency, budgetMs);
    report.backendLine = backendLine(backend, budgetMs);
    const outcomes = await Promise.all(
      groups.map(async (g) => {
        const tests = await runGroup(g, {
          rubric,
          runtime,
          compiledDir: staged!.compiledDir,
          modules,
          pool: pool!,
          exerciseLimits: subjectLimits(limits.exerciseTimeoutMs, limits),
          likelihoodLimits: subjectLimits(limits.likelihoodTimeoutMs, limits),
          backend,
          tolerances: { ...TOLERANCES, ...rubric.tolerances } as Tolerances,
          typeErrors,
          signal: options.signal,
        });
        options.onGroupDone?.(g, tests);
        return tests;
      }),
    );
    const byName = new Map<string, TestOutcome>(outcomes.flat().map((t) => [t.name, t] as const));
    report.tests = planned.map((spec) => byName.get(spec.name) ?? failAll([spec], notGraded(text("grader.no-group")), "grader")[0]);
    const graderFault = report.tests.find((t) => t.interrupted === "grader");
    if (options.signal?.aborted) report.error = text("grader.interrupted");
    else if (graderFault) report.error = graderFault.message;
    return report;
  } catch (err) {
    report.error = cleanText(message(err), 1000);
    const have = new Set(report.tests.map((t) => t.name));
    report.tests = [...report.tests, ...failAll(planned.filter((s) => !have.has(s.name)), notGraded(report.error), "grader")];
    return report;
  } finally {
    pool?.close();
    if (staged && !options.keepStaging) staged.cleanup();
    report.durationMs = performance.now() - started;
  }
}
