/**
 * One affine layer of a Masked Autoregressive Flow (Papamakarios, Pavlakou & Murray, 2017),
 * in this course's direction (forward = data → latent). With s, t from a MADE (see
 * {@link AutoregressiveLayer}), s_i and t_i depending on x_<i only:
 *
 *   forward  (density, ONE pass):   z = x ⊙ exp(s(x)) + t(x)
 *   inverse  (sampling, D passes):  x_i = (z_i − t_i(x_<i)) ⊙ exp(−s_i(x_<i)),  i = 1 … D in order
 *
 *   forward log-det:  log|det ∂z/∂x| =  Σ_i s_i(x)
 *   inverse log-det:  log|det ∂x/∂z| = −Σ_i s_i(x)      (s at the reconstructed x)
 *
 * The inverse starts from x = 0 and repeats x ← (z − t(x)) ⊙ exp(−s(x)) D times: after pass k
 * the first k coordinates in the order are exact (coordinate k needs only the k − 1 before it),
 * so after D passes all are, and the last pass's s is s(x).
 *
 * Shapes: x, z, s, t: [batch, D]; log-det: [batch].
 *
 * @example
 *   const layer = new AffineMAF(2, { hidden: [64, 64], seed: 0 });
 *   const { output: z, logDet } = layer.forward(x);   // one MADE pass
 *   const { output: xBack } = layer.inverse(z);        // D MADE passes
 */
import * as tf from "@tensorflow/tfjs";
import type { BijectorResult } from "./bijector";
import { AutoregressiveLayer, type AutoregressiveOptions } from "./autoregressive-layer";

export class AffineMAF extends AutoregressiveLayer {
  constructor(dim: number, options: AutoregressiveOptions = {}) {
    super("AffineMAF", dim, options);
  }

  passes(direction: "forward" | "inverse"): number {
    return direction === "forward" ? 1 : this.dim;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      const { s, t } = this.scaleAndShift(x);
      const z = tf.add(tf.mul(x, tf.exp(s)), t) as tf.Tensor2D;
      return { output: z, logDet: tf.sum(s, 1) as tf.Tensor1D };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      let x = tf.zerosLike(z) as tf.Tensor2D;
      let s = tf.zerosLike(z) as tf.Tensor2D;
      for (let pass = 0; pass < this.dim; pass++) {
        const p = this.scaleAndShift(x);
        s = p.s;
        x = tf.mul(tf.sub(z, p.t), tf.exp(tf.neg(s))) as tf.Tensor2D;
      }
      return { output: x, logDet: tf.neg(tf.sum(s, 1)) as tf.Tensor1D };
    });
  }
}
