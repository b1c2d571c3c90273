/**
 * One affine layer of an Inverse Autoregressive Flow (Kingma et al., 2016): the same MADE and
 * the same affine map as {@link AffineMAF}, with the directions swapped. The one-pass map is on
 * the sampling side, its parameters computed from the latent:
 *
 *   inverse  (sampling, ONE pass):  x = z ⊙ exp(s(z)) + t(z)
 *   forward  (density, D passes):   z_i = (x_i − t_i(z_<i)) ⊙ exp(−s_i(z_<i)),  i = 1 … D in order
 *
 *   inverse log-det:  log|det ∂x/∂z| =  Σ_i s_i(z)
 *   forward log-det:  log|det ∂z/∂x| = −Σ_i s_i(z)      (s at the solved z)
 *
 * So IAF samples fast and evaluates the density of a new point slowly; MAF the reverse. (IAF is
 * cheap to score on its own samples, when z is kept; this library does not cache z.)
 *
 * Shapes: x, z, s, t: [batch, D]; log-det: [batch].
 *
 * @example
 *   const layer = new AffineIAF(2, { seed: 0 });
 *   const { output: x } = layer.inverse(z);   // one MADE pass
 */
import * as tf from "@tensorflow/tfjs";
import type { BijectorResult } from "./bijector";
import { AutoregressiveLayer, type AutoregressiveOptions } from "./autoregressive-layer";

export class AffineIAF extends AutoregressiveLayer {
  constructor(dim: number, options: AutoregressiveOptions = {}) {
    super("AffineIAF", dim, options);
  }

  passes(direction: "forward" | "inverse"): number {
    return direction === "inverse" ? 1 : this.dim;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      let z = tf.zerosLike(x) as tf.Tensor2D;
      let s = tf.zerosLike(x) as tf.Tensor2D;
      for (let pass = 0; pass < this.dim; pass++) {
        const p = this.scaleAndShift(z);
        s = p.s;
        z = tf.mul(tf.sub(x, p.t), tf.exp(tf.neg(s))) as tf.Tensor2D;
      }
      return { output: z, logDet: tf.neg(tf.sum(s, 1)) as tf.Tensor1D };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      const { s, t } = this.scaleAndShift(z);
      const x = tf.add(tf.mul(z, tf.exp(s)), t) as tf.Tensor2D;
      return { output: x, logDet: tf.sum(s, 1) as tf.Tensor1D };
    });
  }
}
