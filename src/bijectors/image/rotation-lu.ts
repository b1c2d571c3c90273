/**
 * The seeded initialisation of an invertible 1×1 convolution (Glow §3.2), in float64 JavaScript:
 * a random rotation W₀ and its LU factorisation with partial pivoting, W₀ = P · L · U.
 * Kept apart from the layer (exercise (e), solutions/invertible-conv.ts; the library has no 1×1 convolution) so that exercise (e) can import the
 * initialisation without the library's solution.
 *
 * @example
 *   const { p, l, u } = luDecompose(randomRotation(4, 3));   // 4×4 factors, P L U = W₀
 */
import { Rng } from "../../random/prng";

/** A random C×C rotation (orthogonal matrix), reproducible from `seed`: Gram–Schmidt of Gaussian columns, float64. */
export function randomRotation(c: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const cols: number[][] = [];
  while (cols.length < c) {
    const v = Array.from({ length: c }, () => rng.normal());
    for (const q of cols) {
      const dot = q.reduce((s, qi, i) => s + qi * v[i], 0);
      for (let i = 0; i < c; i++) v[i] -= dot * q[i];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-6) cols.push(v.map((vi) => vi / norm));
  }
  return Array.from({ length: c }, (_, i) => cols.map((col) => col[i]));
}

/**
 * A = P L U with partial pivoting, float64: P a permutation matrix, L unit lower triangular,
 * U upper triangular (its diagonal holds the pivots).
 */
export function luDecompose(a: readonly (readonly number[])[]): { p: number[][]; l: number[][]; u: number[][] } {
  const n = a.length;
  const u = a.map((r) => [...r]);
  const l: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(u[r][k]) > Math.abs(u[piv][k])) piv = r;
    [u[k], u[piv]] = [u[piv], u[k]];
    [order[k], order[piv]] = [order[piv], order[k]];
    for (let j = 0; j < k; j++) [l[k][j], l[piv][j]] = [l[piv][j], l[k][j]];
    for (let r = k + 1; r < n; r++) {
      const f = u[r][k] / u[k][k];
      l[r][k] = f;
      for (let j = k; j < n; j++) u[r][j] -= f * u[k][j];
    }
  }
  // Row k of (L U) is row order[k] of A, i.e. Pᵀ A = L U with Pᵀ[k][order[k]] = 1, so A = P L U.
  const p: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (order[j] === i ? 1 : 0)));
  return { p, l, u };
}
