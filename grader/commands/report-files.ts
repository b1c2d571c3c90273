/**
 * The files of one grading: results.json (Gradescope, validated, atomic) and, when asked,
 * junit.xml (atomic). Used by `grade` and, per student, by `grade-class`.
 */
import { message } from "../../src/i18n/catalogue";
import type { GradeReport } from "../core/report";
import { atomicWriteFile } from "../outputs/atomic-write";
import { toGradescope, writeGradescopeResults } from "../outputs/gradescope";
import { toJUnitXml } from "../outputs/junit";

/** Writes results.json and, when asked, junit.xml; returns the problems met, in the current language (empty when all went well). */
export function writeReportFiles(report: GradeReport, resultsPath: string, junitPath?: string): string[] {
  const problems: string[] = [];
  try {
    const invalid = writeGradescopeResults(resultsPath, toGradescope(report));
    if (invalid.length) problems.push(message("grader.results-fallback", { problems: invalid.join("; ") }));
  } catch (err) {
    problems.push(message("grader.cannot-write", { path: resultsPath, error: (err as Error).message }));
  }
  if (junitPath) {
    try {
      atomicWriteFile(junitPath, toJUnitXml(report));
    } catch (err) {
      problems.push(message("grader.cannot-write", { path: junitPath, error: (err as Error).message }));
    }
  }
  return problems;
}

/** A report for a submission that was not graded at all, with the reason (alone: outputs add "could not grade: "). */
export function notGradedReport(submission: string, mode: GradeReport["mode"], error: string): GradeReport {
  return { submission, mode, tests: [], durationMs: 0, error };
}
