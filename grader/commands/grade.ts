/**
 * `flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]`
 *
 * Before any work: the options and output paths are checked, a provisional "not graded"
 * results.json is written atomically (so a killed flowgrade still leaves a valid file), the
 * submission folder must exist, and the rubric must be valid (else an instructor error: exit 2,
 * details on stderr, nothing about them in what students see). Then every test (public and
 * hidden) is graded, and results.json, the JUnit XML and a terminal summary are written; the
 * results file replaces the provisional one atomically. Exit code: see core/exit-codes.ts.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { checkWritableFile, UsageError, type CommandSpec, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { maxScoreOf, scoreOf, type GradeReport } from "../core/report";
import { atomicWriteFile } from "../outputs/atomic-write";
import { useColor } from "../outputs/color";
import { instructorErrorResults, provisionalResults, writeGradescopeResults } from "../outputs/gradescope";
import { toJUnitXml } from "../outputs/junit";
import { formatSummary } from "../outputs/terminal";
import { chooseGradingLanguage, GRADING_OPTIONS, INSTRUCTOR_ERROR_FOR_STUDENTS, InstructorError, LANG_OPTION, preflightRubric, QUIET_OPTION, reportInstructorError, gradingOptions, type CommandIO } from "./common";
import { notGradedReport, writeReportFiles } from "./report-files";

export { writeReportFiles } from "./report-files";
import { locateSubmission } from "./submission-layout";

export const GRADE_COMMAND: CommandSpec = {
  name: "grade",
  summary: "Grade one submission (exercises/, its bare files, or a whole repository): public and hidden tests.",
  positionals: [{ name: "submission-dir", kind: "string" }],
  options: [
    { name: "results", kind: "out-file", help: "Gradescope results.json to write (always written; default ./results.json)" },
    { name: "junit", kind: "out-file", help: "also write JUnit XML here" },
    { name: "fail-under", kind: "number", min: 0, placeholder: "<points>", help: "exit 1 below this score (default: full marks)" },
    ...GRADING_OPTIONS,
    LANG_OPTION,
    QUIET_OPTION,
  ],
  details: "Exit: 0 score ≥ --fail-under; 1 below; 2 usage or instructor error, or the submission could not be graded (results.json still written).",
  run: gradeCommand,
};

export async function gradeCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const resultsPath = typeof args.options.results === "string" ? args.options.results : checkWritableFile("results.json", "option --results");
  const junitPath = typeof args.options.junit === "string" ? args.options.junit : undefined;
  const dir = args.positionals[0];
  try {
    writeGradescopeResults(resultsPath, provisionalResults(dir));
  } catch (err) {
    throw new UsageError(`option --results: cannot write "${resultsPath}": ${(err as Error).message}`);
  }
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    const why = `could not grade: the submission folder "${dir}" ${existsSync(abs) ? "is not a folder" : "does not exist"}`;
    writeReportFiles(notGradedReport(dir, "grade", why), resultsPath, junitPath);
    io.stderr.write(`flowgrade grade: ${why}\n`);
    return EXIT.COULD_NOT_GRADE;
  }
  try {
    chooseGradingLanguage(args, preflightRubric(args), io, "grade");
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    writeGradescopeResults(resultsPath, instructorErrorResults(INSTRUCTOR_ERROR_FOR_STUDENTS, [err.message, ...err.details]));
    if (junitPath) atomicWriteFile(junitPath, toJUnitXml(notGradedReport(dir, "grade", `instructor error: ${err.message}`)));
    reportInstructorError(err, io);
    return EXIT.USAGE;
  }
  const layout = locateSubmission(abs);
  let report: GradeReport;
  try {
    report = await gradeSubmission(layout.kind === "found" ? layout.dir : abs, { ...gradingOptions(args, io), mode: "grade" });
    report.submission = dir;
  } catch (err) {
    io.stderr.write(`flowgrade grade: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    report = notGradedReport(dir, "grade", `internal grader error: ${(err as Error)?.message ?? String(err)}`);
  }
  const fileProblems = writeReportFiles(report, resultsPath, junitPath);
  if (args.options.quiet !== true) io.stdout.write(`${formatSummary(report, { color: useColor(io.stdout, io.env) })}\n`);
  for (const p of fileProblems) io.stderr.write(`flowgrade grade: ${p}\n`);
  if (report.error || fileProblems.length) return EXIT.COULD_NOT_GRADE;
  const failUnder = typeof args.options["fail-under"] === "number" ? args.options["fail-under"] : maxScoreOf(report);
  return scoreOf(report) >= failUnder ? EXIT.OK : EXIT.BELOW;
}
