/**
 * The terminal summary of `flowgrade grade`: one line per exercise and case set with its points,
 * the failed checks under it (measured value against tolerance, from the check's message, wrapped
 * at spaces to 80 columns), and the total. Colours only where `color` is true (see color.ts).
 */
import { suiteTitle } from "../../src/checks/exercises";
import { currentLanguage, formatFixed, message, text } from "../../src/i18n";
import { wrapText } from "../../src/checks/wrap-text";
import { maxScoreOf, scoreOf, type GradeReport, type TestOutcome } from "../core/report";
import { paint } from "./color";

const pts = (x: number) => String(Math.round(x * 100) / 100);

const title = suiteTitle;

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
    out.push(`${mark} ${label.padEnd(52)} ${`${pts(score)}/${pts(max)}`.padStart(7)}  ${message("summary.checks", { passed: String(tests.length - failed.length), total: String(tests.length) })}`);
    const todo = failed.filter((t) => t.notImplemented);
    if (todo.length === failed.length && todo.length) {
      out.push(`    ${p.yellow(text("summary.not-implemented"))} (${todo[0].notImplemented})`);
      continue;
    }
    for (const t of failed.slice(0, limit)) out.push(wrapText(`    ✘ ${t.check.padEnd(24)} `, t.message, 31).replace("✘", p.red("✘")));
    if (failed.length > limit) out.push(p.dim(`    ${message("summary.more", { count: String(failed.length - limit) })}`));
  }
  if (report.error) out.push(p.red(p.bold(message("summary.could-not-grade", { error: report.error }))));
  const score = scoreOf(report);
  const max = maxScoreOf(report);
  const total = message("summary.score", { score: pts(score), max: pts(max), percent: max ? ` (${Math.round((100 * score) / max)}%)` : "", seconds: formatFixed(report.durationMs / 1000, 1, currentLanguage()) });
  out.push(p.bold(score === max && max > 0 ? p.green(total) : total));
  return out.join("\n");
}
