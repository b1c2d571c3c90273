// Exercise file generated from solutions/nll.ts by `npm run assign`. Write your code where it says TODO.
/**
 * Exercise (c): the flow's log-probability and the negative log-likelihood loss.
 *
 * A flow f maps data x to a latent z = f(x) with a standard normal base density p_Z = N(0, I_D).
 * The change of variables gives the exact log-density of the data:
 *
 *   log p_X(x) = log p_Z(f(x)) + log|det ∂f/∂x|
 *   log p_Z(z) = −½ Σ_j z_j² − (D/2) log(2π)
 *
 * Training maximises the likelihood of the data, i.e. minimises the mean negative
 * log-likelihood over a batch of N rows, in nats:
 *
 *   NLL = −(1/N) Σ_i log p_X(x_i)
 *
 * Shapes: x, z: [N, D];  log p_Z(z), log p_X(x): [N];  NLL: a scalar.
 *
 * What you have: `flow.forward(x)` → `{ output: z, logDet }` (any Bijector, e.g. a Chain of your
 * couplings). What to write: the three functions below.
 *
 * TypeScript and tensor ranks. tf operations such as tf.sub, tf.add, tf.sum and tf.mean are
 * generic in the tensor type they return: TypeScript takes it from where the result goes, so
 * `return tf.add(a, b);` in a function declared to return tf.Tensor1D needs no cast, and neither
 * does `const loss: tf.Scalar = tf.mean(v);`. A plain `const loss = tf.mean(v)` is a `tf.Tensor`
 * of unknown rank, and returning it fails to compile ("Type 'Tensor<Rank>' is not assignable to
 * type 'Scalar'"; the notebook's type-check cell names this file and the line). One-argument
 * operations (tf.neg, tf.exp, tf.square, …) take their type from their argument, so write
 * `tf.mean(tf.neg(v))` rather than `tf.neg(tf.mean(v))`, or add a cast, `... as tf.Scalar` (a
 * cast changes no number, only what TypeScript believes).
 *
 * @example
 *   const loss = nllLoss(flow, x);      // tf.Scalar: 2.49 nats for a fresh (identity) flow on
 *                                       // notebook 03's two-moons test set
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";

/** log N(z; 0, I) per row: [N, D] → [N]. */
export function standardNormalLogProb(z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    // TODO(Exercise (c) standardNormalLogProb): write your code here. Delete the next line when you start.
    throw new NotImplementedError("Exercise (c) standardNormalLogProb");
  });
}

/** log p_X(x) per row under the flow: [N, D] → [N]. */
export function flowLogProb(flow: Bijector, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    // TODO(Exercise (c) flowLogProb): write your code here. Delete the next line when you start.
    throw new NotImplementedError("Exercise (c) flowLogProb");
  });
}

/** Mean negative log-likelihood in nats, a scalar. This is the training loss. */
export function nllLoss(flow: Bijector, x: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    // TODO(Exercise (c) nllLoss): write your code here. Delete the next line when you start.
    throw new NotImplementedError("Exercise (c) nllLoss");
  });
}
