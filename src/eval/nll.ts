/**
 * Held-out evaluation with a given log-density (exercise (c)'s `flowLogProb`: notebooks pass
 * yours, the instructor's tests and benchmarks the solutions'; the library has none of its own).
 *
 *   mean NLL = −(1/N) Σ_i log p_X(x_i)    in nats
 *   bits/dim = mean NLL / (D ln 2)         the usual unit for images; here D = 2
 *
 * Evaluated in chunks so that large test sets do not allocate one huge tensor.
 *
 * @example
 *   import { flowLogProb } from "./exercises/nll";
 *   const nll = await meanNll(flow, xTest, flowLogProb);
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { assertLogProb, type FlowLogProb } from "../flows/density";

export async function meanNll(flow: Bijector, data: tf.Tensor2D | number[][], logProb: FlowLogProb, chunk = 4096): Promise<number> {
  assertLogProb(logProb, "meanNll");
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
