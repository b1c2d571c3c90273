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
 * @example
 *   const loss = nllLoss(flow, x);      // tf.Scalar, e.g. 2.84 for a fresh flow on two moons
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
