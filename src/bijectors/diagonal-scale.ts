/**
 * A learnable per-dimension scaling, the last layer of NICE (Dinh et al., 2014, §3.3):
 * additive couplings preserve volume, so without it a NICE flow cannot change density scale.
 *
 *   forward:  z = x ⊙ exp(s),   log|det J| = Σ_j s_j      (the same for every row)
 *   inverse:  x = z ⊙ exp(−s),  log|det J| = −Σ_j s_j
 *
 * `s` starts at 0, so the layer starts as the identity.
 */
import * as tf from "@tensorflow/tfjs";
import { trainableVariable } from "../nn/variable";
import { assertBatch, sameForEveryRow, type Bijector, type BijectorResult } from "./bijector";

export class DiagonalScale implements Bijector {
  readonly name: string;
  /** The log-scales s, shape [D]. */
  readonly logScale: tf.Variable<tf.Rank.R1>;

  constructor(readonly dim: number) {
    this.name = `DiagonalScale(${dim})`;
    this.logScale = trainableVariable(() => tf.zeros([dim]) as tf.Tensor1D, "diagonal_scale");
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, `${this.name}.forward`);
    return this.scale(x, 1);
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, `${this.name}.inverse`, "z");
    return this.scale(z, -1);
  }

  private scale(v: tf.Tensor2D, sign: 1 | -1): BijectorResult {
    return tf.tidy(() => {
      const s = tf.mul(this.logScale, sign);
      return { output: tf.mul(v, tf.exp(s)) as tf.Tensor2D, logDet: sameForEveryRow(tf.sum(s), v.shape[0]) };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.logScale];
  }

  dispose(): void {
    this.logScale.dispose();
  }
}
