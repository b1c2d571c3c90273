/**
 * Named errors a caller (a notebook, the grader) may want to catch, with messages that name the
 * function, the argument, the rule, and expected versus got.
 */

/** A tensor or argument of the wrong rank, width or type. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/**
 * An exercise that the student has not written yet. The grader and the notebooks look for it.
 * `file` names where to write it (the check cells pass e.g. "exercises/nll.ts").
 */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
  constructor(readonly exercise: string, file = "exercises/") {
    super(`${exercise} is not implemented yet: write your code between the TODO markers in ${file} and run the cell again.`);
  }
}
