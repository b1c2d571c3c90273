/**
 * log|det J| of a black-box map, estimated by the grader from the map's outputs alone.
 *
 * For each point x and coordinate j the subject evaluates the map at x ± h_j e_j and at
 * x ± (h_j/2) e_j, with h_j = h·max(1, |x_j|). The grader forms central differences in float64,
 *   J_h[:, j] = (f(x + h_j e_j) − f(x − h_j e_j)) / (2 h_j),
 * combines the two step sizes by Richardson extrapolation, J = (4 J_{h/2} − J_h) / 3 (error
 * O(h⁴) instead of O(h²)), and takes log|det J| by LU in float64 (src/checks/jacobian.ts). The
 * difference between the log-dets of J_h and J_{h/2} estimates the error of the estimate itself:
 * a map that is not smooth at x (a kink inside the step) shows a large one.
 *
 * Float32 outputs limit the accuracy: rounding adds about ε·|f|/h to each entry, which is why the
 * steps are relative to |x| and not tiny. The tolerance that applies to the result lives in
 * src/tolerances.ts (blackBoxLogDet), calibrated on the solutions.
 */
import { logAbsDet } from "../../src/checks/jacobian";

export interface FdPlan {
  /** The rows to evaluate: for each point, for each j: x+h e_j, x−h e_j, x+h/2 e_j, x−h/2 e_j. */
  rows: number[][];
  points: number;
  dim: number;
  steps: number[][];
}

export function fdPlan(points: readonly number[][], h: number): FdPlan {
  const dim = points[0].length;
  const rows: number[][] = [];
  const steps = points.map((x) => x.map((v) => h * Math.max(1, Math.abs(v))));
  points.forEach((x, p) => {
    for (let j = 0; j < dim; j++) {
      for (const scale of [1, -1, 0.5, -0.5]) {
        const r = [...x];
        r[j] += scale * steps[p][j];
        rows.push(r);
      }
    }
  });
  return { rows, points: points.length, dim, steps };
}

export interface FdLogDet {
  /** Richardson-extrapolated log|det J| per point (NaN where an output was missing). */
  logDet: number[];
  /** |log|det J_h| − log|det J_{h/2}||: how far the estimate can be trusted, per point. */
  spread: number[];
}

/** The log-dets from the outputs of the rows of `plan` (flat, row-major, width plan.dim). */
export function fdLogDets(plan: FdPlan, outputs: readonly (number | null)[]): FdLogDet {
  const { dim } = plan;
  const logDet: number[] = [];
  const spread: number[] = [];
  for (let p = 0; p < plan.points; p++) {
    const jh: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    const jh2: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    let bad = false;
    for (let j = 0; j < dim; j++) {
      const base = (p * dim + j) * 4 * dim;
      const at = (k: number, i: number) => outputs[base + k * dim + i];
      const h = plan.steps[p][j];
      for (let i = 0; i < dim; i++) {
        const [a, b, c, d] = [at(0, i), at(1, i), at(2, i), at(3, i)];
        if (a === null || b === null || c === null || d === null || ![a, b, c, d].every(Number.isFinite)) bad = true;
        jh[i][j] = ((a ?? NaN) - (b ?? NaN)) / (2 * h);
        jh2[i][j] = ((c ?? NaN) - (d ?? NaN)) / h;
      }
    }
    if (bad) {
      logDet.push(NaN);
      spread.push(NaN);
      continue;
    }
    const richardson = jh2.map((row, i) => row.map((v, j) => (4 * v - jh[i][j]) / 3));
    logDet.push(logAbsDet(richardson));
    spread.push(Math.abs(logAbsDet(jh) - logAbsDet(jh2)));
  }
  return { logDet, spread };
}
