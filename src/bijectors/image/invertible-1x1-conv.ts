/**
 * Invertible 1×1 convolution (Glow §3.2) with the LU parametrisation: a learned C×C matrix W that
 * mixes the channels of every pixel, a learned generalisation of a channel permutation.
 *
 *   W = P · L · (U + diag(sign ⊙ exp(log|s|)))
 *     P: a fixed permutation matrix;  L: lower triangular with ones on the diagonal (learned below it);
 *     U: strictly upper triangular (learned);  s: the diagonal of the upper factor (learned as
 *     log|s|, with its sign fixed at initialisation, so W stays invertible throughout training).
 *
 * For an image x of shape [H, W_img, C], at every pixel p:
 *   forward:  z_p = W x_p
 *   inverse:  x_p = W⁻¹ z_p,   W⁻¹ = (U + diag(s))⁻¹ · L⁻¹ · Pᵀ
 *   forward log-det:  log|det ∂z/∂x| = H · W_img · log|det W| = H · W_img · Σ_c log|s_c|
 *   inverse log-det:  −H · W_img · Σ_c log|s_c|
 * (det P = ±1 and det L = 1, so log|det W| is the sum of log|s| on the diagonal of U.)
 *
 * The triangular inverses use tf ops only, so they are differentiable and stay on the backend:
 * for a strictly triangular (nilpotent) N, (I + N)⁻¹ = Π_{j<m} (I + (−N)^(2^j)) with 2^m ≥ C,
 * which is exact (the series Σ_k (−N)^k stops at k = C − 1). It costs about 2·log₂C small matmuls.
 *
 * Initialisation (seeded): W₀ is a random rotation (Gram–Schmidt of a Gaussian matrix), factored
 * as P L U with partial pivoting, in float64 JavaScript.
 *
 * @example
 *   const conv = new Invertible1x1Conv(imageShape(7, 7, 4), { seed: 3 });
 *   const { output: z, logDet } = conv.forward(x);    // x: [batch, 196]
 */
import * as tf from "@tensorflow/tfjs";
import { trainableVariable } from "../../nn/variable";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "./image-shape";
import { luDecompose, randomRotation } from "./rotation-lu";

export { luDecompose, randomRotation } from "./rotation-lu";

export interface Invertible1x1ConvOptions {
  /** Seeds the random rotation W₀. Default 0. */
  seed?: number;
}

