/**
 * The library's own, trusted density and sampler for a flow f (data → latent) with a standard
 * normal base. The grader and the evaluation use these, never the student's loss.
 *
 *   log p_X(x) = log N(f(x); 0, I) + log|det ∂f/∂x|          (change of variables)
 *   sampling:   z ~ N(0, I),  x = f⁻¹(z)
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { StandardNormal } from "../distributions/standard-normal";

/** log p_X(x) per row, [N, D] → [N]. */
export function logProb(flow: Bijector, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { output: z, logDet } = flow.forward(x);
    return tf.add(new StandardNormal(flow.dim).logProb(z), logDet) as tf.Tensor1D;
  });
}

/** `n` samples x = f⁻¹(z), z ~ N(0, I) drawn reproducibly from `seed`. */
export function sample(flow: Bijector, n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const z = new StandardNormal(flow.dim).sample(n, seed);
    return flow.inverse(z).output;
  });
}
