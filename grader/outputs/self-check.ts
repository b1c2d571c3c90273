/**
 * The friendly output of `flowgrade check`, the students' self-check on the public tests: per
 * exercise a heading and the shared `formatResults` lines (✔/✘, the message with the measured
 * value against the tolerance, and a hint under each failure, wrapped to 80 columns); an
 * untouched exercise gets one "not implemented yet" line, and where to write, instead of a wall
 * of failures.
 */
import { formatResults } from "../../src/checks/check-result";
import { EXERCISES, suiteTitle } from "../../src/checks/exercises";
import { message, text } from "../../src/i18n/catalogue";
import { wrapText } from "../../src/checks/wrap-text";
import { asCheckResult, type GradeReport } from "../core/report";
import { paint } from "./color";

export function formatSelfCheck(report: GradeReport, options: { color: boolean; dir: string }): string {
  const p = paint(options.color);
  const out = [p.bold(message("selfcheck.heading", { dir: options.dir }))];
  if (report.backendLine) out.push(p.dim(report.backendLine));
  if (report.error) {
    out.push(p.red(message("selfcheck.could-not", { error: report.error })));
    return out.join("\n");
  }
  let needWork = 0;
  const suites = [...new Set(report.tests.map((t) => t.suite))];
  for (const suite of suites) {
    const tests = report.tests.filter((t) => t.suite === suite);
    const passed = tests.filter((t) => t.passed).length;
    const failed = tests.filter((t) => !t.passed);
    const title = suite === "likelihood" ? text("title.likelihood.long") : suiteTitle(suite);
    out.push("");
    if (failed.length && failed.every((t) => t.notImplemented)) {
      const path = `${options.dir}/${suite === "likelihood" ? text("selfcheck.likelihood-files") : EXERCISES[suite].file}`;
      out.push(`${p.yellow("…")} ${message("selfcheck.not-implemented", { title: p.bold(title) })}`, wrapText("  ", message("selfcheck.write-here", { path }), 2));
      needWork++;
      continue;
    }
    out.push(`${failed.length ? p.red("✘") : p.green("✔")} ${message("selfcheck.checks-passed", { title: p.bold(title), passed: String(passed), total: String(tests.length) })}`);
    const lines = formatResults(tests.map(asCheckResult)).split("\n");
    out.push(...lines.map((l) => (l.startsWith("✘") ? p.red(l) : l.startsWith("✔") ? p.green(l) : l)));
    if (failed.length) needWork++;
  }
  out.push("");
  out.push(needWork ? p.bold(message("selfcheck.need-work", { count: String(needWork), total: String(suites.length) })) : p.green(p.bold(message("selfcheck.all-passed", { count: String(report.tests.length) }))));
  return out.join("\n");
}
