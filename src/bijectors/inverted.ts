/**
 * The inverse of a bijector, as a bijector: for b mapping x → z,
 *
 *   Inverted(b).forward(z) = b.inverse(z),   Inverted(b).inverse(x) = b.forward(x)
 *
 * with each direction's log-det as b returns it (log|det ∂b⁻¹/∂z| is the forward log-det of the
 * inverted map). The variables are b's; disposing disposes b.
 *
 * @example
 *   const iaf = new Inverted(new mine.AffineMAF(2), "IAF");   // sampling in one pass
 */
import type * as tf from "@tensorflow/tfjs";
import type { Bijector, BijectorResult } from "./bijector";

export class Inverted implements Bijector {
  readonly name: string;
  readonly dim: number;

  constructor(readonly inner: Bijector, name = `Inverted(${inner.name})`) {
    if (!inner || typeof inner.forward !== "function" || typeof inner.inverse !== "function") throw new TypeError(`Inverted: 'inner' must be a Bijector (with forward and inverse); got ${inner === null ? "null" : typeof inner}.`);
    this.name = name;
    this.dim = inner.dim;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    return this.inner.inverse(x);
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    return this.inner.forward(z);
  }

  trainableVariables(): tf.Variable[] {
    return this.inner.trainableVariables();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
