// Exercise file generated from solutions/dequantization.ts by `npm run assign`. Write your code where it says TODO.
/**
 * Exercise (f): uniform dequantization and bits per dimension of discrete data.
 *
 * Pixels are integers x ∈ {0, …, K−1}^D (K = 256 for 8-bit images). A continuous density on the
 * integers themselves means nothing: it can pile ever thinner, ever higher spikes on them, and its
 * likelihood grows without bound. Uniform dequantization fills each integer's unit cell with noise
 * and scales to [0, 1):
 *
 *   y = (x + u) / K,   u ~ U[0, 1)^D
 *
 * A flow with density p_Y on y defines a discrete model P(x) = ∫_{[0,1)^D} p_Y((x + u)/K) K^(−D) du
 * (the K^(−D) is the Jacobian of v ↦ v/K). By Jensen's inequality,
 *
 *   −log P(x) ≤ E_u[−log p_Y((x + u)/K)] + D · log K
 *
 * so, with NLL_Y = the mean of −log p_Y(y) in nats (per image), the bits per dimension
 *
 *   bits/dim = (NLL_Y + D · ln K) / (D · ln 2)
 *
 * bound the model's codelength per pixel, in bits, and compare across models and papers. Check:
 * the uniform density p_Y = 1 on [0, 1)^D has NLL_Y = 0 and scores exactly log₂ K (8 for K = 256).
 * Without the D · ln K term, bits/dim would be a number about y, not about the pixels: it moves
 * with the scaling and can be negative.
 *
 * The noise u is an argument, so that every function is a pure function of its inputs (training
 * draws fresh noise every step; a check passes the same noise twice and must get the same answer).
 *
 * What to write: the three functions' bodies. The validation of the arguments is done for you.
 * `flowLogProb(flow, y)` (your exercise (c), imported from ./nll: log p_Y per row, [N]) is imported
 * for dequantizedNllLoss: take log p_Y from it, not from a formula of your own. The grader checks
 * dequantizedNllLoss with a flowLogProb of its own (a flow with another base density), so a mistake
 * in exercise (c) costs no points here.
 * Casts: tf.div / tf.add / tf.neg / tf.mean results need `as tf.Tensor2D` or `as tf.Scalar`.
 *
 * @example
 *   const u = tf.randomUniform(pixels.shape, 0, 1, "float32", 7);
 *   const y = uniformDequantize(pixels, u);               // [N, D], in [0, 1)
 *   const loss = dequantizedNllLoss(flow, pixels, u);     // scalar, nats per image
 *   discreteBitsPerDim(await loss.data().then((d) => d[0]), flow.dim);   // bits/dim
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";
import { flowLogProb } from "./nll";

/** Validates K, the number of pixel levels. */
function checkLevels(levels: number, where: string): void {
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`${where}: 'levels' must be an integer ≥ 2 (K, the number of pixel values); got ${levels}.`);
}

/** Validates pixels and noise: two rank-2 tensors of the same shape. */
function checkPixelsAndNoise(pixels: tf.Tensor2D, noise: tf.Tensor2D, where: string): void {
  if (!(pixels instanceof tf.Tensor) || pixels.rank !== 2) throw new RangeError(`${where}: 'pixels' must be a tf.Tensor2D [N, D] of integers 0 … K−1.`);
  if (!(noise instanceof tf.Tensor) || noise.shape.join() !== pixels.shape.join()) {
    throw new RangeError(`${where}: 'noise' must be a tf.Tensor2D of the pixels' shape [${pixels.shape}] with entries in [0, 1); got ${noise instanceof tf.Tensor ? `shape [${noise.shape}]` : String(noise)}.`);
  }
}

/** y = (x + u) / K, [N, D] → [N, D]: integer pixels and noise u ∈ [0, 1) to points of [0, 1). */
export function uniformDequantize(pixels: tf.Tensor2D, noise: tf.Tensor2D, levels = 256): tf.Tensor2D {
  checkLevels(levels, "uniformDequantize");
  checkPixelsAndNoise(pixels, noise, "uniformDequantize");
  return tf.tidy(() => {
    // TODO(Exercise (f) uniformDequantize): write your code here. Delete the next line when you start.
    throw new NotImplementedError("Exercise (f) uniformDequantize");
  });
}

/** bits/dim = (NLL_Y + D ln K) / (D ln 2), from NLL_Y (nats per image) of the dequantized, scaled data. */
export function discreteBitsPerDim(nllNats: number, dim: number, levels = 256): number {
  checkLevels(levels, "discreteBitsPerDim");
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`discreteBitsPerDim: 'dim' must be a positive integer; got ${dim}.`);
  if (!Number.isFinite(nllNats)) throw new RangeError(`discreteBitsPerDim: 'nllNats' must be a finite number; got ${nllNats}.`);
  // TODO(Exercise (f) discreteBitsPerDim): write your code here. Delete the next line when you start.
  throw new NotImplementedError("Exercise (f) discreteBitsPerDim");
}

/** NLL_Y: the mean over rows of −log p_Y((x + u)/K) under the flow, nats per image (a scalar). The training loss. */
export function dequantizedNllLoss(flow: Bijector, pixels: tf.Tensor2D, noise: tf.Tensor2D, levels = 256): tf.Scalar {
  checkLevels(levels, "dequantizedNllLoss");
  checkPixelsAndNoise(pixels, noise, "dequantizedNllLoss");
  return tf.tidy(() => {
    // TODO(Exercise (f) dequantizedNllLoss): write your code here. Delete the next line when you start.
    throw new NotImplementedError("Exercise (f) dequantizedNllLoss");
  });
}
