/**
 * A rational-quadratic spline coupling layer (Durkan et al., 2019, "Neural Spline Flows"): the
 * affine map of RealNVP replaced by a monotonic rational-quadratic spline with K bins on
 * [−B, B] and identity tails (see rational-quadratic-spline.ts for the spline's formulas).
 *
 * With mask b (1 = kept, 0 = transformed) and the conditioner θ = NN(b ⊙ x), which gives each
 * coordinate 3K − 1 numbers (K widths, K heights, K − 1 interior derivatives):
 *
 *   forward  (data → latent):  z = b ⊙ x + (1 − b) ⊙ RQS_θ(x)
 *   inverse  (latent → data):  x = b ⊙ z + (1 − b) ⊙ RQS_θ⁻¹(z),   θ = NN(b ⊙ z) = NN(b ⊙ x)
 *
 *   forward log-det:  Σ_j (1 − b_j) log RQS′_θ(x_j)          (0 in the tails)
 *   inverse log-det:  −Σ_j (1 − b_j) log RQS′_θ(x_j) at the reconstructed x
 *
 * The conditioner's last layer starts at zero, and zero parameters give equal bins and unit
 * derivatives: a fresh layer is the identity, like the other couplings.
 *
 * @example
 *   const layer = new SplineCoupling([1, 0], { bins: 8, bound: 4, hidden: [64, 64], seed: 0 });
 *   const { output: z, logDet } = layer.forward(x);
 */
import * as tf from "@tensorflow/tfjs";
import type { BijectorResult } from "./bijector";
import { ShapeError } from "./errors";
import { MaskedCoupling, type CouplingOptions } from "./masked-coupling";
import { rationalQuadraticSpline, SPLINE_DEFAULTS, type RawSplineParams, type SplineSettings } from "./rational-quadratic-spline";

export interface SplineCouplingOptions extends CouplingOptions, SplineSettings {
  /** K, the number of bins. Default 8. */
  bins?: number;
}

export class SplineCoupling extends MaskedCoupling {
  readonly bins: number;
  readonly settings: Required<SplineSettings>;

  constructor(mask: number[], options: SplineCouplingOptions = {}) {
    const bins = options.bins ?? 8;
    if (!Number.isInteger(bins) || bins < 2) throw new ShapeError(`SplineCoupling: 'bins' must be an integer ≥ 2; got ${bins}.`);
    super("SplineCoupling", mask, 3 * bins - 1, options);
    this.bins = bins;
    this.settings = { ...SPLINE_DEFAULTS, ...pickSettings(options) };
    if (!(this.settings.bound > 0)) throw new ShapeError(`SplineCoupling: 'bound' must be positive; got ${this.settings.bound}.`);
  }

  /** The conditioner's raw spline parameters from the kept part v = b ⊙ x: [N, D, K], [N, D, K], [N, D, K − 1]. */
  splineParams(v: tf.Tensor2D): RawSplineParams {
    const [n, d, k] = [v.shape[0], this.dim, this.bins];
    const raw = tf.reshape(this.conditioner.apply(v), [n, d, 3 * k - 1]);
    const [rawWidths, rawHeights, rawDerivatives] = tf.split(raw, [k, k, k - 1], 2) as tf.Tensor3D[];
    return { rawWidths, rawHeights, rawDerivatives };
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      const { output, logDet } = this.couple(x, false);
      return { output, logDet };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      const { output, logDet } = this.couple(z, true);
      return { output, logDet };
    });
  }

  /**
   * Kept coordinates pass through; the others go through the spline (or its inverse): each output
   * entry is selected (tf.where) from v or from the spline, and the log-det is the spline's
   * log-derivatives summed over the transformed columns (a product with the column vector 1 − b).
   */
  private couple(v: tf.Tensor2D, inverse: boolean): BijectorResult {
    const params = this.splineParams(tf.mul(v, this.mask) as tf.Tensor2D);
    const { outputs, logDerivative } = rationalQuadraticSpline(v, params, { ...this.settings, inverse });
    const keptEntries = tf.tile(tf.reshape(tf.cast(this.mask, "bool"), [1, this.dim]), [v.shape[0], 1]);
    const output = tf.where(keptEntries, v, outputs) as tf.Tensor2D;
    const transformedColumns = tf.reshape(this.inverseMask, [this.dim, 1]) as tf.Tensor2D;
    return { output, logDet: tf.reshape(tf.matMul(logDerivative as tf.Tensor2D, transformedColumns), [-1]) as tf.Tensor1D };
  }
}

function pickSettings(o: SplineSettings): SplineSettings {
  const out: SplineSettings = {};
  for (const key of ["bound", "minBinWidth", "minBinHeight", "minDerivative"] as const) if (o[key] !== undefined) out[key] = o[key];
  return out;
}
