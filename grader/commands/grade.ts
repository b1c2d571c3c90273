/**
 * `flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]`
 *
 * Before any work: the options and output paths are checked, the rubric must be valid (else an
 * instructor error: exit 2, details on stderr, nothing about them in what students see) and gives
 * the language, a provisional "not graded" results.json is written atomically in that language
 * (so a killed flowgrade still leaves a valid file), and the submission folder must exist. Then
 * every test (public and hidden) is graded, and results.json, the JUnit XML and a terminal
 * summary are written; the results file replaces the provisional one atomically. Exit code: see
 * core/exit-codes.ts.
 */
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
import { chooseGradingLanguage, GRADING_OPTIONS, InstructorError, LANG_OPTION, preflightRubric, QUIET_OPTION, reportInstructorError, gradingOptions, type CommandIO } from "./common";
import { notGradedReport, writeReportFiles } from "./report-files";
import { locateSubmission } from "./submission-layout";
import { submissionFolderProblem } from "../core/stage";
import { message } from "../../src/i18n/catalogue";

export { writeReportFiles } from "./report-files";

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
  let instructorError: InstructorError | undefined;
  try {
    chooseGradingLanguage(args, preflightRubric(args), io, "grade");
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    instructorError = err;
  }
  try {
    writeGradescopeResults(resultsPath, instructorError ? instructorErrorResults([instructorError.message, ...instructorError.details]) : provisionalResults(dir));
  } catch (err) {
    throw new UsageError(`option --results: cannot write "${resultsPath}": ${(err as Error).message}`);
  }
  if (instructorError) {
    if (junitPath) atomicWriteFile(junitPath, toJUnitXml(notGradedReport(dir, "grade", message("grader.instructor-error", { error: instructorError.message }))));
    reportInstructorError(instructorError, io);
    return EXIT.USAGE;
  }
  const folderProblem = submissionFolderProblem(dir);
  if (folderProblem) {
    writeReportFiles(notGradedReport(dir, "grade", folderProblem), resultsPath, junitPath);
    io.stderr.write(`flowgrade grade: ${message("summary.could-not-grade", { error: folderProblem })}\n`);
    return EXIT.COULD_NOT_GRADE;
  }
  const abs = resolve(dir);
  const layout = locateSubmission(abs);
  let report: GradeReport;
  try {
    report = await gradeSubmission(layout.kind === "found" ? layout.dir : abs, { ...gradingOptions(args, io), mode: "grade" });
    report.submission = dir;
  } catch (err) {
    io.stderr.write(`flowgrade grade: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    report = notGradedReport(dir, "grade", message("grader.internal-error", { error: (err as Error)?.message ?? String(err) }));
  }
  const fileProblems = writeReportFiles(report, resultsPath, junitPath);
  if (args.options.quiet !== true) io.stdout.write(`${formatSummary(report, { color: useColor(io.stdout, io.env) })}\n`);
  for (const p of fileProblems) io.stderr.write(`flowgrade grade: ${p}\n`);
  if (report.error || fileProblems.length) return EXIT.COULD_NOT_GRADE;
  const failUnder = typeof args.options["fail-under"] === "number" ? args.options["fail-under"] : maxScoreOf(report);
  return scoreOf(report) >= failUnder ? EXIT.OK : EXIT.BELOW;
}
