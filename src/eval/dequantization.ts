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
 * The formulas are exercise (f) (exercises/dequantization.ts: uniformDequantize,
 * discreteBitsPerDim, dequantizedNllLoss), so the library has none of them: what it does here
 * (draw the noise, evaluate in chunks over several draws, train with fresh noise every step) it
 * does with the caller's exercise (f) functions, `code` below: notebooks pass yours, the
 * instructor's tests and scripts the solutions'.
 *
 * @example
 *   import * as deq from "./exercises/dequantization";
 *   const loss = dequantizedTrainingLoss(deq, { levels: 256, seed: 0 });   // for train(): fresh noise each step
 *   await train(flow, pixels, { lossFn: loss, steps: 500 });
 *   const bpd = await dequantizedBitsPerDim(flow, testPixels, deq, { levels: 256, seed: 1 });
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import type { LossFn } from "../train/train";

export interface DequantizeOptions {
  /** K, the number of pixel levels (256 for 8-bit images). Default 256. */
  levels?: number;
  /** Seeds the noise u. Default 0. */
  seed?: number;
}

/** Exercise (f)'s functions, as exercises/dequantization.ts (or solutions/dequantization.ts) exports them. */
export interface DequantizationFunctions {
  /** NLL_Y = mean over rows of −log p_Y((x + u)/K), nats per image (a scalar). */
  dequantizedNllLoss: (flow: Bijector, pixels: tf.Tensor2D, noise: tf.Tensor2D, levels?: number) => tf.Scalar;
  /** bits/dim of the pixels from NLL_Y. */
  discreteBitsPerDim: (nllNats: number, dim: number, levels?: number) => number;
}

function checkLevels(levels: number, where: string): number {
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`${where}: 'levels' must be an integer ≥ 2 (K, the number of pixel values); got ${levels}.`);
  return levels;
}

function checkCode(code: Partial<DequantizationFunctions> | undefined, needs: readonly (keyof DequantizationFunctions)[], where: string): DequantizationFunctions {
  const missing = needs.filter((n) => typeof code?.[n] !== "function");
  if (missing.length) throw new TypeError(`${where}: 'code' must be exercise (f)'s module (import * as deq from "./exercises/dequantization"); it lacks ${missing.join(", ")}.`);
  return code as DequantizationFunctions;
}

/** The noise u ~ U[0, 1)^(N×D) drawn from `seed` (the same numbers on every backend). */
export function dequantizationNoise(shape: readonly [number, number], seed: number): tf.Tensor2D {
  return tf.randomUniform([shape[0], shape[1]], 0, 1, "float32", seed) as tf.Tensor2D;
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

/** Rows per call of the student's dequantizedNllLoss in the evaluation (large test sets are evaluated in chunks). */
const EVAL_CHUNK = 1024;

/**
 * NLL_Y: the mean over rows and `samples` noise draws of −log p_Y((x + u)/K), nats per image, by
 * `code.dequantizedNllLoss` on chunks of rows (draw s uses the noise of seed + s over all rows).
 */
export async function dequantizedNll(flow: Bijector, pixels: tf.Tensor2D, code: Pick<DequantizationFunctions, "dequantizedNllLoss">, options: DequantizedEvalOptions = {}): Promise<number> {
  const levels = checkLevels(options.levels ?? 256, "dequantizedNll");
  const { dequantizedNllLoss } = checkCode(code, ["dequantizedNllLoss"], "dequantizedNll");
  const { seed = 0, samples = 1 } = options;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`dequantizedNll: 'samples' must be a positive integer; got ${samples}.`);
  await assertPixels(pixels, levels, "dequantizedNll");
  const [n, d] = pixels.shape;
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const u = dequantizationNoise([n, d], seed + s);
    try {
      for (let start = 0; start < n; start += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, n - start);
        const loss = tf.tidy(() => dequantizedNllLoss(flow, tf.slice(pixels, [start, 0], [size, d]), tf.slice(u, [start, 0], [size, d]), levels));
        total += (await loss.data())[0] * size;
        loss.dispose();
      }
    } finally {
      u.dispose();
    }
  }
  return total / (n * samples);
}

/** bits/dim = (NLL_Y + D ln K) / (D ln 2), on held-out integer pixels, by `code.discreteBitsPerDim`. */
export async function dequantizedBitsPerDim(flow: Bijector, pixels: tf.Tensor2D, code: DequantizationFunctions, options: DequantizedEvalOptions = {}): Promise<number> {
  const { discreteBitsPerDim } = checkCode(code, ["dequantizedNllLoss", "discreteBitsPerDim"], "dequantizedBitsPerDim");
  return discreteBitsPerDim(await dequantizedNll(flow, pixels, code, options), flow.dim, options.levels ?? 256);
}

/**
 * A loss for `train()` on integer pixels: `code.dequantizedNllLoss` with fresh noise u at every
 * call (seeded: call i uses seed + i), so that the model cannot fit the integer grid.
 */
export function dequantizedTrainingLoss(code: Pick<DequantizationFunctions, "dequantizedNllLoss">, options: DequantizeOptions = {}): LossFn {
  const levels = checkLevels(options.levels ?? 256, "dequantizedTrainingLoss");
  const { dequantizedNllLoss } = checkCode(code, ["dequantizedNllLoss"], "dequantizedTrainingLoss");
  let calls = 0;
  const seed = options.seed ?? 0;
  return (flow: Bijector, x: tf.Tensor2D) => {
    const callSeed = seed + calls++;
    return tf.tidy(() => dequantizedNllLoss(flow, x, dequantizationNoise([x.shape[0], x.shape[1]], callSeed), levels));
  };
}