export class Invertible1x1Conv implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  /** Entries below the diagonal are L's (the rest is ignored). [C, C]. */
  readonly lower: tf.Variable<tf.Rank.R2>;
  /** Entries above the diagonal are U's (the rest is ignored). [C, C]. */
  readonly upper: tf.Variable<tf.Rank.R2>;
  /** log|s|, the log-magnitudes of U's diagonal. [C]. */
  readonly logAbsDiag: tf.Variable<tf.Rank.R1>;
  /** The fixed permutation P, [C, C]. */
  readonly permutation: tf.Tensor2D;
  /** sign(s), fixed. [C]. */
  readonly sign: tf.Tensor1D;
  private readonly lowerMask: tf.Tensor2D;
  private readonly upperMask: tf.Tensor2D;
  private readonly eye: tf.Tensor2D;

  constructor(shape: ImageShape, options: Invertible1x1ConvOptions = {}) {
    this.shape = checkImageShape(shape, "Invertible1x1Conv");
    const c = this.shape.channels;
    this.dim = imageDim(this.shape);
    this.name = `Invertible1x1Conv(${describeShape(this.shape)})`;
    const { p, l, u } = luDecompose(randomRotation(c, options.seed ?? 0));
    const diag = u.map((row, i) => row[i]);
    this.permutation = tf.keep(tf.tensor2d(p, [c, c], "float32"));
    this.sign = tf.keep(tf.tensor1d(diag.map((d) => (d < 0 ? -1 : 1)), "float32"));
    this.lower = trainableVariable(() => tf.tensor2d(l, [c, c], "float32"), "conv1x1_lower");
    this.upper = trainableVariable(() => tf.tensor2d(u, [c, c], "float32"), "conv1x1_upper");
    this.logAbsDiag = trainableVariable(() => tf.tensor1d(diag.map((d) => Math.log(Math.abs(d))), "float32"), "conv1x1_log_abs_diag");
    const tri = (keep: (i: number, j: number) => boolean) => Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => (keep(i, j) ? 1 : 0)));
    this.lowerMask = tf.keep(tf.tensor2d(tri((i, j) => i > j), [c, c], "float32"));
    this.upperMask = tf.keep(tf.tensor2d(tri((i, j) => i < j), [c, c], "float32"));
    this.eye = tf.keep(tf.eye(c) as tf.Tensor2D);
  }

  /** W = P · L · (U + diag(sign · exp(log|s|))), [C, C]. Call inside tf.tidy. */
  weight(): tf.Tensor2D {
    const l = tf.add(tf.mul(this.lower, this.lowerMask), this.eye) as tf.Tensor2D;
    return tf.matMul(this.permutation, tf.matMul(l, this.upperWithDiagonal()));
  }

  /** W⁻¹ = (U + diag(s))⁻¹ · L⁻¹ · Pᵀ, [C, C]. Call inside tf.tidy. */
  inverseWeight(): tf.Tensor2D {
    const n = tf.mul(this.lower, this.lowerMask) as tf.Tensor2D; // L = I + N
    const lInv = this.unitTriangularInverse(n);
    // U + diag(s) = diag(s) (I + K), K = diag(s)⁻¹ U strictly upper  ⇒  (U + diag(s))⁻¹ = (I + K)⁻¹ diag(1/s)
    const sInv = tf.div(1, this.diagonal());
    const k = tf.mul(tf.reshape(sInv, [-1, 1]), tf.mul(this.upper, this.upperMask)) as tf.Tensor2D;
    const uInv = tf.mul(this.unitTriangularInverse(k), tf.reshape(sInv, [1, -1])) as tf.Tensor2D;
    return tf.matMul(uInv, tf.matMul(lInv, this.permutation, false, true));
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "Invertible1x1Conv.forward");
    return tf.tidy(() => ({ output: this.mixChannels(x, this.weight()), logDet: this.logDet(x.shape[0], 1) }));
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Invertible1x1Conv.inverse", "z");
    return tf.tidy(() => ({ output: this.mixChannels(z, this.inverseWeight()), logDet: this.logDet(z.shape[0], -1) }));
  }

  /** Every pixel's channel vector v ↦ M v: rows of pixels [N·H·W, C] times Mᵀ. */
  private mixChannels(v: tf.Tensor2D, m: tf.Tensor2D): tf.Tensor2D {
    const pixels = tf.reshape(v, [-1, this.shape.channels]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(pixels, m, false, true), v.shape) as tf.Tensor2D;
  }

  private diagonal(): tf.Tensor1D {
    return tf.mul(this.sign, tf.exp(this.logAbsDiag)) as tf.Tensor1D;
  }

  private upperWithDiagonal(): tf.Tensor2D {
    return tf.add(tf.mul(this.upper, this.upperMask), tf.mul(this.eye, this.diagonal())) as tf.Tensor2D;
  }

  /** (I + N)⁻¹ for a strictly triangular N: Π_j (I + (−N)^(2^j)) until 2^j ≥ C. */
  private unitTriangularInverse(n: tf.Tensor2D): tf.Tensor2D {
    let power = tf.neg(n) as tf.Tensor2D; // (−N)^(2^j)
    let result: tf.Tensor2D = this.eye;
    for (let reach = 1; reach < this.shape.channels; reach *= 2) {
      result = tf.matMul(result, tf.add(this.eye, power) as tf.Tensor2D);
      if (reach * 2 < this.shape.channels) power = tf.matMul(power, power);
    }
    return result;
  }

  /** ±H·W·Σ_c log|s_c|, repeated for each row. */
  private logDet(batch: number, sign: 1 | -1): tf.Tensor1D {
    const perRow = tf.mul(tf.sum(this.logAbsDiag), sign * this.shape.height * this.shape.width);
    return tf.mul(tf.ones([batch]), perRow) as tf.Tensor1D;
  }

  trainableVariables(): tf.Variable[] {
    return [this.lower, this.upper, this.logAbsDiag];
  }

  dispose(): void {
    tf.dispose([this.lower, this.upper, this.logAbsDiag, this.permutation, this.sign, this.lowerMask, this.upperMask, this.eye]);
  }
}
