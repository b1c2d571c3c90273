/**
 * log|det J| from automatic differentiation, the independent reference for every log-det check.
 *
 * For a row-wise map y = g(x), x, y ∈ R^D, the Jacobian of row b is J_b[i][j] = ∂y_{b,i}/∂x_{b,j}.
 * Row i of every J_b comes from one gradient: ∇_x Σ_b y_{b,i} (rows do not interact), so D calls
 * of `tf.grad` build all the Jacobians. The determinant is then taken in float64 JavaScript with
 * an LU factorisation with partial pivoting: log|det J| = Σ_k log|U_kk|.
 *
 * Finite differences are not used: in float32 they are useless for a max-error check (errors up
 * to O(1) from cancellation and ReLU kinks).
 */
import * as tf from "@tensorflow/tfjs";

/** The Jacobians of a row-wise map at each row of `x`, as float64 arrays J[b][i][j]. */
export async function autodiffJacobians(fn: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D): Promise<number[][][]> {
  const [batch, dim] = x.shape;
  const rows: Float32Array[] = [];
  for (let i = 0; i < dim; i++) {
    const g = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.slice(fn(v as tf.Tensor2D), [0, i], [batch, 1])))(x));
    rows.push((await g.data()) as Float32Array);
    g.dispose();
  }
  return Array.from({ length: batch }, (_, b) => rows.map((row) => Array.from(row.subarray(b * dim, (b + 1) * dim))));
}

/** log|det A| of a square matrix, float64, LU with partial pivoting. −Infinity when singular. */
export function logAbsDet(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  const a = matrix.map((r) => [...r]);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(a[r][k]) > Math.abs(a[p][k])) p = r;
    if (a[p][k] === 0) return -Infinity;
    [a[k], a[p]] = [a[p], a[k]];
    sum += Math.log(Math.abs(a[k][k]));
    for (let r = k + 1; r < n; r++) {
      const f = a[r][k] / a[k][k];
      for (let c = k; c < n; c++) a[r][c] -= f * a[k][c];
    }
  }
  return sum;
}

/** log|det ∂fn/∂x| per row of `x`, from autodiff. */
export async function autodiffLogAbsDet(fn: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D): Promise<number[]> {
  return (await autodiffJacobians(fn, x)).map(logAbsDet);
}
