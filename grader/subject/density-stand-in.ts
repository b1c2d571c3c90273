/**
 * What exercise (f)'s `import { flowLogProb } from "./nll"` gets in the grader's subject: a
 * flowLogProb of the grader's own, NOT the student's exercise (c), so that (f) is graded on its
 * own (a mistake in (c) costs no points in (f)) and the subject holds no Gaussian log-density.
 * It is the log-density of a flow with a standard LAPLACE base, a different density on purpose:
 *
 *   log p_X(x) = Σ_j (−|z_j| − ln 2) + log|det ∂f/∂x|,   z = f(x)
 *
 * The grader computes the same in float64 for its reference (blackbox/dequantization-verdicts.ts,
 * `standInLogDensity`). A dequantizedNllLoss that takes log p_Y from flowLogProb, as the exercise
 * asks, matches it; one that writes its own Gaussian does not.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../../src/bijectors/bijector";

/** log p_X(x) per row, [N, D] → [N], with a standard Laplace base. */
export function flowLogProb(flow: Bijector, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const mapped = flow.forward(x);
    const base = tf.add(tf.sum(tf.abs(mapped.output), 1), x.shape[1] * Math.LN2);
    return tf.sub(mapped.logDet, base) as tf.Tensor1D;
  });
}
