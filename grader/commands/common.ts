/**
 * What the grading commands share: the I/O they write to, the options that tune grading (as a
 * table, see cli-args.ts), their translation into GradeOptions, and the rubric check that turns an
 * instructor's rubric mistake into an instructor error before any student code runs.
 */
import { UsageError, type OptionSpec, type ParsedArgs } from "../cli-args";
import { chooseLanguage } from "../../src/i18n/languages.mjs";
import { setLanguage, type Lang } from "../../src/i18n/language";
import type { GradeOptions } from "../core/grade-submission";
import { resolveExerciseName, selectionChoices } from "./exercise-selection";
import { loadRubric, RubricError, type Rubric } from "../core/rubric";

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: running workers are killed and the results still written. */
  signal?: AbortSignal;
}

/**
 * The grading options of grade, check and grade-class. `limit` names the GradeOptions.limits key
 * an option overrides: renaming a rubric limit is a change to this table only.
 */
export const GRADING_OPTIONS: readonly (OptionSpec & { limit?: string })[] = [
  { name: "rubric", kind: "file", help: "grade with this rubric instead of grader/rubric.json (e.g. a private one with secret hidden cases)" },
  { name: "timeout-ms", kind: "int", min: 100, limit: "exerciseTimeoutMs", placeholder: "<ms>", help: "time limit of each exercise worker" },
  { name: "likelihood-timeout-ms", kind: "int", min: 100, limit: "likelihoodTimeoutMs", placeholder: "<ms>", help: "time limit of the likelihood worker" },
  { name: "memory-mb", kind: "int", min: 64, limit: "memoryMb", placeholder: "<MB>", help: "memory cap of each worker" },
  { name: "concurrency", kind: "int", min: 1, limit: "concurrency", help: "worker processes run at once for one submission" },
  { name: "keep-staging", kind: "flag", help: "keep the staged copy under build/grading/ (debugging)" },
  { name: "only", kind: "list", resolve: resolveExerciseName, describeChoices: `exercises: ${selectionChoices()}`, placeholder: "<a,b,…>", help: `grade only these exercises (comma-separated letters or ids: ${selectionChoices()}) and the likelihood test when it trains one of them` },
];

/** --lang of grade, grade-class and check (validated by chooseGradingLanguage). */
export const LANG_OPTION: OptionSpec = { name: "lang", kind: "string", placeholder: "<en|fr|es>", help: "language of messages and hints (grade: default the rubric's \"language\", else en; check: default FLOWLAB_LANG, else the locale, else en)" };

/**
 * Chooses the language of every message and hint this command writes, and sets it
 * (src/i18n/language.ts). `check` is the student's own tool: --lang, FLOWLAB_LANG, the locale, as
 * `npm start` chooses (chooseLanguage). `grade` and `grade-class` write what a course hands
 * back: --lang, else the rubric's "language", else English, never the grading machine's locale.
 */
export function chooseGradingLanguage(args: ParsedArgs, rubric: Rubric, io: CommandIO, command: "check" | "grade"): Lang {
  const flag = typeof args.options.lang === "string" ? args.options.lang : undefined;
  let lang: Lang;
  try {
    lang = (command === "check" ? chooseLanguage(flag, io.env) : chooseLanguage(flag ?? rubric.language, {})).lang as Lang;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  setLanguage(lang);
  return lang;
}

export const QUIET_OPTION: OptionSpec = { name: "quiet", kind: "flag", short: "q", help: "print less" };

/** GradeOptions from the parsed grading options (already validated by the table). */
export function gradingOptions(args: ParsedArgs, io: CommandIO): GradeOptions {
  const o = args.options;
  const limits: Record<string, number> = {};
  for (const spec of GRADING_OPTIONS) if (spec.limit && typeof o[spec.name] === "number") limits[spec.limit] = o[spec.name] as number;
  return {
    rubricPath: typeof o.rubric === "string" ? o.rubric : undefined,
    limits,
    keepStaging: o["keep-staging"] === true,
    exercises: typeof o.only === "string" ? o.only.split(",") : undefined,
    env: io.env,
    signal: io.signal,
  };
}

/** The rubric is broken: the instructor's mistake, never the student's. Exit 2; the details go to stderr only. */
export class InstructorError extends Error {
  override name = "InstructorError";
  constructor(message: string, readonly details: string[] = []) {
    super(message);
  }
}

/** Loads and validates the rubric before grading; throws InstructorError with every problem. */
export function preflightRubric(args: ParsedArgs): Rubric {
  const path = typeof args.options.rubric === "string" ? args.options.rubric : undefined;
  try {
    return loadRubric(path);
  } catch (err) {
    if (err instanceof RubricError) throw new InstructorError(`the rubric ${err.source} is invalid, so nothing was graded`, err.problems);
    throw new InstructorError(`the rubric ${path ?? "grader/rubric.json"} cannot be loaded: ${(err as Error).message}`);
  }
}

/** Writes an instructor error to stderr: one headline, then its details indented. */
export function reportInstructorError(err: InstructorError, io: CommandIO): void {
  io.stderr.write(`flowgrade: instructor error: ${err.message}\n${err.details.map((d) => `  ${d}\n`).join("")}`);
}
