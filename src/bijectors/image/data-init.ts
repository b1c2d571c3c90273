/**
 * Data-dependent initialisation of a whole flow (Glow §3.1): every layer that has an
 * `initialize(x)` method (ActNorm, the library's or a student's) sets its parameters from the
 * input it receives when a batch of data goes through the flow once.
 *
 * The pass is done layer by layer, in the forward (data → latent) order:
 *   x_0 = x;   for each layer f_k:  if f_k has initialize, f_k.initialize(x_{k−1});   x_k = f_k(x_{k−1})
 * so a later layer sees the output of the already-initialised layers before it. With ActNorm,
 * x_k then has zero mean and unit variance per channel right after every ActNorm, on that batch.
 *
 * It walks the composites the library builds flows from: a `Chain` (its parts in order) and a
 * `Split` (only the channels that go on reach `inner`; the factored-out half passes through).
 * Any other bijector is a leaf: it is initialised if it has `initialize`, then applied.
 *
 * @example
 *   const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 2, actNorm: mine.ActNorm, invertibleConv: mine.Invertible1x1Conv, affineCoupling: mine.AffineCoupling });
 *   initializeActNorms(flow, uniformDequantize(firstBatch));   // returns how many layers it initialised
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch, type Bijector } from "../bijector";
import { Chain } from "../chain";
import { Split } from "./split";

/** A bijector with a data-dependent initialisation, such as ActNorm. */
export interface DataInitializable extends Bijector {
  /** Sets the parameters from the rows `x` [batch, D] (the input this layer receives). */
  initialize(x: tf.Tensor2D): void;
}

/** True when `b` has an `initialize(x)` method. */
export function isDataInitializable(b: Bijector): b is DataInitializable {
  return typeof (b as Partial<DataInitializable>).initialize === "function";
}

/**
 * Initialises every layer of `flow` that has `initialize` (however deeply nested in Chains and
 * Splits) from the batch `x`, in forward order (see the module comment). Frees every tensor of
 * that pass. Returns how many layers were initialised.
 */
export function initializeActNorms(flow: Bijector, x: tf.Tensor2D): number {
  assertBatch(x, flow.dim, "initializeActNorms");
  let initialized = 0;
  const through = (b: Bijector, v: tf.Tensor2D): tf.Tensor2D => {
    if (b instanceof Chain) return b.bijectors.reduce((h, part) => through(part, h), v);
    if (b instanceof Split) {
      const [kept, out] = b.splitChannels(v);
      return tf.concat([through(b.inner, kept), out], 1) as tf.Tensor2D;
    }
    if (isDataInitializable(b)) {
      b.initialize(v);
      initialized += 1;
    }
    return b.forward(v).output;
  };
  tf.tidy(() => {
    through(flow, x);
  });
  return initialized;
}
