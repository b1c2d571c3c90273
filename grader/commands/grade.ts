/**
 * `flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]`
 *
 * Grades every test (public and hidden), writes the Gradescope results.json (always, in a
 * `finally`, even for a usage error or an internal error), the JUnit XML when asked, and a
 * terminal summary. Exit code: see core/exit-codes.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { numberOption, UsageError, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { maxScoreOf, scoreOf, type GradeReport } from "../core/report";
import { useColor } from "../outputs/color";
import { fallbackResults, toGradescope, writeGradescopeResults } from "../outputs/gradescope";
import { toJUnitXml } from "../outputs/junit";
import { formatSummary } from "../outputs/terminal";
import { gradingOptions, type CommandIO } from "./common";

export const GRADE_VALUE_OPTIONS = ["results", "junit", "fail-under"] as const;

/** Writes results.json and, when asked, junit.xml; returns the problems met (empty when all went well). */
export function writeReportFiles(report: GradeReport, resultsPath: string, junitPath?: string): string[] {
  const problems: string[] = [];
  try {
    const invalid = writeGradescopeResults(resultsPath, toGradescope(report));
    if (invalid.length) problems.push(`results.json failed validation (a fallback was written): ${invalid.join("; ")}`);
  } catch (err) {
    problems.push(`cannot write ${resultsPath}: ${(err as Error).message}`);
  }
  if (junitPath) {
    try {
      mkdirSync(dirname(junitPath), { recursive: true });
      writeFileSync(junitPath, toJUnitXml(report));
    } catch (err) {
      problems.push(`cannot write ${junitPath}: ${(err as Error).message}`);
    }
  }
  return problems;
}

export async function gradeCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const resultsPath = resolve(typeof args.options.results === "string" ? args.options.results : "results.json");
  const junitPath = typeof args.options.junit === "string" ? resolve(args.options.junit) : undefined;
  const dir = args.positionals[0];
  let report: GradeReport | undefined;
  let failUnder: number | undefined;
  let usage: string | undefined;
  let fileProblems: string[] = [];
  try {
    failUnder = numberOption(args.options, "fail-under", 0);
    if (!dir) throw new UsageError("grade needs a submission folder: flowgrade grade <submission-dir>");
    if (args.positionals.length > 1) throw new UsageError(`grade takes one submission folder; got ${args.positionals.length}: ${args.positionals.join(" ")}`);
    report = await gradeSubmission(dir, { ...gradingOptions(args, io), mode: "grade" });
  } catch (err) {
    usage = err instanceof UsageError ? err.message : undefined;
    if (!usage) io.stderr.write(`flowgrade grade: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    const why = usage ? `usage error: ${usage}` : `internal grader error: ${(err as Error)?.message ?? String(err)}`;
    report = { submission: dir ?? "", mode: "grade", tests: [], durationMs: 0, error: why };
  } finally {
    if (report) fileProblems = writeReportFiles(report, resultsPath, junitPath);
    else writeGradescopeResults(resultsPath, fallbackResults("internal grader error: no report"));
  }
  if (usage) {
    io.stderr.write(`flowgrade grade: ${usage}\n(run flowgrade --help for usage)\n`);
    return EXIT.USAGE;
  }
  if (args.options.quiet !== true) io.stdout.write(`${formatSummary(report, { color: useColor(io.stdout, io.env) })}\n`);
  for (const p of fileProblems) io.stderr.write(`flowgrade grade: ${p}\n`);
  if (report.error || fileProblems.length) return EXIT.COULD_NOT_GRADE;
  return scoreOf(report) >= (failUnder ?? maxScoreOf(report)) ? EXIT.OK : EXIT.BELOW;
}
