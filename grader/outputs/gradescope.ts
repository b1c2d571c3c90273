/**
 * The Gradescope results.json (see grader/schemas/results.schema.json for the format and its
 * source). `writeGradescopeResults` validates the object with ajv BEFORE writing it, and writes it
 * atomically (temporary file + rename); should the grader ever produce an invalid object, it
 * writes a minimal valid file with score 0 and the validation errors instead, so that a results
 * file always exists. `provisionalResults` is the "not graded" file written before grading starts,
 * so that a flowgrade killed mid-way still leaves a valid file.
 *
 * Visibility, after Gradescope's "Autograder Specifications" (section "Controlling Test Case
 * Visibility"): each test carries its own `visibility`; while any test is not `visible`,
 * Gradescope hides the student's total, so nothing that is always visible may reveal it:
 * - the top-level `output` (always shown) then gives only the visible tests' results and points,
 *   never the total, and says when the rest appears;
 * - a test with points is never emitted as `hidden`: the spec says `hidden` tests "don't affect"
 *   the hidden total, since they "should only be used for tests which don't contribute points", so
 *   a pointed test marked hidden in the rubric is emitted as `after_published` (the total stays
 *   hidden until grades are published);
 * - `stdout_visibility` is always `hidden`: run_autograder's stdout carries the terminal summary
 *   with every hidden result and the total, for the instructor only.
 * Paths of the grading machine are removed from everything students can see.
 */
import { suiteTitle } from "../../src/checks/exercises";
import { message, text } from "../../src/i18n/catalogue";
import { schemaProblems } from "../core/json-schema";
import { REPO_ROOT } from "../core/paths";
import { maxScoreOf, scoreOf, type GradeReport, type TestOutcome } from "../core/report";
import { atomicWriteFile } from "./atomic-write";
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


/** `text` without this machine's paths (the course checkout, the staging area), and at most `max` characters. */
export function studentSafe(text: string, max = 2000): string {
  const clean = text.split(`${REPO_ROOT}/`).join("").split(REPO_ROOT).join("<course>");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The visibility Gradescope gets: a pointed test is never "hidden" (that would reveal the total; see the module comment). */
export function gradescopeVisibility(t: Pick<TestOutcome, "visibility" | "maxScore">): string {
  return t.visibility === "hidden" && t.maxScore > 0 ? "after_published" : t.visibility;
}

const pts = (x: number) => String(Math.round(x * 100) / 100);

/**
 * Student-visible summary. Without hidden tests: the total and the tests per exercise. With hidden
 * tests: the visible tests' results and points only, and when the rest appears; never the total.
 */
export function overallOutput(report: GradeReport): string {
  const lines: string[] = [];
  const visible = report.tests.filter((t) => t.visibility === "visible");
  const withheld = report.tests.filter((t) => t.visibility !== "visible");
  if (report.error) lines.push(message("gradescope.could-not-grade", { error: studentSafe(report.error, 600) }));
  if (withheld.length) {
    const got = visible.reduce((s, t) => s + t.score, 0);
    const max = visible.reduce((s, t) => s + t.maxScore, 0);
    lines.push(message("gradescope.visible", { passed: String(visible.filter((t) => t.passed).length), total: String(visible.length), got: pts(got), max: pts(max) }));
  } else {
    lines.push(message("gradescope.total", { score: String(scoreOf(report)), max: String(maxScoreOf(report)) }));
  }
  if (report.backendLine) lines.push(studentSafe(report.backendLine, 400));
  const suites = [...new Set(report.tests.map((t) => t.suite))];
  for (const suite of suites) {
    const pub = visible.filter((t) => t.suite === suite);
    if (!pub.length) continue;
    lines.push(message("gradescope.suite", { title: suiteTitle(suite), passed: String(pub.filter((t) => t.passed).length), total: String(pub.length) }));
  }
  if (withheld.length) {
    const points = withheld.reduce((s, t) => s + t.maxScore, 0);
    lines.push(message("gradescope.hidden", { points: pts(points) }));
  }
  return lines.join("\n");
}

function toTest(t: TestOutcome): GradescopeTest {
  return {
    name: t.name,
    score: t.score,
    max_score: t.maxScore,
    status: t.passed ? "passed" : "failed",
    output: studentSafe(testOutputText(t)),
    visibility: gradescopeVisibility(t),
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

/** Score 0 and no tests: `output` for students, `extra_data` for the instructor (a results file that is not a grading). */
function scoreZero(output: string, extra: Record<string, unknown>, executionTimeS = 0): GradescopeResults {
  return { score: 0, max_score: 0, execution_time: executionTimeS, output, visibility: "visible", stdout_visibility: "hidden", extra_data: { grader: "flowgrade v1", ...extra }, tests: [] };
}

/** A minimal valid results object: score 0 and why, in the current language (used when nothing better can be written). */
export function fallbackResults(reason: string, executionTimeS = 0): GradescopeResults {
  return scoreZero(message("gradescope.could-not-grade", { error: studentSafe(reason, 600) }), { error: reason }, executionTimeS);
}

/** The results before grading starts: valid, score 0, "not graded". Replaced at the end; left behind only if flowgrade is killed. */
export function provisionalResults(submission: string): GradescopeResults {
  return scoreZero(text("gradescope.provisional"), { provisional: true, submission, startedAt: new Date().toISOString() });
}

/** An instructor error (a broken rubric): the students read only that the autograder is misconfigured; extra_data (instructor only) keeps the details. */
export function instructorErrorResults(details: string[]): GradescopeResults {
  return scoreZero(text("gradescope.instructor-error"), { instructorError: details });
}

/** An empty submission folder (grade-class): score 0, nothing graded; extra_data says so as summary.csv does. */
export function noSubmissionResults(): GradescopeResults {
  return scoreZero(text("submission.empty"), { error: "no submission" });
}

/**
 * Validates and writes results.json atomically (creating its folder). Returns the schema problems
 * of the given results, if any (then the fallback was written instead). Throws when the file
 * cannot be written.
 */
export function writeGradescopeResults(path: string, results: GradescopeResults): string[] {
  let problems: string[];
  try {
    problems = schemaProblems("results.schema.json", results);
  } catch (err) {
    problems = [message("grader.validator-failed", { error: (err as Error).message })];
  }
  const invalid = problems.length ? message("grader.internal-error", { error: message("grader.results-invalid", { problems: problems.join("; ") }) }) : undefined;
  const body = invalid ? fallbackResults(invalid, results.execution_time) : results;
  atomicWriteFile(path, `${JSON.stringify(body, null, 2)}\n`);
  return problems;
}
