/**
 * The Gradescope results.json (see grader/schemas/results.schema.json for the format and its
 * source). `writeGradescopeResults` validates the object with ajv BEFORE writing it; should the
 * grader ever produce an invalid one, it writes a minimal valid file with score 0 and the
 * validation errors instead, so that a results file always exists.
 *
 * The top-level `output` is seen by students at once, so it lists only the public tests' totals;
 * each test carries its own visibility ("after_published" for the hidden cases by default).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { EXERCISES } from "../../src/checks/exercises";
import { schemaProblems } from "../core/json-schema";
import { maxScoreOf, scoreOf, type GradeReport, type TestOutcome } from "../core/report";
import { testOutputText } from "./test-output";

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: string;
  tags: string[];
  extra_data: Record<string, unknown>;
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "hidden";
  extra_data: Record<string, unknown>;
  tests: GradescopeTest[];
}

/** Drops undefined fields and turns non-finite numbers into null, so the JSON says what it means. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === "number" && !Number.isFinite(v) ? null : v]));
}

/** Milliseconds to 0.1 ms. */
const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);

function suiteTitle(suite: string): string {
  return suite === "likelihood" ? "Minimum likelihood" : EXERCISES[suite as keyof typeof EXERCISES].title;
}

/** Student-visible summary: total, backend, and the public tests per exercise. */
export function overallOutput(report: GradeReport): string {
  const lines: string[] = [];
  if (report.error) lines.push(`The grader could not grade this submission (${report.error}). Score 0. Please resubmit or contact the course staff.`);
  lines.push(`FlowLab autograder: ${scoreOf(report)} / ${maxScoreOf(report)} points.`);
  if (report.backendLine) lines.push(report.backendLine);
  const suites = [...new Set(report.tests.map((t) => t.suite))];
  for (const suite of suites) {
    const pub = report.tests.filter((t) => t.suite === suite && t.visibility === "visible");
    if (!pub.length) continue;
    const passed = pub.filter((t) => t.passed).length;
    lines.push(`${suiteTitle(suite)}: ${passed}/${pub.length} visible checks passed.`);
  }
  if (report.tests.some((t) => t.visibility !== "visible")) lines.push("Hidden tests run on other inputs; their results appear when grades are published.");
  return lines.join("\n");
}

function toTest(t: TestOutcome): GradescopeTest {
  return {
    name: t.name,
    score: t.score,
    max_score: t.maxScore,
    status: t.passed ? "passed" : "failed",
    output: testOutputText(t),
    visibility: t.visibility,
    tags: [t.suite, t.cases, t.check],
    extra_data: defined({ measured: t.measured, tolerance: t.tolerance, durationMs: ms(t.durationMs), interrupted: t.interrupted, notImplemented: t.notImplemented, heldOutNll: t.heldOutNll, trainedSteps: t.trainedSteps, trainingMs: ms(t.trainingMs) }),
  };
}

export function toGradescope(report: GradeReport): GradescopeResults {
  const lik = report.tests.find((t) => t.suite === "likelihood");
  return {
    score: scoreOf(report),
    max_score: maxScoreOf(report),
    execution_time: Math.round(report.durationMs) / 1000,
    output: overallOutput(report),
    visibility: "visible",
    stdout_visibility: "hidden",
    extra_data: defined({
      grader: "flowgrade v1",
      submission: report.submission,
      mode: report.mode,
      backend: report.backendLine,
      error: report.error,
      likelihood: lik ? defined({ heldOutNll: lik.heldOutNll, trainedSteps: lik.trainedSteps, trainingMs: ms(lik.trainingMs), passed: lik.passed }) : undefined,
    }),
    tests: report.tests.map(toTest),
  };
}

/** A minimal valid results object: score 0 and a message (used when nothing better can be written). */
export function fallbackResults(message: string, executionTimeS = 0): GradescopeResults {
  return {
    score: 0,
    max_score: 0,
    execution_time: executionTimeS,
    output: `The grader could not grade this submission (${message}). Score 0. Please resubmit or contact the course staff.`,
    visibility: "visible",
    stdout_visibility: "hidden",
    extra_data: { grader: "flowgrade v1", error: message },
    tests: [],
  };
}

/**
 * Validates and writes results.json (creating its folder). Returns the schema problems of the
 * report's own results, if any (then the fallback was written instead).
 */
export function writeGradescopeResults(path: string, results: GradescopeResults): string[] {
  let problems: string[];
  try {
    problems = schemaProblems("results.schema.json", results);
  } catch (err) {
    problems = [`the validator itself failed: ${(err as Error).message}`];
  }
  const body = problems.length ? fallbackResults(`internal grader error: results failed validation: ${problems.join("; ")}`, results.execution_time) : results;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
  return problems;
}
