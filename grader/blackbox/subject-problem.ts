/**
 * A subject's problem (subject/protocol.ts ProblemValues: a code and the values it names) in the
 * reader's language, from the catalogue's "subject.<code>" messages. The subject is not trusted:
 * an unknown code, a missing value or anything else malformed reads as "failed without a
 * message"; every value is cut to one clean line (cleanText), and so is the whole text.
 */
import { CATALOGUES, message, placeholdersOf, text, type MessageKey, type Placeholders } from "../../src/i18n/catalogue";
import type { en } from "../../src/i18n/messages/en";
import type { ProblemCode, ProblemValues } from "../subject/protocol";

/** At most `max` characters, no control characters, one line. */
export function cleanText(value: unknown, max = 600): string {
  const text = typeof value === "string" ? value : "";
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Every code, each checked at compile time: its catalogue key exists and names exactly the code's values. */
const CODES: { readonly [C in ProblemCode]: SameKeys<Placeholders<(typeof en)[`subject.${C}`]>, keyof ProblemValues[C]> } = {
  "load-failed": true,
  "file-load-failed": true,
  "no-class": true,
  "file-no-class": true,
  "no-function": true,
  "missing-functions": true,
  "no-method": true,
  "no-initialize": true,
  "constructor-threw": true,
  "flow-threw": true,
  "variables-not-array": true,
  "variables-count": true,
  "variable-shape": true,
  threw: true,
  "init-threw": true,
  "functions-threw": true,
  "training-threw": true,
  "forward-gradient-failed": true,
  "gradient-failed": true,
  returned: true,
  "returned-output": true,
  "returned-log-det": true,
  "not-number": true,
  "not-tensor": true,
  disposed: true,
  "no-exports": true,
  "require-refused": true,
  "subject-failed": true,
  duplicate: true,
  "no-message": true,
};

/** The problem as text in the current language; a value that is itself a problem is worded too (one level deep). */
export function problemText(problem: unknown): string {
  return cleanText(worded(problem, 1) ?? text("subject.no-message"));
}

/** The problem's text, or undefined when anything in it is malformed (nested problems at most `depth` deep). */
function worded(problem: unknown, depth: number): string | undefined {
  const p = (problem && typeof problem === "object" ? problem : {}) as Record<string, unknown>;
  if (typeof p.code !== "string" || !Object.hasOwn(CODES, p.code)) return undefined;
  const key = `subject.${p.code}` as MessageKey;
  const values: Record<string, string> = {};
  for (const name of placeholdersOf(CATALOGUES.en[key])) {
    const v = p[name];
    const value = typeof v === "string" ? cleanText(v) : depth > 0 && v && typeof v === "object" ? worded(v, depth - 1) : undefined;
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return message(key, values as never);
}
