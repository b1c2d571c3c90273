/**
 * The machinery shared by every masked coupling layer (NICE, RealNVP). Students write only the
 * transformation itself, in `exercises/`.
 *
 * A binary mask b ∈ {0,1}^D splits x into a kept part b ⊙ x and a transformed part
 * (1 − b) ⊙ x. The conditioner network sees only the kept part, so it can be any function:
 *
 *   conditioner:  h = NN(b ⊙ x)       NN: R^D → R^(k·D)  (k = 1 for additive, 2 for affine)
 *
 * Because the kept part passes through unchanged, the Jacobian is triangular (after reordering)
 * and its determinant is the product of the diagonal: that is what makes couplings cheap to
 * invert and their log-det cheap to compute.
 */
import * as tf from "@tensorflow/tfjs";
import { Mlp } from "../nn/mlp";
import { assertBatch, validateMask, type Bijector, type BijectorResult } from "./bijector";

export interface CouplingOptions {
  /** Hidden widths of the conditioner MLP. Default [64, 64]. */
  hidden?: number[];
  /** Seed for the conditioner's initial weights. Default 0. */
  seed?: number;
}

export abstract class MaskedCoupling implements Bijector {
  readonly name: string;
  readonly dim: number;
  /** b: 1 where a coordinate is kept (and conditions), 0 where it is transformed. Shape [D]. */
  readonly mask: tf.Tensor1D;
  /** 1 − b. Shape [D]. */
  readonly inverseMask: tf.Tensor1D;
  /** The conditioner NN: R^D → R^(outputsPerDim·D). Its last layer starts at zero. */
  readonly conditioner: Mlp;

  /**
   * @param kind the class name, for messages.
   * @param mask b, a 0/1 array of length D with at least one of each.
   * @param outputsPerDim how many numbers the conditioner gives per coordinate (1: shift; 2: log-scale and shift).
   */
  protected constructor(kind: string, mask: readonly number[], outputsPerDim: number, options: CouplingOptions = {}) {
    const b = validateMask(mask, kind);
    this.dim = b.length;
    this.name = `${kind}(mask=[${b.join(",")}])`;
    this.mask = tf.keep(tf.tensor1d(b, "float32"));
    this.inverseMask = tf.keep(tf.tensor1d(b.map((v) => 1 - v), "float32"));
    this.conditioner = new Mlp({ inputDim: this.dim, outputDim: outputsPerDim * this.dim, hidden: options.hidden, seed: options.seed });
  }

  abstract forward(x: tf.Tensor2D): BijectorResult;
  abstract inverse(z: tf.Tensor2D): BijectorResult;

  /** Validates a forward/inverse input and names the method in the error. */
  protected checkInput(v: unknown, method: "forward" | "inverse"): asserts v is tf.Tensor2D {
    assertBatch(v, this.dim, `${this.name.split("(")[0]}.${method}`, method === "forward" ? "x" : "z");
  }

  trainableVariables(): tf.Variable[] {
    return this.conditioner.variables;
  }

  dispose(): void {
    this.mask.dispose();
    this.inverseMask.dispose();
    this.conditioner.dispose();
  }
}
