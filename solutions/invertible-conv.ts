/**
 * Exercise (e): the invertible 1×1 convolution of Glow (Kingma & Dhariwal, 2018, §3.2), with the
 * LU parametrisation.
 *
 * A 1×1 convolution multiplies the channel vector x_p ∈ R^C of every pixel p by the same C×C
 * matrix W: a learned generalisation of a channel permutation. Its Jacobian is block diagonal
 * (H·W blocks, all equal to W), so
 *
 *   forward  (data → latent):  z_p = W x_p                       for every pixel p
 *   inverse  (latent → data):  x_p = W⁻¹ z_p
 *   forward log-det:  log|det ∂z/∂x| =  H · W_img · log|det W|
 *   inverse log-det:  log|det ∂x/∂z| = −H · W_img · log|det W|
 *
 * Computing det W costs O(C³); the LU parametrisation makes it O(C) and keeps W invertible:
 *
 *   W = P · L · (U + diag(s)),   s = sign ⊙ exp(logAbsDiag)
 *     P: a fixed permutation matrix;  L: unit lower triangular (ones on the diagonal);
 *     U: strictly upper triangular;   s: the diagonal, stored as log|s| with its sign fixed.
 *   det P = ±1 and det L = 1, and U + diag(s) is triangular, so
 *   log|det W| = Σ_c log|s_c| = Σ_c logAbsDiag_c.
 *
 * The inverse: W⁻¹ = (U + diag(s))⁻¹ · L⁻¹ · Pᵀ  (Pᵀ = P⁻¹ for a permutation). Write
 * U + diag(s) = diag(s) · (I + V) with V = diag(1/s) · U strictly upper triangular, so
 * (U + diag(s))⁻¹ = (I + V)⁻¹ · diag(1/s); and L = I + N with N its strictly lower part. Both
 * inverses come from `unitTriangularInverse`, which takes the STRICTLY triangular part (N or V,
 * zeros on the diagonal) and returns (I + N)⁻¹ (tfjs has no matrix inverse op).
 *
 * Images as rows: x and z are [batch, H·W·C] in NHWC order, so `tf.reshape(x, [-1, C])` has one
 * row per pixel; z_p = W x_p for all of them at once is `tf.matMul(pixels, W, false, true)`
 * (pixels · Wᵀ). Reshape back to x.shape.
 *
 * What you have: `this.permutation` (P, [C, C]), `this.sign` ([C]), the variables `this.lower`
 * (only the entries below the diagonal count: multiply by `this.lowerMask`), `this.upper` (only
 * those above: `this.upperMask`), `this.logAbsDiag` ([C]), `this.eye` (I_C), and the helper
 * `unitTriangularInverse`. The random-rotation initialisation W₀ = P L U is done for you.
 * Pretrained weights (given, not part of the exercise): `weightCount`, `readWeights` and
 * `loadWeights` move the layer in and out of a checkpoint as float32 numbers, in the layout
 * [P (C·C, row-major), sign (C), lower (C·C), upper (C·C), logAbsDiag (C)]. P and sign are fixed by
 * the seed: loading checks that they match (the layer was built as the checkpoint's was) and sets
 * the three variables. Notebook 05 loads the course's pretrained digits flow into YOUR class this way.
 * What to write: `weight()` (W), `inverseWeight()` (W⁻¹), `forward` and `inverse`, each with its
 * log-det [batch] (the same value in every row: `tf.mul(tf.ones([batch]), perRow)`). tf.matMul
 * keeps Tensor2D; tf.add / tf.mul / tf.reshape / tf.sum results need a cast (`as tf.Tensor2D`,
 * `as tf.Tensor1D`) where a Tensor2D / Tensor1D is expected.
 *
 * @example
 *   const conv = new Invertible1x1Conv({ height: 2, width: 2, channels: 4 }, { seed: 3 });
 *   const { output: z, logDet } = conv.forward(x);     // x: [batch, 16]; logDet = 4 · Σ logAbsDiag
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector, BijectorResult } from "../src/bijectors/bijector";
import { assertBatch } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "../src/bijectors/image/image-shape";
import { luDecompose, randomRotation } from "../src/bijectors/image/rotation-lu";
import { trainableVariable } from "../src/nn/variable";

export interface Invertible1x1ConvOptions {
  /** Seeds the random rotation W₀. Default 0. */
  seed?: number;
}

