/**
 * A small multilayer perceptron, the conditioner of a coupling layer.
 *
 *   h_0 = x,   h_ℓ = relu(h_{ℓ−1} W_ℓ + b_ℓ)  for hidden layers,   out = h_L W_{L+1} + b_{L+1}
 *
 * Hidden weights use He-uniform initialisation, U(−√(6/fan_in), √(6/fan_in)), from a seed.
 * The **last layer is all zeros**, so the network outputs 0 at the start: a coupling whose
 * shift and log-scale are 0 is the identity map, and a fresh flow starts as the identity, which
 * keeps the first training steps stable (as in Glow's zero-initialised last convolution).
 *
 * @example
 *   const net = new Mlp({ inputDim: 2, hidden: [64, 64], outputDim: 4, seed: 1 });
 *   const out = net.apply(x);   // [batch, 2] → [batch, 4]
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../bijectors/errors";
import { dense } from "./dense";
import { trainableVariable } from "./variable";

export interface MlpOptions {
  inputDim: number;
  outputDim: number;
  /** Hidden layer widths. Default [64, 64]. */
  hidden?: number[];
  /** Seed for the hidden layers' initial weights. Default 0. */
  seed?: number;
}

export class Mlp {
  readonly weights: tf.Variable<tf.Rank.R2>[] = [];
  readonly biases: tf.Variable<tf.Rank.R1>[] = [];
  readonly inputDim: number;
  readonly outputDim: number;

  constructor(options: MlpOptions) {
    const { inputDim, outputDim, hidden = [64, 64], seed = 0 } = options;
    for (const [arg, v] of [["inputDim", inputDim], ["outputDim", outputDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ShapeError(`Mlp: '${arg}' must be a positive integer; got ${v}.`);
    }
    if (hidden.some((h) => !Number.isInteger(h) || h < 1)) {
      throw new ShapeError(`Mlp: 'hidden' must be positive integers; got ${JSON.stringify(hidden)}.`);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    const sizes = [inputDim, ...hidden, outputDim];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const last = l + 2 === sizes.length;
      const limit = Math.sqrt(6 / fanIn);
      this.weights.push(
        trainableVariable(
          () => (last ? tf.zeros([fanIn, fanOut]) : tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", seed * 1009 + l)) as tf.Tensor2D,
          `mlp_w${l}`,
        ),
      );
      this.biases.push(trainableVariable(() => tf.zeros([fanOut]) as tf.Tensor1D, `mlp_b${l}`));
    }
  }

  /**
   * [batch, inputDim] → [batch, outputDim]. Call inside tf.tidy (or a gradient function).
   * Each layer is one fused kernel ({@link dense}), the same function as
   * `relu(matMul(h, W) + b)` up to float32 rounding.
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const last = this.weights.length - 1;
    this.weights.forEach((w, l) => {
      h = dense(h, w, this.biases[l], l < last ? "relu" : "linear");
    });
    return h;
  }

  get variables(): tf.Variable[] {
    return [...this.weights, ...this.biases];
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
