/**
 * For a notebook cell that demonstrates a layer or formula with YOUR code from an exercise, before
 * or after its check cell: runs the cell's code, and when that exercise is not written yet (your
 * code throws NotImplementedError) prints one line saying which exercise to finish, instead of a
 * stack trace. Any other error is thrown as usual. The library has no copy of the answers, so
 * these cells can only show your code.
 *
 * @example (in a notebook)
 *   import * as made from "./exercises/made-maf";
 *   await whenDone("made-maf", () => console.log(made.madeDegrees(3, [4])));
 *   // before exercise (g): "Finish exercise (g) first (exercises/made-maf.ts): this cell shows your madeDegrees, …"
 */
import { message } from "../i18n/catalogue";
import { EXERCISES, type ExerciseId } from "./exercises";

/** Whether `err` is the NotImplementedError of an unwritten exercise (by name: the exercise files may load their own copy of the class). */
function isNotImplemented(err: unknown): err is Error {
  return err instanceof Error && err.name === "NotImplementedError";
}

/** The one line printed instead of the cell's output while exercise `id` is not written yet. */
export function finishFirstLine(id: ExerciseId, err?: Error): string {
  const letter = /\(([a-z])\)/.exec(EXERCISES[id].title)?.[1] ?? id;
  const what = err && "exercise" in err && typeof err.exercise === "string" ? message("exercise.finish-first.what", { name: err.exercise }) : "";
  return message("exercise.finish-first", { letter, file: EXERCISES[id].file, what });
}

/** Runs `cell`; returns its value, or undefined after printing finishFirstLine when exercise `id` is not written yet. */
export async function whenDone<T>(id: ExerciseId, cell: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await cell();
  } catch (err) {
    if (!isNotImplemented(err)) throw err;
    console.log(finishFirstLine(id, err));
    return undefined;
  }
}
