/**
 * Exercise (b): the affine coupling layer of RealNVP (Dinh, Sohl-Dickstein & Bengio, 2016).
 *
 * With mask b (1 = kept, 0 = transformed), a log-scale s(·) and a shift t(·), both computed
 * from the kept part only:
 *
 *   forward  (data → latent):  z = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x))
 *   inverse  (latent → data):  x = b ⊙ z + (1 − b) ⊙ (z − t(b ⊙ z)) ⊙ exp(−s(b ⊙ z))
 *
 * The Jacobian ∂z/∂x is triangular; its diagonal is 1 on kept coordinates and exp(s_j) on
 * transformed ones, so
 *
 *   forward log-det:  log|det ∂z/∂x| =  Σ_j (1 − b_j) s_j(b ⊙ x)
 *   inverse log-det:  log|det ∂x/∂z| = −Σ_j (1 − b_j) s_j(b ⊙ z)
 *
 * The log-scale is bounded, s = tanh(raw) ∈ (−1, 1), so one layer scales by at most e: this
 * keeps early training from exploding (`scaleAndShift` already does it).
 *
 * Shapes: x, z, s, t: [batch, D];  log-det: [batch] (sum over the feature axis 1).
 *
 * What you have:
 *   - `this.mask` (b) and `this.inverseMask` (1 − b), tensors of shape [D];
 *   - `this.scaleAndShift(v)` → `{ s, t }`, each [batch, D]. Feed it only the kept part b ⊙ x.
 * What to write: the bodies of `forward` and `inverse`. Both return `{ output, logDet }`.
 *
 * TypeScript and tensor ranks. tf operations such as tf.add, tf.mul and tf.sum are generic in the
 * tensor type they return: TypeScript takes it from where the result goes. A variable declared
 * with its type, `const z: tf.Tensor2D = tf.add(...)`, or `const logDet: tf.Tensor1D =
 * tf.sum(v, 1)`, needs no cast; a plain `const z = tf.add(...)` is a `tf.Tensor` of unknown rank,
 * and returning it as `output` fails to compile ("Type 'Tensor<Rank>' is not assignable to type
 * 'Tensor2D'"; the notebook's type-check cell names this file and the line). One-argument
 * operations (tf.neg, tf.exp, tf.square, …) take their type from their argument instead, so write
 * `tf.sum(tf.neg(v), 1)` rather than `tf.neg(tf.sum(v, 1))` for a Tensor1D, or add a cast,
 * `... as tf.Tensor1D`, which is also correct (a cast changes no number, only what TypeScript
 * believes).
 *
 * @example
 *   const layer = new AffineCoupling([0, 1], { hidden: [64, 64], seed: 2 });
 *   const { output: z, logDet } = layer.forward(x);   // logDet: [batch]
 */
import * as tf from "@tensorflow/tfjs";
import { MaskedCoupling, type CouplingOptions } from "../src/bijectors/masked-coupling";
import type { BijectorResult } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";

export class AffineCoupling extends MaskedCoupling {
  constructor(mask: number[], options: CouplingOptions = {}) {
    super("AffineCoupling", mask, 2, options);
  }

  /**
   * The bounded log-scale s = tanh(raw) and the shift t, each [batch, D], from v = b ⊙ x. It takes
   * any tf.Tensor of shape [batch, D], so `this.scaleAndShift(tf.mul(x, this.mask))` needs no cast.
   */
  scaleAndShift(v: tf.Tensor): { s: tf.Tensor2D; t: tf.Tensor2D } {
    const [raw, t] = tf.split(this.conditioner.apply(v as tf.Tensor2D), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { s: tf.tanh(raw), t };
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const { s, t } = this.scaleAndShift(tf.mul(x, this.mask));
      const sMasked = tf.mul(s, this.inverseMask);
      const transformed = tf.add(tf.mul(x, tf.exp(sMasked)), tf.mul(t, this.inverseMask));
      const z: tf.Tensor2D = tf.add(tf.mul(x, this.mask), tf.mul(transformed, this.inverseMask));
      const logDet: tf.Tensor1D = tf.sum(sMasked, 1);
      return { output: z, logDet };
      // END SOLUTION
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const { s, t } = this.scaleAndShift(tf.mul(z, this.mask));
      const sMasked = tf.mul(s, this.inverseMask);
      const untransformed = tf.mul(tf.sub(z, tf.mul(t, this.inverseMask)), tf.exp(tf.neg(sMasked)));
      const x: tf.Tensor2D = tf.add(tf.mul(z, this.mask), tf.mul(untransformed, this.inverseMask));
      const logDet: tf.Tensor1D = tf.sum(tf.neg(sMasked), 1);
      return { output: x, logDet };
      // END SOLUTION
    });
  }
}
