/**
 * Exercise (d): ActNorm, the activation normalisation of Glow (Kingma & Dhariwal, 2018, §3.1).
 *
 * A per-channel affine map on images. With a log-scale s ∈ R^C and a bias b ∈ R^C, for an image x
 * of shape [H, W, C]:
 *
 *   forward  (data → latent):  z[h, w, c] = x[h, w, c] · exp(s_c) + b_c
 *   inverse  (latent → data):  x[h, w, c] = (z[h, w, c] − b_c) · exp(−s_c)
 *
 * The Jacobian is diagonal: every one of the H·W pixels of channel c is scaled by exp(s_c), so
 *
 *   forward log-det:  log|det ∂z/∂x| =  H · W · Σ_c s_c       (the same number for every row)
 *   inverse log-det:  log|det ∂x/∂z| = −H · W · Σ_c s_c
 *
 * Data-dependent initialisation (what makes it "act"-norm): on the first batch x, with the mean μ_c
 * and the standard deviation σ_c of channel c over the batch AND all pixels (population variance,
 * as tf.moments computes it),
 *
 *   s_c = −log(σ_c + ε),   b_c = −μ_c · exp(s_c)          (ε = ACTNORM_EPSILON = 1e-6)
 *
 * so that the output on that batch has zero mean and unit variance per channel. It happens ONCE:
 * afterwards s and b are ordinary trained parameters, and `initialize` does nothing (a flow must
 * be one fixed function of its input, never a function of the batch it arrives with).
 *
 * Images as rows: x and z are [batch, H·W·C], the image flattened in NHWC order (index
 * (h·W + w)·C + c), so `tf.reshape(x, [-1, C])` gives one row per pixel and one column per channel.
 *
 * What you have: `this.shape` ({ height, width, channels }), `this.logScale` (s, a tf.Variable [C]),
 * `this.bias` (b, [C]), `this.initialized`. Change variables with `v.assign(t)`; `t` must be a
 * Tensor1D, so cast: `this.bias.assign(t as tf.Tensor1D)`.
 * Pretrained weights (given, not part of the exercise): `weightCount`, `readWeights` and
 * `loadWeights` move the layer's parameters in and out of a checkpoint as float32 numbers, in the
 * layout [s_0 … s_{C−1}, b_0 … b_{C−1}] (2C numbers); loading marks the layer initialised. Notebook
 * 05 loads the course's pretrained digits flow into YOUR class this way.
 * What to write: `initialize`, `forward` and `inverse`. forward/inverse return `{ output, logDet }`,
 * output [batch, H·W·C] and logDet [batch]: cast as the library does
 * (`tf.reshape(z, x.shape) as tf.Tensor2D`, `... as tf.Tensor1D`).
 *
 * @example
 *   const norm = new ActNorm({ height: 4, width: 4, channels: 2 });
 *   norm.initialize(x);                        // x: [batch, 32]; the output on x is now normalised
 *   const { output: z, logDet } = norm.forward(x);
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector, BijectorResult } from "../src/bijectors/bijector";
import { assertBatch } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "../src/bijectors/image/image-shape";
import { trainableVariable } from "../src/nn/variable";

/** ε in s_c = −log(σ_c + ε): keeps a constant channel (σ = 0) finite. */
export const ACTNORM_EPSILON = 1e-6;

export class ActNorm implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  /** s, [C]. Starts at 0 (the identity) until initialised. */
  readonly logScale: tf.Variable<tf.Rank.R1>;
  /** b, [C]. Starts at 0. */
  readonly bias: tf.Variable<tf.Rank.R1>;
  /** True once the data-dependent initialisation has run. */
  initialized = false;

  constructor(shape: ImageShape) {
    this.shape = checkImageShape(shape, "ActNorm");
    this.dim = imageDim(this.shape);
    this.name = `ActNorm(${describeShape(this.shape)})`;
    this.logScale = trainableVariable(() => tf.zeros([this.shape.channels]) as tf.Tensor1D, "actnorm_log_scale");
    this.bias = trainableVariable(() => tf.zeros([this.shape.channels]) as tf.Tensor1D, "actnorm_bias");
  }

  /** Sets s and b from the rows `x` [batch, H·W·C] (formulas above), once; later calls do nothing. */
  initialize(x: tf.Tensor2D): void {
    assertBatch(x, this.dim, "ActNorm.initialize");
    if (this.initialized) return;
    tf.tidy(() => {
      // BEGIN SOLUTION
      const perChannel = tf.reshape(x, [-1, this.shape.channels]);
      const { mean, variance } = tf.moments(perChannel, 0);
      const s = tf.neg(tf.log(tf.add(tf.sqrt(variance), ACTNORM_EPSILON)));
      this.logScale.assign(s as tf.Tensor1D);
      this.bias.assign(tf.neg(tf.mul(mean, tf.exp(s))) as tf.Tensor1D);
      this.initialized = true;
      // END SOLUTION
    });
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "ActNorm.forward");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const pixels = tf.reshape(x, [-1, this.shape.channels]);
      const z = tf.add(tf.mul(pixels, tf.exp(this.logScale)), this.bias);
      const perRow = tf.mul(tf.sum(this.logScale), this.shape.height * this.shape.width);
      return { output: tf.reshape(z, x.shape) as tf.Tensor2D, logDet: tf.mul(tf.ones([x.shape[0]]), perRow) as tf.Tensor1D };
      // END SOLUTION
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "ActNorm.inverse", "z");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const pixels = tf.reshape(z, [-1, this.shape.channels]);
      const x = tf.mul(tf.sub(pixels, this.bias), tf.exp(tf.neg(this.logScale)));
      const perRow = tf.mul(tf.sum(this.logScale), -this.shape.height * this.shape.width);
      return { output: tf.reshape(x, z.shape) as tf.Tensor2D, logDet: tf.mul(tf.ones([z.shape[0]]), perRow) as tf.Tensor1D };
      // END SOLUTION
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.logScale, this.bias];
  }

  /** How many float32 numbers this layer has in a checkpoint: 2C ([s, b]). */
  weightCount(): number {
    return 2 * this.shape.channels;
  }

  /** The parameters in the checkpoint layout [s_0 … s_{C−1}, b_0 … b_{C−1}]. */
  async readWeights(): Promise<Float32Array> {
    const flat = tf.concat([this.logScale, this.bias]);
    try {
      return Float32Array.from(await flat.data());
    } finally {
      flat.dispose();
    }
  }

  /** Sets s and b from `values` (the layout of `readWeights`) and marks the layer initialised. */
  async loadWeights(values: Float32Array): Promise<void> {
    const c = this.shape.channels;
    if (!(values instanceof Float32Array) || values.length !== 2 * c) throw new RangeError(`${this.name}.loadWeights: need ${2 * c} float32 numbers ([s, b]); got ${values?.length}.`);
    tf.tidy(() => {
      this.logScale.assign(tf.tensor1d(values.subarray(0, c), "float32"));
      this.bias.assign(tf.tensor1d(values.subarray(c, 2 * c), "float32"));
    });
    this.initialized = true;
  }

  dispose(): void {
    this.logScale.dispose();
    this.bias.dispose();
  }
}