/**
 * (I + N)⁻¹ for a strictly triangular C×C matrix N (given, not an exercise). N is nilpotent
 * (N^C = 0), so (I + N)⁻¹ = Σ_{k<C} (−N)^k = Π_j (I + (−N)^(2^j)) over 2^j < C: exact, with
 * about 2·log₂C matrix products, and differentiable. Call inside tf.tidy.
 */
export function unitTriangularInverse(n: tf.Tensor2D): tf.Tensor2D {
  const c = n.shape[0];
  const eye = tf.eye(c) as tf.Tensor2D;
  let power = tf.neg(n) as tf.Tensor2D; // (−N)^(2^j)
  let result = eye;
  for (let reach = 1; reach < c; reach *= 2) {
    result = tf.matMul(result, tf.add(eye, power) as tf.Tensor2D);
    if (reach * 2 < c) power = tf.matMul(power, power);
  }
  return result;
}

export class Invertible1x1Conv implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  /** Entries below the diagonal are L's (multiply by lowerMask). [C, C]. */
  readonly lower: tf.Variable<tf.Rank.R2>;
  /** Entries above the diagonal are U's (multiply by upperMask). [C, C]. */
  readonly upper: tf.Variable<tf.Rank.R2>;
  /** log|s_c|, the log-magnitudes of the diagonal of U + diag(s). [C]. */
  readonly logAbsDiag: tf.Variable<tf.Rank.R1>;
  /** P, fixed. [C, C]. */
  readonly permutation: tf.Tensor2D;
  /** sign(s_c), fixed. [C]. */
  readonly sign: tf.Tensor1D;
  /** 1 strictly below the diagonal, else 0. [C, C]. */
  readonly lowerMask: tf.Tensor2D;
  /** 1 strictly above the diagonal, else 0. [C, C]. */
  readonly upperMask: tf.Tensor2D;
  /** I_C. */
  readonly eye: tf.Tensor2D;

  constructor(shape: ImageShape, options: Invertible1x1ConvOptions = {}) {
    this.shape = checkImageShape(shape, "Invertible1x1Conv");
    const c = this.shape.channels;
    this.dim = imageDim(this.shape);
    this.name = `Invertible1x1Conv(${describeShape(this.shape)})`;
    const { p, l, u } = luDecompose(randomRotation(c, options.seed ?? 0));
    const diag = u.map((row, i) => row[i]);
    const tri = (keep: (i: number, j: number) => boolean) => Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => (keep(i, j) ? 1 : 0)));
    this.permutation = tf.keep(tf.tensor2d(p, [c, c], "float32"));
    this.sign = tf.keep(tf.tensor1d(diag.map((d) => (d < 0 ? -1 : 1)), "float32"));
    this.lower = trainableVariable(() => tf.tensor2d(l, [c, c], "float32"), "conv1x1_lower");
    this.upper = trainableVariable(() => tf.tensor2d(u, [c, c], "float32"), "conv1x1_upper");
    this.logAbsDiag = trainableVariable(() => tf.tensor1d(diag.map((d) => Math.log(Math.abs(d))), "float32"), "conv1x1_log_abs_diag");
    this.lowerMask = tf.keep(tf.tensor2d(tri((i, j) => i > j), [c, c], "float32"));
    this.upperMask = tf.keep(tf.tensor2d(tri((i, j) => i < j), [c, c], "float32"));
    this.eye = tf.keep(tf.eye(c) as tf.Tensor2D);
  }

  /** W = P · L · (U + diag(sign ⊙ exp(logAbsDiag))), [C, C]. Call inside tf.tidy. */
  weight(): tf.Tensor2D {
    // BEGIN SOLUTION
    const l = tf.add(tf.mul(this.lower, this.lowerMask), this.eye) as tf.Tensor2D;
    const s = tf.mul(this.sign, tf.exp(this.logAbsDiag));
    const u = tf.add(tf.mul(this.upper, this.upperMask), tf.mul(this.eye, s)) as tf.Tensor2D;
    return tf.matMul(this.permutation, tf.matMul(l, u));
    // END SOLUTION
  }

  /** W⁻¹ = (I + K)⁻¹ · diag(1/s) · L⁻¹ · Pᵀ, [C, C]. Call inside tf.tidy. */
  inverseWeight(): tf.Tensor2D {
    // BEGIN SOLUTION
    const lInv = unitTriangularInverse(tf.mul(this.lower, this.lowerMask) as tf.Tensor2D);
    const sInv = tf.div(1, tf.mul(this.sign, tf.exp(this.logAbsDiag)));
    const v = tf.mul(tf.reshape(sInv, [-1, 1]), tf.mul(this.upper, this.upperMask)) as tf.Tensor2D;
    const uInv = tf.mul(unitTriangularInverse(v), tf.reshape(sInv, [1, -1])) as tf.Tensor2D;
    return tf.matMul(uInv, tf.matMul(lInv, this.permutation, false, true));
    // END SOLUTION
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "Invertible1x1Conv.forward");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const pixels = tf.reshape(x, [-1, this.shape.channels]) as tf.Tensor2D;
      const z = tf.reshape(tf.matMul(pixels, this.weight(), false, true), x.shape) as tf.Tensor2D;
      const perRow = tf.mul(tf.sum(this.logAbsDiag), this.shape.height * this.shape.width);
      return { output: z, logDet: tf.mul(tf.ones([x.shape[0]]), perRow) as tf.Tensor1D };
      // END SOLUTION
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Invertible1x1Conv.inverse", "z");
    return tf.tidy(() => {
      // BEGIN SOLUTION
      const pixels = tf.reshape(z, [-1, this.shape.channels]) as tf.Tensor2D;
      const x = tf.reshape(tf.matMul(pixels, this.inverseWeight(), false, true), z.shape) as tf.Tensor2D;
      const perRow = tf.mul(tf.sum(this.logAbsDiag), -this.shape.height * this.shape.width);
      return { output: x, logDet: tf.mul(tf.ones([z.shape[0]]), perRow) as tf.Tensor1D };
      // END SOLUTION
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.lower, this.upper, this.logAbsDiag];
  }

  /** How many float32 numbers this layer has in a checkpoint: 3C² + 2C. */
  weightCount(): number {
    const c = this.shape.channels;
    return 3 * c * c + 2 * c;
  }

  /** The layer in the checkpoint layout [P, sign, lower, upper, logAbsDiag], each flattened row-major. */
  async readWeights(): Promise<Float32Array> {
    const parts = [this.permutation, this.sign, this.lower, this.upper, this.logAbsDiag];
    const flat = tf.concat(parts.map((t) => tf.reshape(t, [-1])));
    try {
      return Float32Array.from(await flat.data());
    } finally {
      flat.dispose();
    }
  }

  /** Sets lower, upper and logAbsDiag from `values` (the layout of `readWeights`), after checking P and sign. */
  async loadWeights(values: Float32Array): Promise<void> {
    const c = this.shape.channels;
    if (!(values instanceof Float32Array) || values.length !== 3 * c * c + 2 * c) {
      throw new RangeError(`${this.name}.loadWeights: need ${3 * c * c + 2 * c} float32 numbers ([P, sign, lower, upper, logAbsDiag]); got ${values?.length}.`);
    }
    const fixed = values.subarray(0, c * c + c);
    const mine = tf.tidy(() => tf.concat([tf.reshape(this.permutation, [-1]), this.sign]));
    const ours = await mine.data();
    mine.dispose();
    if (ours.some((v, i) => v !== fixed[i])) {
      throw new RangeError(`${this.name}.loadWeights: the checkpoint's fixed permutation P and signs differ from this layer's; build the layer with the seed the checkpoint was trained with.`);
    }
    tf.tidy(() => {
      this.lower.assign(tf.tensor2d(values.subarray(c * c + c, 2 * c * c + c), [c, c], "float32"));
      this.upper.assign(tf.tensor2d(values.subarray(2 * c * c + c, 3 * c * c + c), [c, c], "float32"));
      this.logAbsDiag.assign(tf.tensor1d(values.subarray(3 * c * c + c), "float32"));
    });
  }

  dispose(): void {
    tf.dispose([this.lower, this.upper, this.logAbsDiag, this.permutation, this.sign, this.lowerMask, this.upperMask, this.eye]);
  }
}
