/**
 * The grader's own record of one grading, from which every output format is derived: one
 * TestOutcome per test, and the report around them. Scores are derived, never stored twice.
 */
import type { CheckResult } from "../../src/checks";
import type { Mode, TestSpec } from "./plan";

/** Why a check did not finish: its worker hit the time limit or the memory cap, crashed, or the grader failed. */
export type Interruption = "timeout" | "memory" | "crash" | "grader" | "aborted";

export interface TestOutcome extends TestSpec {
  passed: boolean;
  score: number;
  /** Names the check, the measured value and the tolerance (from the shared checks), or why it did not run. */
  message: string;
  hint?: string;
  measured?: number | null;
  tolerance?: number | null;
  /** Set when the student's code threw NotImplementedError. */
  notImplemented?: string;
  interrupted?: Interruption;
  durationMs?: number;
  /** The likelihood test's extras. */
  heldOutNll?: number | null;
  trainedSteps?: number;
  trainingMs?: number;
}

export interface GradeReport {
  /** The submission folder as given. */
  submission: string;
  mode: Mode;
  /** The first worker's `selectBackend().line`. */
  backendLine?: string;
  tests: TestOutcome[];
  durationMs: number;
  /**
   * Set when the grader could not grade: missing submission, bad rubric, a worker that could not
   * start, an internal error. The reason alone, in the report's language: outputs frame it
   * ("could not grade: …", catalogue key "summary.could-not-grade").
   */
  error?: string;
}

export function scoreOf(report: GradeReport): number {
  return report.error ? 0 : round(report.tests.reduce((s, t) => s + t.score, 0));
}

export function maxScoreOf(report: GradeReport): number {
  return round(report.tests.reduce((s, t) => s + t.maxScore, 0));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Messages and hints are capped (a submission may throw a megabyte-long error). */
export const MAX_MESSAGE_CHARS = 2000;

const cap = (text: string) => (text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text);

/** A passed or failed outcome for `spec`, with full or no credit; message and hint capped. */
export function outcome(spec: TestSpec, fields: Omit<TestOutcome, keyof TestSpec | "score">): TestOutcome {
  return { ...spec, ...fields, message: cap(fields.message), hint: fields.hint === undefined ? undefined : cap(fields.hint), score: fields.passed ? spec.maxScore : 0 };
}

/** Every test failed with the same message (the submission could not be graded, or a group never ran). */
export function failAll(specs: readonly TestSpec[], message: string, interrupted?: Interruption): TestOutcome[] {
  return specs.map((s) => outcome(s, { passed: false, message, interrupted }));
}

/** The outcome as the shared CheckResult, for `formatResults`. */
export function asCheckResult(t: TestOutcome): CheckResult {
  return {
    check: t.check,
    subject: t.suite,
    passed: t.passed,
    measured: t.measured ?? undefined,
    tolerance: t.tolerance ?? undefined,
    message: t.message,
    hint: t.hint,
    notImplemented: t.notImplemented,
  };
}
