/**
 * The text of one test for people (Gradescope's per-test output, JUnit's failure body): the
 * verdict and message, the measured value against the tolerance, the hint, and what stopped it.
 */
import { fmt } from "../../src/checks/check-result";
import type { TestOutcome } from "../core/report";

export function testOutputText(t: TestOutcome): string {
  const lines = [`${t.passed ? "✔ passed" : "✘ failed"}: ${t.message}`];
  if (t.measured !== undefined || t.tolerance !== undefined) {
    const measured = t.measured === null ? "NaN" : t.measured === undefined ? "—" : fmt(t.measured);
    const tolerance = t.tolerance === null || t.tolerance === undefined ? "—" : fmt(t.tolerance);
    lines.push(`measured: ${measured}   ${t.suite === "likelihood" ? "threshold" : "tolerance"}: ${tolerance}`);
  }
  if (t.trainedSteps !== undefined) lines.push(`trained ${t.trainedSteps} steps in ${((t.trainingMs ?? 0) / 1000).toFixed(1)} s`);
  if (t.notImplemented) lines.push(`not implemented yet: ${t.notImplemented}`);
  if (!t.passed && t.hint) lines.push(`hint: ${t.hint}`);
  return lines.join("\n");
}
