/**
 * The logit pre-processing layer of RealNVP (Dinh et al., 2017, §4.1) and Glow: a fixed bijector
 * that maps dequantized pixels y ∈ (0, 1)^D onto the whole real line before the flow proper.
 *
 *   forward  (data → latent):  p = α + (1 − 2α) y,   z = logit(p) = log p − log(1 − p)
 *   inverse  (latent → data):  p = σ(z) = 1 / (1 + e^(−z)),   y = (p − α) / (1 − 2α)
 *
 * The Jacobian is diagonal, ∂z_i/∂y_i = (1 − 2α) / (p_i (1 − p_i)), so
 *
 *   forward log-det:  Σ_i [ log(1 − 2α) − log p_i − log(1 − p_i) ]
 *   inverse log-det:  Σ_i [ log σ(z_i) + log(1 − σ(z_i)) − log(1 − 2α) ]
 *                   = Σ_i [ −softplus(−z_i) − softplus(z_i) − log(1 − 2α) ]   (stable for large |z|)
 *
 * Why it helps on images: dequantized pixels fill the box [0, 1)^D and pile up at its edge (on
 * these digits three quarters of all pixels are 0, so y = u/256 is within 1/256 of the boundary).
 * A flow maps a Gaussian, which has no edges, through smooth layers; making a density that drops
 * to zero at a wall and is tall just inside it costs it many layers. After the logit, the wall is
 * at −∞ and the background is a broad bump around logit(α + u/256) ≈ −6: a shape a Gaussian
 * reaches easily. α keeps p away from exactly 0 and 1 (finite logit; α = 1e-5 by default, as in
 * the measurements of issue 18; RealNVP used 0.05 on CIFAR). The layer has no parameters: its
 * log-det is part of the likelihood, so bits/dim stay exact.
 *
 * Rows in, rows out: [batch, D] → [batch, D], elementwise, so it applies to any image shape.
 *
 * @example
 *   const flow = new Chain([new Logit(196), multiscaleFlow({ shape, actNorm, invertibleConv, affineCoupling })]);
 *   const { output: z, logDet } = new Logit(196).forward(y);     // y: dequantized pixels in [0, 1)
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { ShapeError } from "../errors";

/** α of the logit layer: the default keeps logit(p) within about ±11.5. */
export const LOGIT_ALPHA = 1e-5;

export interface LogitOptions {
  /** α in p = α + (1 − 2α) y, 0 < α < 1/2. Default {@link LOGIT_ALPHA}. */
  alpha?: number;
}

export class Logit implements Bijector {
  readonly name: string;
  readonly alpha: number;

  constructor(readonly dim: number, options: LogitOptions = {}) {
    if (!Number.isInteger(dim) || dim < 1) throw new ShapeError(`Logit: 'dim' must be a positive integer; got ${dim}.`);
    const { alpha = LOGIT_ALPHA } = options;
    if (typeof alpha !== "number" || !(alpha > 0 && alpha < 0.5)) throw new RangeError(`Logit: 'alpha' must be a number in (0, 0.5); got ${alpha}.`);
    this.alpha = alpha;
    this.name = `Logit(α=${alpha})`;
  }

  forward(y: tf.Tensor2D): BijectorResult {
    assertBatch(y, this.dim, "Logit.forward", "y");
    return tf.tidy(() => {
      const p = tf.add(tf.mul(y, 1 - 2 * this.alpha), this.alpha);
      const logP = tf.log(p);
      const log1mP = tf.log1p(tf.neg(p));
      const perPixel = tf.sub(tf.neg(tf.add(logP, log1mP)), -Math.log(1 - 2 * this.alpha));
      return { output: tf.sub(logP, log1mP) as tf.Tensor2D, logDet: tf.sum(perPixel, 1) as tf.Tensor1D };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Logit.inverse", "z");
    return tf.tidy(() => {
      const y = tf.div(tf.sub(tf.sigmoid(z), this.alpha), 1 - 2 * this.alpha);
      const perPixel = tf.sub(tf.neg(tf.add(tf.softplus(tf.neg(z)), tf.softplus(z))), Math.log(1 - 2 * this.alpha));
      return { output: y as tf.Tensor2D, logDet: tf.sum(perPixel, 1) as tf.Tensor1D };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  dispose(): void {}
}
