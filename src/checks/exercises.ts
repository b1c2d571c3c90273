/**
 * One entry point per exercise, for the notebooks' "check your work" cells, `flowgrade check`
 * and the grader's workers.
 *
 * @example (in a notebook)
 *   import * as mine from "./exercises/affine-coupling";
 *   await expectExercise("affine-coupling", mine);   // prints ✔/✘ lines; throws if any check fails
 */
import { NotImplementedError } from "../bijectors/errors";
import { formatResults, type CheckResult } from "./check-result";
import { wrapText } from "./wrap-text";
import { message, text, type MessageKey } from "../i18n/catalogue";
import { checkCouplingExercise, type CouplingCase } from "./coupling-exercise";
import { checkNllExercise, type NllCase } from "./nll-exercise";
import { checkImageBijectorExercise, type ImageBijectorCase } from "./image-bijector-exercise";
import { checkDequantizationExercise, type DequantizationCase } from "./dequantization-exercise";
import { checkMadeMafExercise, type MafCase } from "./made-maf-exercise";

type TitleKey = Extract<MessageKey, `title.${string}`>;

/** An exercise's entry; its title is the message catalogue's "title.<id>", in the current language when read. */
function exercise<const F extends string, const N extends string>(id: string, file: F, notebook: N): { readonly title: string; readonly file: F; readonly notebook: N } {
  return Object.freeze({
    get title() {
      return text(`title.${id}` as TitleKey);
    },
    file,
    notebook,
  });
}

/** Every exercise: its title ("Exercise (a): …", the letter in every language), the file students edit (in exercises/), and the notebook whose check cell runs it. */
export const EXERCISES = {
  "additive-coupling": exercise("additive-coupling", "additive-coupling.ts", "02-coupling-layers"),
  "affine-coupling": exercise("affine-coupling", "affine-coupling.ts", "02-coupling-layers"),
  nll: exercise("nll", "nll.ts", "03-training-with-maximum-likelihood"),
  actnorm: exercise("actnorm", "actnorm.ts", "05-flows-on-images"),
  "invertible-conv": exercise("invertible-conv", "invertible-conv.ts", "05-flows-on-images"),
  dequantization: exercise("dequantization", "dequantization.ts", "05-flows-on-images"),
  "made-maf": exercise("made-maf", "made-maf.ts", "06-autoregressive-flows"),
} as const;

/** The title of a grading suite (an exercise id, or "likelihood"), in the current language. */
export function suiteTitle(suite: string): string {
  return suite === "likelihood" ? text("title.likelihood") : (EXERCISES[suite as ExerciseId]?.title ?? suite);
}
export type ExerciseId = keyof typeof EXERCISES;
export const EXERCISE_IDS = Object.keys(EXERCISES) as ExerciseId[];

/** Cases to run instead of the public ones (the grader passes its hidden cases here). */
export interface ExerciseCases {
  coupling?: readonly CouplingCase[];
  nll?: readonly NllCase[];
  /** Exercises (d) and (e). */
  image?: readonly ImageBijectorCase[];
  dequantization?: readonly DequantizationCase[];
  maf?: readonly MafCase[];
}

/** Runs every check of exercise `id` on the student's module: the public cases unless `cases` says otherwise. */
export async function checkExercise(id: ExerciseId, module: Record<string, unknown>, cases: ExerciseCases = {}): Promise<CheckResult[]> {
  switch (id) {
    case "additive-coupling":
      return checkCouplingExercise(module, "AdditiveCoupling", { cases: cases.coupling });
    case "affine-coupling":
      return checkCouplingExercise(module, "AffineCoupling", { cases: cases.coupling });
    case "nll":
      return checkNllExercise(module, { cases: cases.nll });
    case "actnorm":
      return checkImageBijectorExercise(module, "ActNorm", { cases: cases.image });
    case "invertible-conv":
      return checkImageBijectorExercise(module, "Invertible1x1Conv", { cases: cases.image });
    case "dequantization":
      return checkDequantizationExercise(module, { cases: cases.dequantization });
    case "made-maf":
      return checkMadeMafExercise(module, { cases: cases.maf });
    default:
      throw new RangeError(`checkExercise: 'id' must be one of ${EXERCISE_IDS.join(", ")}; got "${String(id)}".`);
  }
}

/**
 * Shows `err` as "Name: message" wherever it is printed, wrapped at spaces to LINE_WIDTH
 * (wrap-text.ts). tslab prints a thrown error with console.error, that is util.inspect, which adds
 * the stack trace and every enumerable property, and puts an error without stack frames in
 * brackets ("[NotImplementedError: …]"): after a check report, only the report and this message
 * should be there to read.
 */
export function plainError<E extends Error>(err: E): E {
  for (const key of Object.keys(err)) Object.defineProperty(err, key, { enumerable: false });
  err.stack = `${err.name}: ${err.message}`;
  Object.defineProperty(err, Symbol.for("nodejs.util.inspect.custom"), { value: () => wrapText(`${err.name}: `, err.message, 4), enumerable: false });
  return err;
}

/** Some checks of an exercise failed; `results` has them all (not enumerable: it prints as its message only). */
export class ExerciseCheckError extends Error {
  declare readonly exercise: ExerciseId;
  declare readonly results: CheckResult[];
  constructor(exercise: ExerciseId, results: CheckResult[]) {
    const failed = results.filter((r) => !r.passed);
    super(message("exercise.failed", { title: EXERCISES[exercise].title, failed: String(failed.length), total: String(results.length), file: EXERCISES[exercise].file }));
    this.name = "ExerciseCheckError";
    Object.defineProperty(this, "exercise", { value: exercise, enumerable: false });
    Object.defineProperty(this, "results", { value: results, enumerable: false });
    plainError(this);
  }
}

/**
 * Prints the checks of exercise `id` and throws when one fails: a NotImplementedError (naming
 * the exercise and its file) when the code is still the TODO, an ExerciseCheckError otherwise;
 * either prints as its message only (no stack trace, no result objects, no brackets). It resolves to nothing, so that tslab prints
 * no result array after the report; use `checkExercise` for the results themselves.
 */
export async function expectExercise(id: ExerciseId, module: Record<string, unknown>): Promise<void> {
  const results = await checkExercise(id, module);
  const todo = results.find((r) => r.notImplemented);
  if (todo?.notImplemented) throw plainError(new NotImplementedError(todo.notImplemented, `exercises/${EXERCISES[id].file}`));
  console.log(`${EXERCISES[id].title}\n${formatResults(results)}`);
  if (results.some((r) => !r.passed)) throw new ExerciseCheckError(id, results);
  console.log(message("exercise.all-passed", { count: String(results.length) }));
}
