/**
 * The base distribution of every flow: the standard normal N(0, I_D).
 *
 *   log p_Z(z) = −½ Σ_j z_j² − (D/2) log(2π)
 *
 * @example
 *   const base = new StandardNormal(2);
 *   base.logProb(tf.zeros([1, 2]))   // [−1.8379] = −log(2π)
 *   base.sample(500, 42)             // [500, 2], reproducible
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch } from "../bijectors/bijector";
import { Rng } from "../random/prng";

export const LOG_2PI = Math.log(2 * Math.PI);

export class StandardNormal {
  constructor(readonly dim: number) {}

  /** Log-density per row, [batch, D] → [batch]. */
  logProb(z: tf.Tensor2D): tf.Tensor1D {
    assertBatch(z, this.dim, "StandardNormal.logProb", "z");
    return tf.tidy(() => tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), (this.dim / 2) * LOG_2PI) as tf.Tensor1D);
  }

  /** `n` samples, reproducible from `seed` on every backend (drawn in JavaScript). */
  sample(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalRows(n, this.dim), [n, this.dim], "float32");
  }
}
