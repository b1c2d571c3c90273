/**
 * The base distribution of every flow: the standard normal N(0, I_D), as a sampler. Its
 * log-density, log p_Z(z) = −½ Σ_j z_j² − (D/2) log(2π), is exercise (c)
 * (`standardNormalLogProb` in exercises/nll.ts): the library has no copy of it.
 *
 * @example
 *   const base = new StandardNormal(2);
 *   base.sample(500, 42)             // [500, 2], reproducible
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/prng";

export class StandardNormal {
  constructor(readonly dim: number) {}

  /** `n` samples, reproducible from `seed` on every backend (drawn in JavaScript). */
  sample(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalRows(n, this.dim), [n, this.dim], "float32");
  }
}
