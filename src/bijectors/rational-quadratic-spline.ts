/**
 * The monotonic rational-quadratic spline of Neural Spline Flows (Durkan, Bekasov, Murray &
 * Papamakarios, 2019, §3.1 and Appendix A), applied elementwise, with identity tails.
 *
 * On [−B, B] the spline has K bins with knots (x_k, y_k), k = 0 … K, from x_0 = y_0 = −B to
 * x_K = y_K = B, and positive derivatives δ_k at the knots (δ_0 = δ_K = 1, so the spline meets the
 * identity tails with slope 1). Outside [−B, B] it is the identity, with log-derivative 0.
 * In bin k, with w_k = x_{k+1} − x_k, h_k = y_{k+1} − y_k, s_k = h_k / w_k and ξ = (x − x_k)/w_k ∈ [0, 1]:
 *
 *   y = y_k + h_k [s_k ξ² + δ_k ξ(1−ξ)] / [s_k + (δ_{k+1} + δ_k − 2 s_k) ξ(1−ξ)]
 *
 *   dy/dx = s_k² [δ_{k+1} ξ² + 2 s_k ξ(1−ξ) + δ_k (1−ξ)²] / [s_k + (δ_{k+1} + δ_k − 2 s_k) ξ(1−ξ)]²
 *
 * Inverse (y → x, bin found on the y knots): ξ is the root in [0, 1] of a ξ² + b ξ + c = 0 with
 *
 *   a = h_k (s_k − δ_k) + (y − y_k)(δ_{k+1} + δ_k − 2 s_k)
 *   b = h_k δ_k − (y − y_k)(δ_{k+1} + δ_k − 2 s_k)
 *   c = −s_k (y − y_k)
 *
 * taken in the numerically stable form ξ = 2c / (−b − √(b² − 4ac)) (no cancellation, and no
 * division by a, which is 0 when the bin is linear); then x = x_k + ξ w_k and the inverse's
 * log-derivative is −log dy/dx at that ξ.
 *
 * Parameters come unconstrained, per element, from a network:
 *   widths  w = minBinWidth  + (1 − K·minBinWidth)  softmax(rawWidths)  · 2B     ([…, K])
 *   heights h = minBinHeight + (1 − K·minBinHeight) softmax(rawHeights) · 2B     ([…, K])
 *   interior derivatives δ_1 … δ_{K−1} = minDerivative + softplus(rawDerivatives + c), ([…, K − 1])
 * with c = log(e^{1 − minDerivative} − 1), so all-zero raw parameters give the identity map.
 *
 * The bin is chosen with comparisons and a one-hot sum, not `tf.gather`: gather's gradient needs
 * UnsortedSegmentSum, which the wasm backend lacks, and this runs inside training.
 *
 * Shapes: inputs [N, D]; raw parameters [N, D, K], [N, D, K], [N, D, K − 1];
 * outputs [N, D] and the elementwise log|dy/dx| [N, D] (of the map applied: forward or inverse).
 *
 * @example
 *   const { outputs, logDerivative } = rationalQuadraticSpline(x, { rawWidths, rawHeights, rawDerivatives }, { bound: 4 });
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "./errors";

export interface SplineSettings {
  /** B: the spline acts on [−B, B]; identity outside. Default 4. */
  bound?: number;
  minBinWidth?: number;
  minBinHeight?: number;
  minDerivative?: number;
}

export const SPLINE_DEFAULTS: Required<SplineSettings> = { bound: 4, minBinWidth: 1e-3, minBinHeight: 1e-3, minDerivative: 1e-3 };

export interface RawSplineParams {
  /** [N, D, K] */
  rawWidths: tf.Tensor3D;
  /** [N, D, K] */
  rawHeights: tf.Tensor3D;
  /** [N, D, K − 1], the interior knots' derivatives. */
  rawDerivatives: tf.Tensor3D;
}

/** The spline's knots and derivatives, each [N, D, K + 1]: xs, ys from −B to B, derivatives ≥ minDerivative. */
export interface SplineKnots {
  xs: tf.Tensor3D;
  ys: tf.Tensor3D;
  derivatives: tf.Tensor3D;
}

/** Per bin, each [N, D, K]: the lower knots, the sizes, and the derivatives at both ends. */
interface SplineBins {
  xLow: tf.Tensor;
  widths: tf.Tensor;
  yLow: tf.Tensor;
  heights: tf.Tensor;
  dLow: tf.Tensor;
  dHigh: tf.Tensor;
}

