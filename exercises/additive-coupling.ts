// Exercise file generated from solutions/additive-coupling.ts by `npm run assign`. Write your code where it says TODO.
/**
 * Exercise (a): the additive coupling layer of NICE (Dinh, Krueger & Bengio, 2014).
 *
 * With mask b (1 = kept, 0 = transformed) and a shift network t(·) : R^D → R^D,
 *
 *   forward  (data → latent):  z = x + (1 − b) ⊙ t(b ⊙ x)
 *   inverse  (latent → data):  x = z − (1 − b) ⊙ t(b ⊙ z)
 *
 * The kept coordinates do not change (b ⊙ z = b ⊙ x), so the inverse can recompute exactly the
 * same shift from z. The Jacobian ∂z/∂x is triangular with ones on the diagonal:
 *
 *   log|det ∂z/∂x| = 0        (the map preserves volume)
 *
 * Shapes: x, z: [batch, D];  t(b ⊙ x): [batch, D];  log-det: [batch] (zeros).
 *
 * What you have:
 *   - `this.mask` (b) and `this.inverseMask` (1 − b), tensors of shape [D];
 *   - `this.shift(v)`, the network t applied to a [batch, D] tensor.
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
 *   const layer = new AdditiveCoupling([1, 0], { hidden: [64, 64], seed: 1 });
 *   const { output: z, logDet } = layer.forward(x);
 */
import * as tf from "@tensorflow/tfjs";
import { MaskedCoupling, type CouplingOptions } from "../src/bijectors/masked-coupling";
import type { BijectorResult } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";

export class AdditiveCoupling extends MaskedCoupling {
  constructor(mask: number[], options: CouplingOptions = {}) {
    super("AdditiveCoupling", mask, 1, options);
  }

  /**
   * t(v): the shift network, [batch, D] → [batch, D]. Feed it only the kept part b ⊙ x. It takes
   * any tf.Tensor of shape [batch, D], so `this.shift(tf.mul(x, this.mask))` needs no cast.
   */
  shift(v: tf.Tensor): tf.Tensor2D {
    return this.conditioner.apply(v as tf.Tensor2D);
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      // TODO(Exercise (a) AdditiveCoupling.forward): write your code here. Delete the next line when you start.
      throw new NotImplementedError("Exercise (a) AdditiveCoupling.forward");
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      // TODO(Exercise (a) AdditiveCoupling.inverse): write your code here. Delete the next line when you start.
      throw new NotImplementedError("Exercise (a) AdditiveCoupling.inverse");
    });
  }
}
