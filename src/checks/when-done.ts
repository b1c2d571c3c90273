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
 *
 * `requireDone` is for the first cell of a section whose later cells all build on your code (a
 * flow trained in one cell and sampled in the next): it stops the notebook there, with the same
 * one line as its only output, instead of a stack trace from deep inside a later cell.
 *
 * @example (in a notebook)
 *   import * as coupling from "./exercises/affine-coupling";
 *   await requireDone("affine-coupling", () => probe(coupling.AffineCoupling));
 */
import { message } from "../i18n/catalogue";
import { EXERCISES, plainError, type ExerciseId } from "./exercises";

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

/**
 * Runs `probe` (a small call of your code from exercise `id`); when that exercise is not written
 * yet, throws an error that prints as finishFirstLine only (no stack trace), which stops a notebook
 * run at this cell. Any other error is thrown as usual.
 */
export async function requireDone(id: ExerciseId, probe: () => unknown): Promise<void> {
  try {
    await probe();
  } catch (err) {
    if (!isNotImplemented(err)) throw err;
    const stop = new Error(finishFirstLine(id, err));
    stop.name = "NotImplementedError";
    throw plainError(stop);
  }
}