function checkParams(params: RawSplineParams, settings: Required<SplineSettings>): number[] {
  const { rawWidths, rawHeights, rawDerivatives } = params;
  const [n, d, k] = rawWidths.shape;
  if (rawHeights.shape.join() !== `${n},${d},${k}` || rawDerivatives.shape.join() !== `${n},${d},${k - 1}`) {
    throw new ShapeError(
      `rationalQuadraticSpline: parameters must be [N, D, K], [N, D, K], [N, D, K − 1]; got [${rawWidths.shape}], [${rawHeights.shape}], [${rawDerivatives.shape}].`,
    );
  }
  if (settings.minBinWidth * k >= 1 || settings.minBinHeight * k >= 1) {
    throw new ShapeError(`rationalQuadraticSpline: K · minBinWidth and K · minBinHeight must be < 1; got K = ${k}, ${settings.minBinWidth}, ${settings.minBinHeight}.`);
  }
  return [n, d, k];
}

/**
 * Bins from unconstrained parameters. Sizes come from a softmax, the lower knots from an
 * exclusive cumulative sum, so x_0 = y_0 = −B exactly; the top knot is −B + Σ sizes = B up to
 * float32 rounding. Few ops on purpose: on CPU backends a training step's cost is mostly the
 * per-op overhead, not the arithmetic.
 */
function binsFromRaw(params: RawSplineParams, settings: Required<SplineSettings>): SplineBins {
  const { bound, minBinWidth, minBinHeight, minDerivative } = settings;
  const [n, d, k] = checkParams(params, settings);
  const sizes = (raw: tf.Tensor3D, minSize: number) => tf.add(2 * bound * minSize, tf.mul(2 * bound * (1 - minSize * k), tf.softmax(raw, -1)));
  const widths = sizes(params.rawWidths, minBinWidth);
  const heights = sizes(params.rawHeights, minBinHeight);
  const shift = Math.log(Math.expm1(1 - minDerivative));
  const interior = tf.add(minDerivative, tf.softplus(tf.add(params.rawDerivatives, shift)));
  const ones = tf.ones([n, d, 1]);
  return {
    xLow: tf.sub(tf.cumsum(widths, 2, true), bound),
    widths,
    yLow: tf.sub(tf.cumsum(heights, 2, true), bound),
    heights,
    dLow: tf.concat([ones, interior], 2),
    dHigh: tf.concat([interior, ones], 2),
  };
}

function binsFromKnots(knots: SplineKnots): SplineBins {
  const [n, d, k1] = knots.xs.shape;
  const lower = (t: tf.Tensor3D) => tf.slice(t, [0, 0, 0], [n, d, k1 - 1]);
  const upper = (t: tf.Tensor3D) => tf.slice(t, [0, 0, 1], [n, d, k1 - 1]);
  return {
    xLow: lower(knots.xs),
    widths: tf.sub(upper(knots.xs), lower(knots.xs)),
    yLow: lower(knots.ys),
    heights: tf.sub(upper(knots.ys), lower(knots.ys)),
    dLow: lower(knots.derivatives),
    dHigh: upper(knots.derivatives),
  };
}

/** Knots from unconstrained parameters (see the file comment), each [N, D, K + 1]. Call inside tf.tidy. */
export function splineKnots(params: RawSplineParams, settings: SplineSettings = {}): SplineKnots {
  const full = { ...SPLINE_DEFAULTS, ...settings };
  const b = binsFromRaw(params, full);
  const [n, d] = params.rawWidths.shape;
  const top = tf.fill([n, d, 1], full.bound);
  return {
    xs: tf.concat([b.xLow, top], 2) as tf.Tensor3D,
    ys: tf.concat([b.yLow, top], 2) as tf.Tensor3D,
    derivatives: tf.concat([b.dLow, tf.ones([n, d, 1])], 2) as tf.Tensor3D,
  };
}

/**
 * The spline (or its inverse) elementwise, with identity tails outside [−B, B].
 * Call inside tf.tidy (or a gradient function).
 */
