/**
 * log|det J| of a black-box map, estimated by the grader from the map's outputs alone.
 *
 * For each point x the grader takes D steps m_1 … m_D and the subject evaluates the map at the
 * rows x ± m_k and x ± m_k/2, rounded to float32 (what the subject receives; the steps actually
 * taken are measured from the rounded rows, r₁ − r₂ and r₃ − r₄, the columns of M_h and M_{h/2}).
 * The grader forms central differences in float64,
 *   J_h = [(f(r₁) − f(r₂)) …] M_h⁻¹,   J_{h/2} = [(f(r₃) − f(r₄)) …] M_{h/2}⁻¹,
 * combines the two step sizes by Richardson extrapolation, J = (4 J_{h/2} − J_h) / 3 (error O(h⁴)
 * instead of O(h²)), and takes log|det J| by LU in float64 (src/checks/jacobian.ts). The difference
 * between the log-dets of J_h and J_{h/2} estimates the error of the estimate itself: a map that
 * is not smooth at x (a kink inside the step) shows a large one.
 *
 * The steps: m_k = h · max(1, |x_k|) · e_k, relative to the coordinate's size (float32 rounding
 * adds about ε·|f|/h to each entry). Along the axes, a step of a coupling layer's transformed
 * coordinate leaves its conditioner's input alone, so a ReLU kink rarely falls inside a step;
 * steps along random directions measured 10–100× worse on the solutions. A stencil is no secret
 * pattern: what keeps a subject from answering it with a made-up Jacobian is that no other
 * process can find it (shuffled-stencils.ts).
 * The tolerance that applies to the result lives in src/tolerances.ts (blackBoxLogDet).
 */
import { logAbsDet } from "../../src/checks/jacobian";

export interface FdPlan {
  /** The rows to evaluate: for each point p, for each step k: x+m_k, x−m_k, x+m_k/2, x−m_k/2. */
  rows: number[][];
  points: number;
  dim: number;
  /** steps[p][k] = m_k of point p. */
  steps: number[][][];
}

/** The scales of the stencil's rows, in the order of {@link FdPlan.rows} (4 rows per step). */
export const STENCIL_SCALES = [1, -1, 0.5, -0.5] as const;

/** The stencil rows of `points` (rounded to float32 first) at relative step h. */
export function fdPlan(points: readonly number[][], h: number): FdPlan {
  const dim = points[0].length;
  const rows: number[][] = [];
  const steps: number[][][] = [];
  for (const x of points.map((p) => p.map(Math.fround))) {
    const m = x.map((_, k) => x.map((v, j) => (j === k ? h * Math.max(1, Math.abs(v)) : 0)));
    steps.push(m);
    for (const mk of m) for (const scale of STENCIL_SCALES) rows.push(x.map((v, j) => Math.fround(v + scale * mk[j])));
  }
  return { rows, points: points.length, dim, steps };
}

/** A·B⁻¹ for square matrices, float64 (Gauss–Jordan with partial pivoting on Bᵀ); NaN entries when B is singular. */
function timesInverse(a: readonly number[][], b: readonly number[][]): number[][] {
  // X B = A  ⇔  Bᵀ Xᵀ = Aᵀ
  const n = b.length;
  const m = b.map((_, i) => [...b.map((row) => row[i]), ...a.map((row) => row[i])]);
  const width = n + a.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const pivot = m[c][c];
    if (!pivot) return a.map((row) => row.map(() => NaN));
    for (let k = c; k < width; k++) m[c][k] /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c || !m[r][c]) continue;
      const f = m[r][c];
      for (let k = c; k < width; k++) m[r][k] -= f * m[c][k];
    }
  }
  return a.map((_, i) => m.map((row) => row[n + i]));
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
    const dh: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    const dh2: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    const mh: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    const mh2: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    let bad = false;
    for (let k = 0; k < dim; k++) {
      const first = (p * dim + k) * 4;
      const base = first * dim;
      const at = (r: number, i: number) => outputs[base + r * dim + i];
      const row = (r: number) => plan.rows[first + r];
      for (let i = 0; i < dim; i++) {
        const [a, b, c, d] = [at(0, i), at(1, i), at(2, i), at(3, i)];
        if (a === null || b === null || c === null || d === null || ![a, b, c, d].every(Number.isFinite)) bad = true;
        dh[i][k] = (a ?? NaN) - (b ?? NaN);
        dh2[i][k] = (c ?? NaN) - (d ?? NaN);
        mh[i][k] = row(0)[i] - row(1)[i];
        mh2[i][k] = row(2)[i] - row(3)[i];
      }
    }
    if (bad) {
      logDet.push(NaN);
      spread.push(NaN);
      continue;
    }
    const jh = timesInverse(dh, mh);
    const jh2 = timesInverse(dh2, mh2);
    const richardson = jh2.map((r, i) => r.map((v, k) => (4 * v - jh[i][k]) / 3));
    logDet.push(logAbsDet(richardson));
    spread.push(Math.abs(logAbsDet(jh) - logAbsDet(jh2)));
  }
  return { logDet, spread };
}
