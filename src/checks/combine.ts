/**
 * Folds the results of one check run on several cases (e.g. two masks) into one result: it
 * passes when every case passes; otherwise it carries the first failure's message. Measured
 * values keep the worst case.
 */
import type { CheckResult } from "./check-result";

export function combineResults(check: string, subject: string, results: readonly CheckResult[]): CheckResult {
  const failed = results.find((r) => !r.passed);
  const measured = results.map((r) => r.measured).filter((v): v is number => v !== undefined);
  const worst = measured.length ? (measured.some(Number.isNaN) ? NaN : Math.max(...measured)) : undefined;
  if (failed) return { ...failed, check, subject, measured: worst ?? failed.measured };
  const base = results.reduce((a, b) => ((b.measured ?? -Infinity) > (a.measured ?? -Infinity) ? b : a), results[0]);
  return { ...base, check, subject, measured: worst, message: results.length > 1 ? `${base.message} (worst of ${results.length} cases)` : base.message };
}
