/**
 * Evaluations a subject cannot tell apart (issue 17). The rows of the grader's finite-difference
 * stencils (finite-differences.ts) never arrive where a process could recognise them and also be
 * checked:
 *
 *   evaluation  one call of one subject holds the stencils' centres (secret points) and rows
 *               together with decoy stencils (centres drawn like the real ones, rows built the same
 *               way), all shuffled by the grader's secret. This subject may find every stencil; it
 *               is the one that gets checked.
 *   rechecks    calls for OTHER fresh subjects, one per recheck process, each re-evaluating exactly
 *               ONE element of every stencil (decoys included): its centre or one of its 4D rows,
 *               a different element in each process, shuffled. A single row of a stencil around a
 *               secret point tells nothing about where the point is, so these subjects have to
 *               answer each row as a function of that row alone.
 *
 * {@link rowDependence} then compares the answers row by row: a difference beyond float32
 * rounding means the subject's outputs depend on the other rows of the batch, and the check that
 * used the rows fails. A subject that answers recognised stencils with a made-up Jacobian must
 * change at least two rows of every stencil (the grader takes the largest error over its points,
 * and cannot tell decoys from real ones); each recheck of a stencil hits one of them with
 * probability 2/(4D + 1), independently across stencils, so with S stencils and P recheck
 * processes the lie stays unseen with probability (1 − 2P/(4D + 1))^S at most (grader/README.md
 * gives the figures of each case).
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

/** One recheck process's call: one element of every stencil, and which real row each rechecked one is. */
export interface Recheck {
  /** The rechecked real rows, as indices into [...points, ...fd.rows]. */
  rechecked: number[];
  mix: Mix;
}

export interface ShuffledStencils {
  fd: FdPlan;
  /** Real rows of the evaluation: the centres (points), then fd.rows. */
  evaluation: Mix;
  rechecks: Recheck[];
}

/**
 * The evaluation call of the stencils of `points` (relative step h) mixed with stencils around
 * `decoyPoints`, and `processes` recheck calls; order, decoys' rows and rechecked elements from `rng`
 * (the grader's secret).
 */
export function shuffledStencils(points: readonly number[][], decoyPoints: readonly number[][], h: number, rng: Rng, processes: number): ShuffledStencils {
  const dim = points[0].length;
  const rowsPerStencil = dim * STENCIL_SCALES.length;
  const fd = fdPlan(points, h);
  const decoy = decoyPoints.length ? fdPlan(decoyPoints, h) : undefined;
  const evaluation = mixRows([...points, ...fd.rows], decoy ? [...decoyPoints, ...decoy.rows] : [], rng);
  // Per stencil, `processes` distinct elements: −1 its centre, r ≥ 0 its row r.
  const elements = () => permutation(rowsPerStencil + 1, rng).slice(0, processes).map((e) => e - 1);
  const real = points.map(elements);
  const fake = decoyPoints.map(elements);
  const all = [...points, ...fd.rows];
  const rechecks = Array.from({ length: processes }, (_, k) => {
    const rechecked = real.map((e, p) => (e[k] < 0 ? p : points.length + p * rowsPerStencil + e[k]));
    const decoys = fake.map((e, p) => (e[k] < 0 ? decoyPoints[p] : decoy!.rows[p * rowsPerStencil + e[k]]));
    return { rechecked, mix: mixRows(rechecked.map((i) => all[i]), decoys, rng) };
  });
  return { fd, evaluation, rechecks };
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
