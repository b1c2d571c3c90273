/**
 * Folds the results of one check run on several cases (e.g. two masks) into one result: it
 * passes when every case passes. A failing result is the failing case with the worst measured
 * value (NaN counts as the worst; a failure without a value, such as a thrown error, only when no
 * failure has one), kept whole, so that the value printed in its message is the value recorded.
 */
import { message } from "../i18n/catalogue";
import type { CheckResult } from "./check-result";

/** How bad a result is, for picking the worst case: NaN is worst, no measured value is least bad. */
const badness = (r: CheckResult) => (r.measured === undefined ? -Infinity : Number.isNaN(r.measured) ? Infinity : r.measured);
const worstOf = (results: readonly CheckResult[]) => results.reduce((a, b) => (badness(b) > badness(a) ? b : a));

export function combineResults(check: string, subject: string, results: readonly CheckResult[]): CheckResult {
  const failed = results.filter((r) => !r.passed);
  if (failed.length) return { ...worstOf(failed), check, subject };
  const base = worstOf(results);
  return { ...base, check, subject, message: results.length > 1 ? message("verdict.worst-of", { message: base.message, count: String(results.length) }) : base.message };
}
