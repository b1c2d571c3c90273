/**
 * Reading helpers for the checks. Both read asynchronously (every backend) and create no tensor
 * that outlives the call.
 *
 * max_i |a_i − b_i| over all entries, the measure behind every value check. Read asynchronously
 * (every backend), compared in float64. NaN when any entry is NaN, or when the sizes differ (a
 * shape bug must never pass by comparing a prefix).
 */
import * as tf from "@tensorflow/tfjs";

export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor | readonly number[]): Promise<number> {
  const [va, vb] = [await a.data(), b instanceof tf.Tensor ? await b.data() : b];
  if (va.length !== vb.length) return NaN;
  let worst = 0;
  for (let i = 0; i < va.length; i++) {
    const d = Math.abs(va[i] - vb[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > worst) worst = d;
  }
  return worst;
}

/** True when every entry of the tensors is finite (no NaN, no ±Infinity). */
export async function allFinite(...tensors: tf.Tensor[]): Promise<boolean> {
  for (const t of tensors) {
    for (const v of await t.data()) if (!Number.isFinite(v)) return false;
  }
  return true;
}
