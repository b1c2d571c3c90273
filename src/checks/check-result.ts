/**
 * The record every check returns, in the library tests, the notebooks' "check your work" cells
 * and the grader alike: the check, what it measured, the tolerance, and a message a student can
 * act on.
 */
import { NotImplementedError } from "../bijectors/errors";
import { message, text } from "../i18n/catalogue";
import { LINE_WIDTH, wrapText } from "./wrap-text";

export interface CheckResult {
  /** A stable id, e.g. "round-trip-forward". */
  check: string;
  /** What was checked, e.g. "AffineCoupling(mask=[1,0])". */
  subject: string;
  passed: boolean;
  /** The measured worst value, where the check measures one. */
  measured?: number;
  tolerance?: number;
  message: string;
  /** What to look at when it fails. */
  hint?: string;
  /** Set when the code under test threw NotImplementedError: the exercise it names. */
  notImplemented?: string;
}

export { fmt } from "../i18n/numbers";

/**
 * The uniform message of a measured check, in the current language (message catalogue,
 * "verdict.measured.*"): "subject: what = measured ≤ tolerance", "> tolerance" when it fails,
 * "is NaN, tolerance …" for NaN. The numbers are formatted for the language.
 */
export function measuredMessage(subject: string, what: string, measured: number, tolerance: number): string {
  const key = measured <= tolerance ? "verdict.measured.pass" : Number.isNaN(measured) ? "verdict.measured.nan" : "verdict.measured.fail";
  return message(key, { subject, what, measured, tolerance });
}

/** Passed when `measured ≤ tolerance` (NaN never passes), with a uniform message. */
export function measuredResult(
  check: string,
  subject: string,
  what: string,
  measured: number,
  tolerance: number,
  hint: string,
): CheckResult {
  const passed = measured <= tolerance;
  return { check, subject, passed, measured, tolerance, message: measuredMessage(subject, what, measured, tolerance), hint: passed ? undefined : hint };
}

/**
 * Runs `body`; when the code under test throws, the check fails with the error's message
 * (a NotImplementedError is marked as such, so reports can say "not implemented yet").
 */
export async function guarded(check: string, subject: string, body: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await body();
  } catch (err) {
    const e = err as Error;
    if (e instanceof NotImplementedError || e?.name === "NotImplementedError") {
      const exercise = (e as NotImplementedError).exercise ?? subject;
      return { check, subject, passed: false, message: `${subject}: ${e.message}`, notImplemented: exercise };
    }
    return { check, subject, passed: false, message: message("verdict.threw", { subject, error: `${e?.name ?? "Error"}: ${e?.message ?? String(err)}` }) };
  }
}

/**
 * One entry per result: ✔/✘, the check's id, the message, and the hint on failures, wrapped at
 * spaces to LINE_WIDTH (wrap-text.ts): the message continues under its own column, the hint under
 * "hint: ", so no row breaks inside a word or a number.
 */
export function formatResults(results: readonly CheckResult[]): string {
  const column = Math.max(0, ...results.map((r) => r.check.length));
  return results
    .map((r) => {
      const lead = `${r.passed ? "✔" : "✘"} ${r.check.padEnd(column)}  `;
      const label = `    ${message("label.colon", { label: text("label.hint") })}`;
      const hint = r.hint ? `\n${wrapText(label, r.hint, label.length)}` : "";
      return wrapText(lead, r.message, lead.length <= LINE_WIDTH / 2 ? lead.length : 4) + hint;
    })
    .join("\n");
}
