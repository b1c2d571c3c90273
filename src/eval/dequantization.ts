/**
 * Dequantization and bits per dimension for discrete data (images with K pixel levels).
 *
 * Why: pixels are integers x ∈ {0, …, K−1}^D. A continuous density on the integers themselves
 * can grow without bound (put all its mass in ever thinner spikes on the integers), so its
 * likelihood means nothing. Uniform dequantization (Theis et al., 2016; RealNVP; Glow) adds
 * noise that fills each integer's unit cell, and scales to [0, 1):
 *
 *   y = (x + u) / K,   u ~ U[0, 1)^D
 *
 * The discrete model a continuous density p_Y defines, and the bound that makes bits/dim exact:
 *   P(x) = ∫_{[0,1)^D} p_V(x + u) du,   p_V(v) = K^(−D) · p_Y(v / K)       (change of scale v = K·y)
 *   log P(x) ≥ E_u[log p_Y((x + u)/K)] − D · log K                           (Jensen's inequality)
 *
 *   bits/dim = ( NLL_Y + D · ln K ) / ( D · ln 2 ),   NLL_Y = E_u[−log p_Y(y)] in nats
 *
 * For 8-bit images (K = 256): bits/dim = NLL_Y / (D ln 2) + 8. It is an upper bound on the
 * model's discrete codelength −log₂ P(x) / D, so it is a number that compares across models and
 * papers (a continuous NLL on unscaled data does not: it shifts with the scale and can be negative).
 * A model of data in [0, 1)^D that is uniform (p_Y = 1) scores exactly log₂ K = 8 bits/dim.
 *
 * `bitsPerDim` in ./nll.ts stays the plain conversion for continuous data.
 *
 * @example
 *   const loss = dequantizedNllLoss({ levels: 256, seed: 0 });       // for train(): fresh noise each step
 *   await train(flow, pixels, { lossFn: loss, steps: 500 });
 *   const bpd = await dequantizedBitsPerDim(flow, testPixels, { levels: 256, seed: 1 });
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { logProb } from "../flows/density";
import { meanNll } from "./nll";

export interface DequantizeOptions {
  /** K, the number of pixel levels (256 for 8-bit images). Default 256. */
  levels?: number;
  /** Seeds the noise u. Default 0. */
  seed?: number;
}

function checkLevels(levels: number, where: string): number {
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`${where}: 'levels' must be an integer ≥ 2 (K, the number of pixel values); got ${levels}.`);
  return levels;
}

/** y = (x + u) / K with u ~ U[0, 1) drawn from `seed` (the same numbers on every backend). [N, D] → [N, D]. */
export function uniformDequantize(pixels: tf.Tensor2D, options: DequantizeOptions = {}): tf.Tensor2D {
  const levels = checkLevels(options.levels ?? 256, "uniformDequantize");
  if (!(pixels instanceof tf.Tensor) || pixels.rank !== 2) throw new RangeError(`uniformDequantize: 'pixels' must be a tf.Tensor2D [N, D] of integers 0 … K−1.`);
  return tf.tidy(() => tf.div(tf.add(pixels, tf.randomUniform(pixels.shape, 0, 1, "float32", options.seed ?? 0)), levels) as tf.Tensor2D);
}

/** bits/dim of discrete data from the continuous NLL (nats) of its dequantized, [0,1)-scaled version. */
export function discreteBitsPerDim(nllNats: number, dim: number, levels = 256): number {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`discreteBitsPerDim: 'dim' must be a positive integer; got ${dim}.`);
  checkLevels(levels, "discreteBitsPerDim");
  return (nllNats + dim * Math.log(levels)) / (dim * Math.LN2);
}

/** Rejects pixels that are not integers in 0 … K−1 (e.g. data already scaled to [0, 1]). */
export async function assertPixels(pixels: tf.Tensor2D, levels: number, where: string): Promise<void> {
  const stats = tf.tidy(() => tf.stack([tf.min(pixels), tf.max(pixels), tf.max(tf.abs(tf.sub(pixels, tf.round(pixels))))]));
  const [lo, hi, frac] = await stats.data();
  stats.dispose();
  if (lo < 0 || hi > levels - 1 || frac > 0) {
    throw new RangeError(`${where}: 'pixels' must be integers 0 … ${levels - 1} (undequantized, unscaled); got values in [${lo}, ${hi}]${frac > 0 ? " with fractions" : ""}.`);
  }
}

export interface DequantizedEvalOptions extends DequantizeOptions {
  /** Noise draws to average over. Default 1. */
  samples?: number;
}

/** NLL_Y: the mean over rows and `samples` noise draws of −log p_Y((x + u)/K), nats per image. */
export async function dequantizedNll(flow: Bijector, pixels: tf.Tensor2D, options: DequantizedEvalOptions = {}): Promise<number> {
  const levels = checkLevels(options.levels ?? 256, "dequantizedNll");
  const { seed = 0, samples = 1 } = options;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`dequantizedNll: 'samples' must be a positive integer; got ${samples}.`);
  await assertPixels(pixels, levels, "dequantizedNll");
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const y = uniformDequantize(pixels, { levels, seed: seed + s });
    try {
      total += await meanNll(flow, y, 1024);
    } finally {
      y.dispose();
    }
  }
  return total / samples;
}

/** bits/dim = (NLL_Y + D ln K) / (D ln 2), on held-out integer pixels. */
export async function dequantizedBitsPerDim(flow: Bijector, pixels: tf.Tensor2D, options: DequantizedEvalOptions = {}): Promise<number> {
  return discreteBitsPerDim(await dequantizedNll(flow, pixels, options), flow.dim, options.levels ?? 256);
}

/**
 * A loss for `train()` on integer pixels: the mean of −log p_Y((x + u)/K) over the batch, nats,
 * with fresh noise u at every call (seeded: call i uses seed + i), so that the model cannot fit
 * the integer grid. Add D ln K and divide by D ln 2 to read it in bits/dim (discreteBitsPerDim).
 */
export function dequantizedNllLoss(options: DequantizeOptions = {}): (flow: Bijector, x: tf.Tensor2D) => tf.Scalar {
  const levels = checkLevels(options.levels ?? 256, "dequantizedNllLoss");
  let calls = 0;
  const seed = options.seed ?? 0;
  return (flow: Bijector, x: tf.Tensor2D) => {
    const callSeed = seed + calls++;
    return tf.tidy(() => tf.neg(tf.mean(logProb(flow, uniformDequantize(x, { levels, seed: callSeed })))) as tf.Scalar);
  };
}
