/**
 * The reference values the grader's checks need where a check needs the answer itself (issue 16).
 * In the instructor's repository (this file) they come from the reference solutions. Never
 * released: `flowgrade release` writes, in its place, a stand-in that serves values recorded from
 * the solutions for that release's cases only (release/reference-stand-in.ts): the public cases in
 * the student release, the public and hidden ones in the autograder.
 */
import { madeMasks } from "../../solutions/made-maf";
import { RECORDED_OUTPUTS_PER_DIM } from "../../src/checks/recorded";

/** MADE's masks for (dim, hidden), 2 outputs per dimension: the masks the layer checks build AffineMAF with. */
export function referenceMadeMasks(dim: number, hidden: readonly number[]): number[][][] {
  return madeMasks(dim, [...hidden], RECORDED_OUTPUTS_PER_DIM);
}
