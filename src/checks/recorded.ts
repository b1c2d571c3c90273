/**
 * Expected values recorded from the reference solutions (recorded-expected.ts, written by
 * `npm run record:expected`), for the checks that need the answer itself: the course ships the
 * numbers for its public inputs, never code that computes them (issue 16). Property checks (round
 * trips, log-dets, the autoregressive structure) need none of this.
 *
 * @example
 *   const masks = recordedMadeMasks(3, [16, 16]);   // exercise (g)'s masks for a public case
 */
import { RECORDED_MADE_MASKS } from "./recorded-expected";

/** The layer checks build AffineMAF with masks of 2 outputs per dimension (log-scale and shift). */
export const RECORDED_OUTPUTS_PER_DIM = 2;

/** The key of one recorded set of masks. */
export function madeMasksKey(dim: number, hidden: readonly number[], outputsPerDim: number): string {
  return `${dim}|${hidden.join(",")}|${outputsPerDim}`;
}

/** The recorded masks for (dim, hidden), 2 outputs per dimension; a clear error for a case that was not recorded. */
export function recordedMadeMasks(dim: number, hidden: readonly number[]): number[][][] {
  const masks = RECORDED_MADE_MASKS[madeMasksKey(dim, hidden, RECORDED_OUTPUTS_PER_DIM)];
  if (!masks) {
    throw new RangeError(`recordedMadeMasks: no masks recorded for dim ${dim}, hidden [${hidden.join(", ")}]; this copy of the course records only its own cases (${Object.keys(RECORDED_MADE_MASKS).join("; ") || "none"}). The instructor runs \`npm run record:expected\`.`);
  }
  return masks.map((m) => m.map((row) => [...row]));
}
