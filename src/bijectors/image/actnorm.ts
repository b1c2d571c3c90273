/**
 * ActNorm (Kingma & Dhariwal, 2018, Glow §3.1): a per-channel affine map whose parameters are set
 * from data once, then trained. It does what batch normalisation does for a flow, without
 * depending on the batch afterwards (a flow must be a fixed function to be a bijection).
 *
 * For an image x of shape [H, W, C], with log-scale s ∈ R^C and bias b ∈ R^C:
 *   forward:  z[h, w, c] = x[h, w, c] · exp(s_c) + b_c
 *   inverse:  x[h, w, c] = (z[h, w, c] − b_c) · exp(−s_c)
 *   forward log-det:  log|det ∂z/∂x| = H · W · Σ_c s_c          (the same for every row)
 *   inverse log-det:  −H · W · Σ_c s_c
 *
 * Data-dependent initialisation: on a batch x, with per-channel mean μ_c and standard deviation
 * σ_c over the batch and all pixels,
 *   s_c = −log(σ_c + ε),   b_c = −μ_c · exp(s_c)      (ε = 1e-6)
 * so that the initial output has zero mean and unit variance per channel.
 * `initialize(x)` does it for one layer; `initializeActNorms(flow, x)` (./data-init.ts) runs one
 * forward pass of a whole flow in which every layer with an `initialize` method initialises itself
 * from the input it receives, in order (a later layer sees the output of the already-initialised
 * layers before it).
 *
 * @example
 *   const norm = new ActNorm(imageShape(14, 14, 1));
 *   norm.initialize(x);                          // x: [batch, 196]
 *   initializeActNorms(flow, xBatch);            // or all of a flow's ActNorms at once
 */
import * as tf from "@tensorflow/tfjs";
import { trainableVariable } from "../../nn/variable";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "./image-shape";

export const ACTNORM_EPSILON = 1e-6;

export class ActNorm implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  /** s, [C]. Starts at 0 (the identity) until initialised. */
  readonly logScale: tf.Variable<tf.Rank.R1>;
  /** b, [C]. */
  readonly bias: tf.Variable<tf.Rank.R1>;
  /** True once `initialize` has run. */
  initialized = false;

  constructor(shape: ImageShape) {
    this.shape = checkImageShape(shape, "ActNorm");
    this.dim = imageDim(this.shape);
    this.name = `ActNorm(${describeShape(this.shape)})`;
    this.logScale = trainableVariable(() => tf.zeros([this.shape.channels]) as tf.Tensor1D, "actnorm_log_scale");
    this.bias = trainableVariable(() => tf.zeros([this.shape.channels]) as tf.Tensor1D, "actnorm_bias");
  }

  /** Data-dependent initialisation from the rows `x` [batch, D] (see the formulas above). */
  initialize(x: tf.Tensor2D): void {
    assertBatch(x, this.dim, "ActNorm.initialize");
    tf.tidy(() => {
      const perChannel = tf.reshape(x, [-1, this.shape.channels]);
      const { mean, variance } = tf.moments(perChannel, 0);
      const s = tf.neg(tf.log(tf.add(tf.sqrt(variance), ACTNORM_EPSILON)));
      this.logScale.assign(s as tf.Tensor1D);
      this.bias.assign(tf.neg(tf.mul(mean, tf.exp(s))) as tf.Tensor1D);
    });
    this.initialized = true;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "ActNorm.forward");
    return tf.tidy(() => {
      const img = tf.reshape(x, [-1, this.shape.channels]);
      const z = tf.add(tf.mul(img, tf.exp(this.logScale)), this.bias);
      return { output: tf.reshape(z, x.shape) as tf.Tensor2D, logDet: this.logDet(x.shape[0], 1) };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "ActNorm.inverse", "z");
    return tf.tidy(() => {
      const img = tf.reshape(z, [-1, this.shape.channels]);
      const x = tf.mul(tf.sub(img, this.bias), tf.exp(tf.neg(this.logScale)));
      return { output: tf.reshape(x, z.shape) as tf.Tensor2D, logDet: this.logDet(z.shape[0], -1) };
    });
  }

  /** ±H·W·Σ_c s_c, repeated for each of the `batch` rows. */
  private logDet(batch: number, sign: 1 | -1): tf.Tensor1D {
    const perRow = tf.mul(tf.sum(this.logScale), sign * this.shape.height * this.shape.width);
    return tf.mul(tf.ones([batch]), perRow) as tf.Tensor1D;
  }

  trainableVariables(): tf.Variable[] {
    return [this.logScale, this.bias];
  }

  dispose(): void {
    this.logScale.dispose();
    this.bias.dispose();
  }
}
