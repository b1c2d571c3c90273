/**
 * Held-out evaluation with the library's trusted density (never the student's loss).
 *
 *   mean NLL = −(1/N) Σ_i log p_X(x_i)    in nats
 *   bits/dim = mean NLL / (D ln 2)         the usual unit for images; here D = 2
 *
 * Evaluated in chunks so that large test sets do not allocate one huge tensor.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { logProb } from "../flows/density";

export async function meanNll(flow: Bijector, data: tf.Tensor2D | number[][], chunk = 4096): Promise<number> {
  const x: tf.Tensor2D = data instanceof tf.Tensor ? data : tf.tensor2d(data);
  try {
    let total = 0;
    for (let start = 0; start < x.shape[0]; start += chunk) {
      const size = Math.min(chunk, x.shape[0] - start);
      const sum = tf.tidy(() => tf.sum(logProb(flow, tf.slice(x, [start, 0], [size, x.shape[1]]))));
      total += (await sum.data())[0];
      sum.dispose();
    }
    return -total / x.shape[0];
  } finally {
    if (x !== data) x.dispose();
  }
}

/** Converts a mean NLL in nats to bits per dimension. */
export function bitsPerDim(nllNats: number, dim: number): number {
  return nllNats / (dim * Math.LN2);
}
