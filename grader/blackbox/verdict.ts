/**
 * A check's verdict on one case, as the grader derives it from numbers, and how the cases of a
 * case set fold into one test: it passes when every case passes; a failing test reports the
 * failing case with the worst measured value, its message and its value together (so the number
 * printed is the number recorded).
 */
import { measuredMessage } from "../../src/checks/check-result";
import { message } from "../../src/i18n/catalogue";
import type { Interruption } from "../core/report";

export interface Verdict {
  passed: boolean;
  message: string;
  measured?: number;
  tolerance?: number;
  hint?: string;
  notImplemented?: string;
  interrupted?: Interruption;
}

/** Passed when `value ≤ tolerance` (NaN never passes), with the uniform "… = v ≤ tol" message. */
export function measuredVerdict(subject: string, what: string, value: number, tolerance: number, hint: string): Verdict {
  const passed = value <= tolerance;
  return { passed, measured: value, tolerance, message: measuredMessage(subject, what, value, tolerance), hint: passed ? undefined : hint };
}

/** "≤ threshold t", "> threshold t" or "is NaN, threshold …", in the current language: the end of a likelihood test's message. */
export function thresholdComparison(value: number, passed: boolean, threshold: number): string {
  return message(Number.isNaN(value) ? "compare.threshold.nan" : passed ? "compare.threshold.pass" : "compare.threshold.fail", { threshold });
}

export function failedVerdict(message: string, extra: Partial<Verdict> = {}): Verdict {
  return { passed: false, message, ...extra };
}

/** "{subject}: not checked: {problem}", failed. */
export function notCheckedVerdict(subject: string, problem: string, extra: Partial<Verdict> = {}): Verdict {
  return failedVerdict(`${subject}: ${message("verdict.not-checked.module", { problem })}`, extra);
}

const badness = (v: Verdict) => (v.measured === undefined ? -Infinity : Number.isNaN(v.measured) ? Infinity : v.measured);

export function combineCases(verdicts: readonly Verdict[]): Verdict {
  const failing = verdicts.filter((v) => !v.passed);
  if (failing.length) return failing.reduce((a, b) => (badness(b) > badness(a) ? b : a));
  const worst = verdicts.reduce((a, b) => (badness(b) > badness(a) ? b : a));
  return verdicts.length > 1 ? { ...worst, message: message("verdict.worst-of", { message: worst.message, count: String(verdicts.length) }) } : worst;
}
