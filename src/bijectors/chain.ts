/**
 * Composition of bijectors: f = f_K ∘ … ∘ f_2 ∘ f_1, applied in list order.
 *
 *   forward:  x_0 = x,  x_k = f_k(x_{k−1}),  log|det J_f(x)| = Σ_k log|det J_{f_k}(x_{k−1})|
 *   inverse:  runs f_K⁻¹ … f_1⁻¹ (reversed list) and sums their log-dets the same way.
 *
 * Both directions use the one `cascade` below: the inverse is the same loop over the reversed
 * list, calling each part's `inverse`.
 *
 * @example
 *   const flow = new Chain([coupling1, Permutation.reverse(2), coupling2]);
 *   const { output: z, logDet } = flow.forward(x);
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch, type Bijector, type BijectorResult } from "./bijector";
import { ShapeError } from "./errors";

type Step = (b: Bijector, x: tf.Tensor2D) => BijectorResult;

export class Chain implements Bijector {
  readonly name: string;
  readonly dim: number;

  constructor(readonly bijectors: readonly Bijector[]) {
    if (!Array.isArray(bijectors) || bijectors.length === 0) {
      throw new ShapeError(`Chain: 'bijectors' must be a non-empty array; got ${Array.isArray(bijectors) ? "[]" : typeof bijectors}.`);
    }
    this.dim = bijectors[0].dim;
    bijectors.forEach((b, i) => {
      if (b.dim !== this.dim) {
        throw new ShapeError(`Chain: every bijector must have dimension ${this.dim} (that of bijectors[0]); bijectors[${i}] (${b.name}) has ${b.dim}.`);
      }
    });
    this.name = `Chain(${bijectors.length})`;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, `${this.name}.forward`);
    return this.cascade(this.bijectors, x, (b, v) => b.forward(v));
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, `${this.name}.inverse`, "z");
    return this.cascade([...this.bijectors].reverse(), z, (b, v) => b.inverse(v));
  }

  /** Runs `parts` in order, threading the output and summing the log-dets. */
  private cascade(parts: readonly Bijector[], input: tf.Tensor2D, step: Step): BijectorResult {
    return tf.tidy(() => {
      let output = input;
      let logDet: tf.Tensor1D = tf.zeros([input.shape[0]]);
      for (const part of parts) {
        const r = step(part, output);
        output = r.output;
        logDet = tf.add(logDet, r.logDet);
      }
      return { output, logDet };
    });
  }

  /** The intermediate outputs x_0, x_1, …, x_K of the forward pass (for layer-by-layer plots). */
  forwardTrace(x: tf.Tensor2D): tf.Tensor2D[] {
    assertBatch(x, this.dim, `${this.name}.forwardTrace`);
    const trace: tf.Tensor2D[] = [x.clone()];
    try {
      for (const part of this.bijectors) {
        const r = part.forward(trace[trace.length - 1]);
        r.logDet.dispose();
        trace.push(r.output);
      }
    } catch (err) {
      tf.dispose(trace); // a layer threw: free the stages computed so far
      throw err;
    }
    return trace;
  }

  trainableVariables(): tf.Variable[] {
    return this.bijectors.flatMap((b) => b.trainableVariables());
  }

  dispose(): void {
    for (const b of this.bijectors) b.dispose();
  }
}
