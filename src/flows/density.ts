/**
 * A flow f (data → latent) with a standard normal base: its sampler, and the type of its
 * log-density. The library has no log-density of its own: that is exercise (c)
 * (`flowLogProb` in exercises/nll.ts), and whatever needs log p(x) (meanNll, flowDensityGrid,
 * compareFlows) takes it as an argument: notebooks pass yours, the instructor's tests pass the
 * solutions'.
 *
 *   log p_X(x) = log N(f(x); 0, I) + log|det ∂f/∂x|          (change of variables, exercise (c))
 *   sampling:   z ~ N(0, I),  x = f⁻¹(z)
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { StandardNormal } from "../distributions/standard-normal";

/** log p_X(x) per row under `flow`, [N, D] → [N]: exercise (c)'s `flowLogProb`. */
export type FlowLogProb = (flow: Bijector, x: tf.Tensor2D) => tf.Tensor1D;

/** Checks that `logProb` is a function (exercise (c)'s flowLogProb), naming the caller. */
export function assertLogProb(logProb: unknown, where: string): asserts logProb is FlowLogProb {
  if (typeof logProb !== "function") throw new TypeError(`${where}: 'logProb' must be a function (flow, x) → log p(x) per row, e.g. flowLogProb from exercises/nll.ts; got ${typeof logProb}.`);
}

/** `n` samples x = f⁻¹(z), z ~ N(0, I) drawn reproducibly from `seed`. */
export function sample(flow: Bijector, n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const z = new StandardNormal(flow.dim).sample(n, seed);
    return flow.inverse(z).output;
  });
}
