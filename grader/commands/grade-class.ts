/**
 * `flowgrade grade-class <class-dir> --out <dir>`: grades every subfolder of <class-dir> as one
 * student's submission, one after the other, and writes out/<student>/results.json and
 * junit.xml, then out/summary.csv (student, score, max_score, status, one column per test).
 * One line per student is printed as each finishes. A student whose submission crashes, hangs or
 * cannot be graded never stops the class: the error lands in that student's row.
 * Exit 0 when every student was graded, 1 when some could not be, 2 for usage errors.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { maxScoreOf, scoreOf, type GradeReport } from "../core/report";
import { paint, useColor } from "../outputs/color";
import { classSummaryCsv, type ClassRow } from "../outputs/csv";
import { gradingOptions, type CommandIO } from "./common";
import { writeReportFiles } from "./grade";

export const GRADE_CLASS_VALUE_OPTIONS = ["out"] as const;

/** The student folders of a class folder, sorted; dot-folders are skipped. */
export function studentFolders(classDir: string): string[] {
  return readdirSync(classDir)
    .filter((n) => !n.startsWith(".") && statSync(join(classDir, n)).isDirectory())
    .sort();
}

function row(student: string, report: GradeReport, color: boolean): string {
  const p = paint(color);
  const passed = report.tests.filter((t) => t.passed).length;
  const score = `${scoreOf(report)}/${maxScoreOf(report)}`;
  const note = report.error ? p.red(report.error) : passed === report.tests.length ? p.green("all passed") : `${report.tests.length - passed} failed`;
  return `${student.padEnd(24)} ${score.padStart(9)}  ${`${passed}/${report.tests.length}`.padStart(7)}  ${`${(report.durationMs / 1000).toFixed(1)}s`.padStart(7)}  ${note}`;
}

export async function gradeClassCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const classDir = args.positionals[0];
  const out = args.options.out;
  if (!classDir) throw new UsageError("grade-class needs a class folder: flowgrade grade-class <class-dir> --out <dir>");
  if (typeof out !== "string") throw new UsageError("grade-class needs --out <dir>");
  if (!existsSync(classDir) || !statSync(classDir).isDirectory()) throw new UsageError(`the class folder "${classDir}" does not exist or is not a folder`);
  const options = gradingOptions(args, io);
  const color = useColor(io.stdout, io.env);
  const outDir = resolve(out);
  mkdirSync(outDir, { recursive: true });
  const rows: ClassRow[] = [];
  io.stdout.write(`${"student".padEnd(24)} ${"score".padStart(9)}  ${"passed".padStart(7)}  ${"time".padStart(7)}  note\n`);
  for (const student of studentFolders(classDir)) {
    let report: GradeReport;
    try {
      report = await gradeSubmission(join(classDir, student), { ...options, mode: "grade" });
    } catch (err) {
      report = { submission: join(classDir, student), mode: "grade", tests: [], durationMs: 0, error: `internal grader error: ${(err as Error)?.message ?? String(err)}` };
    }
    const problems = writeReportFiles(report, join(outDir, student, "results.json"), join(outDir, student, "junit.xml"));
    if (problems.length && !report.error) report = { ...report, error: problems.join("; ") };
    rows.push({ student, report });
    io.stdout.write(`${row(student, report, color)}\n`);
    if (options.signal?.aborted) break;
  }
  writeFileSync(join(outDir, "summary.csv"), classSummaryCsv(rows));
  io.stdout.write(`${rows.length} students graded; per-student results in ${outDir}/<student>/, summary in ${join(outDir, "summary.csv")}\n`);
  return rows.some((r) => r.report.error) ? EXIT.BELOW : EXIT.OK;
}
