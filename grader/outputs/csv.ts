/**
 * summary.csv of `flowgrade grade-class`: one row per student (student, score, max_score, status,
 * then one column per test with its score), RFC 4180 quoting.
 */
import { maxScoreOf, scoreOf, type GradeReport } from "../core/report";

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface ClassRow {
  student: string;
  report: GradeReport;
}

export function classSummaryCsv(rows: readonly ClassRow[]): string {
  const testNames = [...new Set(rows.flatMap((r) => r.report.tests.map((t) => t.name)))];
  const header = ["student", "score", "max_score", "status", ...testNames];
  const lines = [header.map(csvField).join(",")];
  for (const { student, report } of rows) {
    const byName = new Map(report.tests.map((t) => [t.name, t.score]));
    const status = report.error ?? "graded";
    lines.push([student, scoreOf(report), maxScoreOf(report), status, ...testNames.map((n) => byName.get(n) ?? "")].map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
