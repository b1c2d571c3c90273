/**
 * The friendly output of `flowgrade check`, the students' self-check on the public tests: per
 * exercise a heading and the shared `formatResults` lines (✔/✘, the message with the measured
 * value against the tolerance, and a hint under each failure, wrapped to 80 columns); an
 * untouched exercise gets one "not implemented yet" line, and where to write, instead of a wall
 * of failures.
 */
import { formatResults } from "../../src/checks/check-result";
import { EXERCISES } from "../../src/checks/exercises";
import { wrapText } from "../../src/checks/wrap-text";
import { asCheckResult, type GradeReport } from "../core/report";
import { paint } from "./color";

export function formatSelfCheck(report: GradeReport, options: { color: boolean; dir: string }): string {
  const p = paint(options.color);
  const out = [p.bold(`flowgrade check: ${options.dir} (public checks only; grading also runs hidden cases)`)];
  if (report.backendLine) out.push(p.dim(report.backendLine));
  if (report.error) {
    out.push(p.red(`Could not check: ${report.error}`));
    return out.join("\n");
  }
  let needWork = 0;
  const suites = [...new Set(report.tests.map((t) => t.suite))];
  for (const suite of suites) {
    const tests = report.tests.filter((t) => t.suite === suite);
    const passed = tests.filter((t) => t.passed).length;
    const failed = tests.filter((t) => !t.passed);
    const title = suite === "likelihood" ? "Minimum likelihood (a RealNVP of your AffineCoupling, trained with your nllLoss)" : EXERCISES[suite].title;
    out.push("");
    if (failed.length && failed.every((t) => t.notImplemented)) {
      const file = suite === "likelihood" ? "affine-coupling.ts and nll.ts" : EXERCISES[suite].file;
      out.push(`${p.yellow("…")} ${p.bold(title)}: not implemented yet.`, wrapText("  ", `Write your code between the TODO markers in ${options.dir}/${file}.`, 2));
      needWork++;
      continue;
    }
    out.push(`${failed.length ? p.red("✘") : p.green("✔")} ${p.bold(title)}: ${passed}/${tests.length} checks passed`);
    const lines = formatResults(tests.map(asCheckResult)).split("\n");
    out.push(...lines.map((l) => (l.startsWith("✘") ? p.red(l) : l.startsWith("✔") ? p.green(l) : l)));
    if (failed.length) needWork++;
  }
  out.push("");
  out.push(needWork ? p.bold(`${needWork} of ${suites.length} parts need work (see above); edit, then run the check again.`) : p.green(p.bold(`All ${report.tests.length} public checks passed. 🎉`)));
  return out.join("\n");
}
