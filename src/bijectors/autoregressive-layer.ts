/**
 * The machinery shared by the affine autoregressive layers (MAF and IAF). Like
 * {@link MaskedCoupling} for couplings, it holds the conditioner; the layers only write the
 * transformation.
 *
 * The conditioner is a MADE (src/nn/made.ts) with two outputs per coordinate, so for an input v
 *
 *   s_i(v) = tanh(raw_i(v_<i)),   t_i(v) = t_i(v_<i)        (v_<i: the coordinates before i in `order`)
 *
 * s is bounded in (−1, 1) as in the course's AffineCoupling. The affine map
 *
 *   y = v ⊙ exp(s(v)) + t(v),      log|det ∂y/∂v| = Σ_i s_i(v)
 *
 * has a triangular Jacobian (in the order) with diagonal exp(s_i), because y_i depends on v_i
 * only through the factor exp(s_i) and otherwise only on v_<i. It takes one pass of the network.
 * Its inverse, v from y, cannot: v_i = (y_i − t_i(v_<i)) exp(−s_i(v_<i)) needs v_<i first, so it
 * is solved coordinate by coordinate, D passes (each pass fixes one more coordinate).
 *
 * MAF puts the one-pass map on the density side (forward); IAF puts it on the sampling side.
 * A coupling layer is the special case whose "MADE" lets the transformed half see the whole kept
 * half at once: two blocks instead of D, so both directions take one pass.
 */
import * as tf from "@tensorflow/tfjs";
import { Made } from "../nn/made";
import { identityOrder } from "../nn/made-masks";
import { assertBatch, type Bijector, type BijectorResult } from "./bijector";
import { ShapeError } from "./errors";

export interface AutoregressiveOptions {
  /** Hidden widths of the MADE conditioner. Default [64, 64]. */
  hidden?: number[];
  /** The autoregressive order, a permutation of 0 … D − 1. Default identity [0, 1, …, D − 1]. */
  order?: number[];
  /** The MADE's masks, exercise (g)'s madeMasks(dim, hidden, 2) (the library computes none). */
  masks: number[][][];
  /** Seed for the conditioner's initial weights. Default 0. */
  seed?: number;
}

export abstract class AutoregressiveLayer implements Bijector {
  readonly name: string;
  readonly dim: number;
  /** The MADE conditioner: R^D → R^(2D), [raw log-scale | shift]. Its last layer starts at zero. */
  readonly conditioner: Made;
  /** The order, first to last. */
  readonly order: number[];

  protected constructor(readonly kind: string, dim: number, options: AutoregressiveOptions) {
    if (!Number.isInteger(dim) || dim < 1) throw new ShapeError(`${kind}: 'dim' must be a positive integer; got ${dim}.`);
    this.dim = dim;
    this.conditioner = new Made({ inputDim: dim, outputsPerDim: 2, hidden: options.hidden, order: options.order, masks: options.masks, seed: options.seed });
    this.order = this.conditioner.order;
    const isIdentity = this.order.every((v, i) => v === identityOrder(dim)[i]);
    this.name = isIdentity ? `${kind}(dim=${dim})` : `${kind}(dim=${dim}, order=[${this.order.join(",")}])`;
  }

  /** s = tanh(raw) and t, each [batch, D]; s_i and t_i depend only on v's coordinates before i in the order. */
  scaleAndShift(v: tf.Tensor2D): { s: tf.Tensor2D; t: tf.Tensor2D } {
    const [raw, t] = tf.split(this.conditioner.apply(v), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { s: tf.tanh(raw), t };
  }

  /** The number of conditioner passes one direction takes: 1, or D for the sequential one. */
  abstract passes(direction: "forward" | "inverse"): number;

  abstract forward(x: tf.Tensor2D): BijectorResult;
  abstract inverse(z: tf.Tensor2D): BijectorResult;

  /** Validates a forward/inverse input and names the method in the error. */
  protected checkInput(v: unknown, method: "forward" | "inverse"): asserts v is tf.Tensor2D {
    assertBatch(v, this.dim, `${this.kind}.${method}`, method === "forward" ? "x" : "z");
  }

  trainableVariables(): tf.Variable[] {
    return this.conditioner.variables;
  }

  dispose(): void {
    this.conditioner.dispose();
  }
}