export function rationalQuadraticSpline(
  inputs: tf.Tensor2D,
  params: RawSplineParams | SplineKnots,
  options: SplineSettings & { inverse?: boolean } = {},
): { outputs: tf.Tensor2D; logDerivative: tf.Tensor2D } {
  const settings = { ...SPLINE_DEFAULTS, ...options };
  const { bound } = settings;
  const bins = "xs" in params ? binsFromKnots(params) : binsFromRaw(params, settings);
  const [n, d, k] = bins.widths.shape;
  if (inputs.shape.join() !== `${n},${d}`) {
    throw new ShapeError(`rationalQuadraticSpline: 'inputs' must be [${n}, ${d}] to match the parameters; got [${inputs.shape}].`);
  }

  // inside = 1 on [−B, B], 0 in the tails (comparisons only with greaterEqual: it has a gradient).
  const inside = tf.mul(tf.cast(tf.greaterEqual(inputs, -bound), "float32"), tf.cast(tf.greaterEqual(bound, inputs), "float32"));
  const v = tf.reshape(tf.clipByValue(inputs, -bound, bound), [n, d, 1]);

  // One-hot bin: bin k when v ≥ knot_k and not v ≥ knot_{k+1} (the last bin includes B itself).
  const atOrAbove = tf.cast(tf.greaterEqual(v, options.inverse ? bins.yLow : bins.xLow), "float32"); // [N, D, K]; the first is always 1
  const oneHot = tf.sub(atOrAbove, tf.concat([tf.slice(atOrAbove, [0, 0, 1], [n, d, k - 1]), tf.zeros([n, d, 1])], 2));
  // Pick all six per-bin quantities of the chosen bin at once: [N, D, 6, K] · one-hot → six [N, D, 1].
  const stacked = tf.stack([bins.xLow, bins.widths, bins.yLow, bins.heights, bins.dLow, bins.dHigh], 2);
  const [xk, wk, yk, hk, dk, dk1] = tf.split(tf.sum(tf.mul(stacked, tf.expandDims(oneHot, 2)), 3), 6, 2);
  const sk = tf.div(hk, wk);
  const curvature = tf.sub(tf.add(dk1, dk), tf.mul(2, sk)); // δ_{k+1} + δ_k − 2 s_k

  let xi: tf.Tensor;
  let out: tf.Tensor;
  let xi1m: tf.Tensor;
  let denominator: tf.Tensor;
  if (options.inverse) {
    const dy = tf.sub(v, yk);
    const dyCurvature = tf.mul(dy, curvature);
    const a = tf.add(tf.mul(hk, tf.sub(sk, dk)), dyCurvature);
    const b = tf.sub(tf.mul(hk, dk), dyCurvature);
    const c = tf.mul(tf.neg(sk), dy);
    const discriminant = tf.relu(tf.sub(tf.square(b), tf.mul(4, tf.mul(a, c))));
    xi = tf.clipByValue(tf.div(tf.mul(2, c), tf.sub(tf.neg(b), tf.sqrt(discriminant))), 0, 1);
    out = tf.add(xk, tf.mul(xi, wk));
    xi1m = tf.mul(xi, tf.sub(1, xi));
    denominator = tf.add(sk, tf.mul(curvature, xi1m));
  } else {
    xi = tf.clipByValue(tf.div(tf.sub(v, xk), wk), 0, 1);
    xi1m = tf.mul(xi, tf.sub(1, xi));
    denominator = tf.add(sk, tf.mul(curvature, xi1m));
    const numerator = tf.mul(hk, tf.add(tf.mul(sk, tf.square(xi)), tf.mul(dk, xi1m)));
    out = tf.add(yk, tf.div(numerator, denominator));
  }
  const derivativeNumerator = tf.mul(
    tf.square(sk),
    tf.add(tf.add(tf.mul(dk1, tf.square(xi)), tf.mul(tf.mul(2, sk), xi1m)), tf.mul(dk, tf.square(tf.sub(1, xi)))),
  );
  const logSlope = tf.reshape(tf.sub(tf.log(derivativeNumerator), tf.mul(2, tf.log(denominator))), [n, d]);

  // Tails: the identity, log-derivative 0.
  const outputs = tf.add(inputs, tf.mul(inside, tf.sub(tf.reshape(out, [n, d]), inputs))) as tf.Tensor2D;
  const logDerivative = tf.mul(inside, options.inverse ? tf.neg(logSlope) : logSlope) as tf.Tensor2D;
  return { outputs, logDerivative };
}
