/**
 * MADE: a multilayer perceptron whose weight matrices are multiplied by fixed 0/1 masks, so that
 * output d depends only on the inputs before d in an autoregressive order (Germain et al., 2015).
 * The masks are given: they are exercise (g)'s `madeMasks` (the student's, or the reference in the
 * instructor's tests); the library computes none.
 *
 *   h_0 = x,   h_ℓ = relu(h_{ℓ−1} (W_ℓ ⊙ M_ℓ) + b_ℓ)  for hidden layers,
 *   out = h_{L−1} (W_L ⊙ M_L) + b_L                     [batch, outputsPerDim · D]
 *
 * Initialisation follows {@link Mlp}: He-uniform hidden weights from a seed, and a **zero last
 * layer**, so a fresh MAF or IAF layer is the identity map.
 *
 * `masks` is checked for shape and 0/1 entries; whether it is autoregressive is for the checks
 * to find (maskConnectivity in made-masks.ts).
 *
 * @example
 *   const net = new Made({ inputDim: 3, hidden: [16, 16], outputsPerDim: 2, masks: madeMasks(3, [16, 16], 2), seed: 1 });
 *   const out = net.apply(x);                       // [batch, 3] → [batch, 6]
 *   const [rawLogScale, shift] = tf.split(out, 2, 1);
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../bijectors/errors";
import { identityOrder, validateOrder } from "./made-masks";
import { trainableVariable } from "./variable";

export interface MadeOptions {
  inputDim: number;
  /** Hidden layer widths. Default [64, 64]. Each should be ≥ inputDim − 1 so every degree appears. */
  hidden?: number[];
  /** Parameters per input (1: a shift; 2: log-scale and shift). Default 1. */
  outputsPerDim?: number;
  /** The autoregressive order the masks encode, a permutation of 0 … D − 1 (names the layer). Default identity. */
  order?: number[];
  /** The masks (exercise (g)'s madeMasks): one [fanIn][fanOut] 0/1 matrix per layer. */
  masks: number[][][];
  /** Seed for the hidden layers' initial weights. Default 0. */
  seed?: number;
}

export class Made {
  readonly weights: tf.Variable<tf.Rank.R2>[] = [];
  readonly biases: tf.Variable<tf.Rank.R1>[] = [];
  /** The fixed masks, one per weight matrix (not trainable). */
  readonly masks: tf.Tensor2D[] = [];
  /** The same masks as numbers, [fanIn][fanOut] each. */
  readonly maskValues: number[][][];
  readonly inputDim: number;
  readonly outputDim: number;
  readonly order: number[];

  constructor(options: MadeOptions) {
    const { inputDim, hidden = [64, 64], outputsPerDim = 1, seed = 0 } = options;
    if (!Number.isInteger(inputDim) || inputDim < 1) throw new ShapeError(`Made: 'inputDim' must be a positive integer; got ${inputDim}.`);
    this.inputDim = inputDim;
    this.outputDim = outputsPerDim * inputDim;
    this.order = validateOrder(options.order ?? identityOrder(inputDim), inputDim, "Made");
    this.maskValues = options.masks;
    const sizes = [inputDim, ...hidden, this.outputDim];
    checkMasks(this.maskValues, sizes);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const last = l + 2 === sizes.length;
      const limit = Math.sqrt(6 / fanIn);
      this.weights.push(
        trainableVariable(
          () => (last ? tf.zeros([fanIn, fanOut]) : tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", seed * 1009 + l)) as tf.Tensor2D,
          `made_w${l}`,
        ),
      );
      this.biases.push(trainableVariable(() => tf.zeros([fanOut]) as tf.Tensor1D, `made_b${l}`));
      this.masks.push(tf.keep(tf.tensor2d(this.maskValues[l], [fanIn, fanOut], "float32")));
    }
  }

  /** [batch, inputDim] → [batch, outputsPerDim · inputDim]. Call inside tf.tidy (or a gradient function). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const last = this.weights.length - 1;
    this.weights.forEach((w, l) => {
      h = tf.add(tf.matMul(h, tf.mul(w, this.masks[l]) as tf.Tensor2D), this.biases[l]);
      if (l < last) h = tf.relu(h);
    });
    return h;
  }

  get variables(): tf.Variable[] {
    return [...this.weights, ...this.biases];
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    for (const m of this.masks) m.dispose();
  }
}

function checkMasks(masks: number[][][], sizes: number[]): void {
  const layers = sizes.length - 1;
  if (!Array.isArray(masks) || masks.length !== layers) {
    throw new ShapeError(`Made: 'masks' must hold one matrix per layer (${layers}); got ${Array.isArray(masks) ? masks.length : typeof masks}.`);
  }
  masks.forEach((m, l) => {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    if (!Array.isArray(m) || m.length !== fanIn || m.some((row) => !Array.isArray(row) || row.length !== fanOut)) {
      throw new ShapeError(`Made: masks[${l}] must be a [${fanIn}][${fanOut}] matrix (fan-in × fan-out of layer ${l}); got ${Array.isArray(m) ? `${m.length} rows` : typeof m}.`);
    }
    if (m.some((row) => row.some((v) => v !== 0 && v !== 1))) throw new ShapeError(`Made: masks[${l}] entries must be 0 or 1.`);
  });
}
