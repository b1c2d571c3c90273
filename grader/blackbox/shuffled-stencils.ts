/**
 * Evaluations a subject cannot tell apart (issue 17). The rows of the grader's finite-difference
 * stencils (finite-differences.ts) never arrive as recognisable groups:
 *
 *   evaluation  one call holds the stencils' centres and rows together with as many decoy stencils
 *               (centres drawn like the real ones, rows built the same way) as `decoys` says, all
 *               shuffled; the order and the decoys come from the grader's secret;
 *   recheck     a call for ANOTHER fresh subject re-evaluates, of every stencil (decoys included),
 *               either its centre alone or `perStencil` of its rows along different directions,
 *               shuffled with the same of the decoys. That subject never sees a centre together with
 *               a row of its stencil, nor two rows on one line through the centre, so it cannot
 *               locate a stencil's centre (D unknowns against at most perStencil(perStencil+1)/2
 *               equations, perStencil = 1 below D = 8), and has to answer each row as a function of
 *               that row alone.
 *
 * {@link rowDependence} then compares the two answers row by row: a difference beyond float32
 * rounding means the subject's outputs depend on the other rows of the batch, and the check that
 * used the rows fails. A subject that answers recognised stencils with a made-up Jacobian must
 * change at least two rows of every stencil (the grader takes the largest error over its points,
 * and cannot tell decoys from real ones); each stencil's recheck hits a changed row with
 * probability ≈ 2·perStencil/(4D + 1), independently, so over all the stencils the lie is found
 * with probability near 1 (grader/README.md gives the figures).
 */
import type { Rng } from "../../src/random/prng";
import { fdPlan, STENCIL_SCALES, type FdPlan } from "./finite-differences";
import { permutation } from "./secret";

/** Rows of one call in a shuffled order, and which real row each one is (−1: a decoy). */
export interface Mix {
  rows: number[][];
  source: number[];
}

export function mixRows(real: readonly number[][], decoys: readonly number[][], rng: Rng): Mix {
  const all = [...real.map((r, s) => ({ r, s })), ...decoys.map((r) => ({ r, s: -1 }))];
  const order = permutation(all.length, rng);
  return { rows: order.map((i) => [...all[i].r]), source: order.map((i) => all[i].s) };
}

/** The values of a mixed call (`width` per row) put back in the order of its `count` real rows; null where missing. */
export function unmix(mix: Mix, values: readonly (number | null)[] | undefined, width: number, count: number): (number | null)[] {
  const out: (number | null)[] = new Array(count * width).fill(null);
  if (!values || values.length !== mix.rows.length * width) return out;
  mix.source.forEach((s, i) => {
    if (s >= 0) for (let j = 0; j < width; j++) out[s * width + j] = values[i * width + j];
  });
  return out;
}

export interface ShuffledStencils {
  fd: FdPlan;
  /** Real rows of the evaluation: the centres (points), then fd.rows. */
  evaluation: Mix;
  /** The rechecked real rows, as indices into [...points, ...fd.rows]. */
  rechecked: number[];
  recheck: Mix;
}

/** Rows re-evaluated per stencil: 1 below D = 8 (a second row could locate the centre), else 3. */
export const recheckRowsPerStencil = (dim: number) => (dim >= 8 ? 3 : 1);

/**
 * One stencil's rechecked rows (indices relative to the stencil's first row, or −1 for its centre):
 * the centre alone for about a quarter of the stencils, otherwise `perStencil` rows along distinct directions.
 */
function recheckOf(dim: number, perStencil: number, rng: Rng): number[] {
  if (rng.uniform() < 0.25) return [-1];
  return permutation(dim, rng)
    .slice(0, Math.min(perStencil, dim))
    .map((k) => k * STENCIL_SCALES.length + rng.int(STENCIL_SCALES.length));
}

/**
 * The evaluation and recheck calls of the stencils of `points` (relative step h), with stencils
 * around `decoyPoints` mixed in: directions, order, decoys and rechecked rows from `rng` (the grader's secret).
 */
export function shuffledStencils(points: readonly number[][], decoyPoints: readonly number[][], h: number, rng: Rng): ShuffledStencils {
  const dim = points[0].length;
  const per = recheckRowsPerStencil(dim);
  const rowsPerStencil = dim * STENCIL_SCALES.length;
  const fd = fdPlan(points, h, rng);
  const decoy = decoyPoints.length ? fdPlan(decoyPoints, h, rng) : undefined;
  const evaluation = mixRows([...points, ...fd.rows], decoy ? [...decoyPoints, ...decoy.rows] : [], rng);
  const rechecked: number[] = [];
  points.forEach((_, p) => {
    for (const r of recheckOf(dim, per, rng)) rechecked.push(r < 0 ? p : points.length + p * rowsPerStencil + r);
  });
  const decoyRecheck: number[][] = [];
  decoyPoints.forEach((c, p) => {
    for (const r of recheckOf(dim, per, rng)) decoyRecheck.push(r < 0 ? c : decoy!.rows[p * rowsPerStencil + r]);
  });
  const real = [...points, ...fd.rows];
  return { fd, evaluation, rechecked, recheck: mixRows(rechecked.map((i) => real[i]), decoyRecheck, rng) };
}

/**
 * The largest difference between two answers for the same rows, relative to their size:
 * max |a − b| / max(1, |a|, |b|); NaN when a value is missing or not finite in either.
 */
export function rowDependence(first: readonly (number | null)[], second: readonly (number | null)[]): number {
  if (first.length !== second.length) return NaN;
  let worst = 0;
  for (let i = 0; i < first.length; i++) {
    const a = first[i];
    const b = second[i];
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return NaN;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)));
  }
  return worst;
}

/** The message of a failed recheck. */
export const ROW_DEPENDENCE = "outputs depend on the other rows of the batch";
