/**
 * The text of one test for people (Gradescope's per-test output, JUnit's failure body): the
 * verdict and message, the measured value against the tolerance, the hint, and what stopped it.
 */
import { currentLanguage, formatFixed, formatNumber, message, text } from "../../src/i18n";
import type { TestOutcome } from "../core/report";

/** In the current language (src/i18n): labels, and the numbers with the language's decimal separator. */
export function testOutputText(t: TestOutcome): string {
  const lang = currentLanguage();
  const label = (key: "label.passed" | "label.failed" | "label.measured" | "label.threshold" | "label.tolerance" | "label.hint") => message("label.colon", { label: text(key) });
  const lines = [`${t.passed ? "✔" : "✘"} ${label(t.passed ? "label.passed" : "label.failed")}${t.message}`];
  if (t.measured !== undefined || t.tolerance !== undefined) {
    const measured = t.measured === null ? "NaN" : t.measured === undefined ? "—" : formatNumber(t.measured, lang);
    const tolerance = t.tolerance === null || t.tolerance === undefined ? "—" : formatNumber(t.tolerance, lang);
    lines.push(`${label("label.measured")}${measured}   ${label(t.suite === "likelihood" ? "label.threshold" : "label.tolerance")}${tolerance}`);
  }
  if (t.trainedSteps !== undefined) lines.push(message("label.trained", { steps: String(t.trainedSteps), seconds: formatFixed((t.trainingMs ?? 0) / 1000, 1, lang) }));
  if (t.notImplemented) lines.push(message("label.not-implemented", { what: t.notImplemented }));
  if (!t.passed && t.hint) lines.push(`${label("label.hint")}${t.hint}`);
  return lines.join("\n");
}
