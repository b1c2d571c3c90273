/**
 * The terminal summary of `flowgrade grade`: one line per exercise and case set with its points,
 * the failed checks under it (measured value against tolerance, from the check's message, wrapped
 * at spaces to 80 columns), and the total. Colours only where `color` is true (see color.ts).
 */
import { EXERCISES } from "../../src/checks/exercises";
import { wrapText } from "../../src/checks/wrap-text";
import { maxScoreOf, scoreOf, type GradeReport, type TestOutcome } from "../core/report";
import { paint } from "./color";

const pts = (x: number) => String(Math.round(x * 100) / 100);

function title(suite: string): string {
  return suite === "likelihood" ? "Minimum likelihood" : EXERCISES[suite as keyof typeof EXERCISES].title;
}

export function formatSummary(report: GradeReport, options: { color: boolean; maxFailuresPerGroup?: number }): string {
  const p = paint(options.color);
  const limit = options.maxFailuresPerGroup ?? 4;
  const out: string[] = [p.bold(`flowgrade ${report.mode}: ${report.submission}`)];
  if (report.backendLine) out.push(p.dim(report.backendLine));
  const groups = new Map<string, TestOutcome[]>();
  for (const t of report.tests) groups.set(`${t.suite}\u0000${t.cases}`, [...(groups.get(`${t.suite}\u0000${t.cases}`) ?? []), t]);
  for (const tests of groups.values()) {
    const { suite, cases } = tests[0];
    const score = tests.reduce((s, t) => s + t.score, 0);
    const max = tests.reduce((s, t) => s + t.maxScore, 0);
    const failed = tests.filter((t) => !t.passed);
    const mark = failed.length ? p.red("✘") : p.green("✔");
    const label = suite === "likelihood" ? title(suite) : `${title(suite)} [${cases}]`;
    out.push(`${mark} ${label.padEnd(52)} ${`${pts(score)}/${pts(max)}`.padStart(7)}  ${tests.length - failed.length}/${tests.length} checks`);
    const todo = failed.filter((t) => t.notImplemented);
    if (todo.length === failed.length && todo.length) {
      out.push(`    ${p.yellow("not implemented yet")} (${todo[0].notImplemented})`);
      continue;
    }
    for (const t of failed.slice(0, limit)) out.push(wrapText(`    ✘ ${t.check.padEnd(24)} `, t.message, 31).replace("✘", p.red("✘")));
    if (failed.length > limit) out.push(p.dim(`    … and ${failed.length - limit} more failed checks (see results.json)`));
  }
  if (report.error) out.push(p.red(p.bold(`could not grade: ${report.error}`)));
  const score = scoreOf(report);
  const max = maxScoreOf(report);
  const total = `Score: ${pts(score)} / ${pts(max)}${max ? ` (${Math.round((100 * score) / max)}%)` : ""} in ${(report.durationMs / 1000).toFixed(1)} s`;
  out.push(p.bold(score === max && max > 0 ? p.green(total) : total));
  return out.join("\n");
}
