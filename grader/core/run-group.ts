/**
 * Runs one group of tests in one supervised worker process and turns what it wrote into one
 * TestOutcome per test:
 *   - a check with a "result" line gets that result (the shared check's message and numbers);
 *   - the check that was running when the worker stopped fails with the reason (time limit,
 *     memory cap, crash), and the checks after it fail as "not run" with the same reason;
 *   - a worker that never reported its backend (or reported "fatal") failed before any student
 *     code ran: that is a grader error, and the report says the submission could not be graded.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseWorkerLines, type WireResult, type WorkerJob, type WorkerLine } from "../worker/protocol";
import { describeInterruption, lastErrorLine } from "./interruption";
import { WORKER_ENTRY, tsxLoaderUrl } from "./paths";
import type { GroupSpec, TestSpec } from "./plan";
import { failAll, outcome, type TestOutcome } from "./report";
import type { Rubric } from "./rubric";
import { supervise, type SuperviseResult } from "./supervise";

export interface GroupContext {
  rubric: Rubric;
  exercisesDir: string;
  jobsDir: string;
  memoryMb: number;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface GroupOutcome {
  group: GroupSpec;
  tests: TestOutcome[];
  backendLine?: string;
  /** Set when the worker failed before running student code. */
  graderError?: string;
  supervision: SuperviseResult;
}

function jobFor(group: GroupSpec, ctx: GroupContext, resultsFile: string): WorkerJob {
  const base = {
    group: group.id,
    exercisesDir: ctx.exercisesDir,
    resultsFile,
    tolerances: ctx.rubric.tolerances,
    hardDeadlineMs: group.timeoutMs + 10_000,
  };
  return group.kind === "likelihood"
    ? { ...base, kind: "likelihood", config: ctx.rubric.likelihood.config }
    : { ...base, kind: "exercise", exercise: group.exercise!, cases: group.cases, caseList: group.cases === "hidden" ? ctx.rubric.hiddenCases : {}, checks: group.tests.map((t) => t.check) };
}

function fromResult(spec: TestSpec, r: WireResult, ms: number): TestOutcome {
  return outcome(spec, {
    passed: r.passed === true,
    message: typeof r.message === "string" && r.message ? r.message : `${spec.check}: the check returned no message`,
    hint: r.hint,
    measured: r.measured,
    tolerance: r.tolerance,
    notImplemented: r.notImplemented,
    durationMs: ms,
    heldOutNll: r.heldOutNll,
    trainedSteps: r.trainedSteps,
    trainingMs: r.trainingMs,
  });
}

/** Maps the worker's lines and ending to one outcome per test of the group. */
export function collectOutcomes(group: GroupSpec, lines: readonly WorkerLine[], sup: SuperviseResult, memoryMb: number): Omit<GroupOutcome, "group" | "supervision"> {
  const backend = lines.find((l): l is Extract<WorkerLine, { type: "backend" }> => l.type === "backend");
  const fatal = lines.find((l): l is Extract<WorkerLine, { type: "fatal" }> => l.type === "fatal");
  if (!backend || fatal) {
    const why = fatal?.message ?? `the worker stopped before it started (${sup.ending}, exit code ${sup.exitCode}${sup.signal ? `, ${sup.signal}` : ""})${lastErrorLine(sup.stderrTail) ? `: ${lastErrorLine(sup.stderrTail)}` : ""}`;
    const graderError = `grader error in ${group.id}: ${why}`;
    return { tests: failAll(group.tests, `not graded: ${graderError}`, "grader"), graderError };
  }
  const results = new Map<string, { result: WireResult; ms: number }>();
  let running: string | undefined;
  for (const l of lines) {
    if (l.type === "start") running = l.check;
    if (l.type === "result") {
      results.set(l.check, { result: l.result, ms: l.ms });
      if (running === l.check) running = undefined;
    }
  }
  const done = lines.some((l) => l.type === "done");
  const stopped = done ? undefined : describeInterruption(sup, { group: group.id, timeoutMs: group.timeoutMs, memoryMb, running });
  const tests = group.tests.map((spec) => {
    const got = results.get(spec.check);
    if (got) return fromResult(spec, got.result, got.ms);
    if (!stopped) return outcome(spec, { passed: false, message: `${spec.check}: the worker finished without a result for this check (grader bug?)`, interrupted: "grader" });
    const prefix = spec.check === running ? `${spec.check}: ` : `${spec.check}: not run: `;
    return outcome(spec, { passed: false, message: prefix + stopped.reason, interrupted: stopped.kind });
  });
  return { tests, backendLine: backend.line };
}

export async function runGroup(group: GroupSpec, ctx: GroupContext): Promise<GroupOutcome> {
  const slug = group.id.replace(/[^a-z0-9-]+/gi, "_");
  const jobFile = join(ctx.jobsDir, `${slug}.json`);
  const resultsFile = join(ctx.jobsDir, `${slug}.jsonl`);
  writeFileSync(resultsFile, "");
  writeFileSync(jobFile, JSON.stringify(jobFor(group, ctx, resultsFile), null, 1));
  const supervision = await supervise({
    nodeArgs: ["--import", tsxLoaderUrl(), WORKER_ENTRY, jobFile],
    timeoutMs: group.timeoutMs,
    memoryMb: ctx.memoryMb,
    pollMs: ctx.pollMs,
    env: ctx.env,
    signal: ctx.signal,
  });
  const lines = parseWorkerLines(readFileSync(resultsFile, "utf8"));
  return { group, supervision, ...collectOutcomes(group, lines, supervision, ctx.memoryMb) };
}
