/**
 * summary.csv of `flowgrade grade-class` and `flowgrade merge`: one row per student with student,
 * score, max_score, status ("graded", "no submission", "not gradable: <why>"), one subtotal column
 * per part ("additive-coupling/total", …, "likelihood/total"), then one column per test with its
 * score. RFC 4180 quoting.
 */
import { maxScoreOf, scoreOf } from "../core/report";
import { statusText, type StudentRecord } from "../class/record";

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function classSummaryCsv(records: readonly StudentRecord[]): string {
  const tests = records.flatMap((r) => r.report?.tests ?? []);
  const testNames = [...new Set(tests.map((t) => t.name))];
  const suites = [...new Set(tests.map((t) => t.suite))];
  const classMax = Math.max(0, ...records.map((r) => (r.report ? maxScoreOf(r.report) : 0)));
  const header = ["student", "score", "max_score", "status", ...suites.map((s) => `${s}/total`), ...testNames];
  const lines = [header.map(csvField).join(",")];
  for (const r of records) {
    const report = r.report;
    const byName = new Map((report?.tests ?? []).map((t) => [t.name, t.score]));
    const graded = r.status === "graded" && report && !report.error;
    const subtotal = (suite: string) => (report ? round(report.tests.filter((t) => t.suite === suite).reduce((s, t) => s + (graded ? t.score : 0), 0)) : 0);
    const score = graded ? scoreOf(report) : 0;
    const max = report && report.tests.length ? maxScoreOf(report) : classMax || "";
    lines.push([r.student, score, max, statusText(r), ...suites.map(subtotal), ...testNames.map((n) => (graded ? (byName.get(n) ?? "") : byName.has(n) ? 0 : ""))].map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
