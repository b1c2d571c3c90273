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

/** Knots from unconstrained parameters (see the file comment). Call inside tf.tidy. */
export function splineKnots(params: RawSplineParams, settings: SplineSettings = {}): SplineKnots {
  const { bound, minBinWidth, minBinHeight, minDerivative } = { ...SPLINE_DEFAULTS, ...settings };
  const { rawWidths, rawHeights, rawDerivatives } = params;
  const [n, d, k] = rawWidths.shape;
  if (rawHeights.shape.join() !== `${n},${d},${k}` || rawDerivatives.shape.join() !== `${n},${d},${k - 1}`) {
    throw new ShapeError(
      `rationalQuadraticSpline: parameters must be [N, D, K], [N, D, K], [N, D, K − 1]; got [${rawWidths.shape}], [${rawHeights.shape}], [${rawDerivatives.shape}].`,
    );
  }
  if (minBinWidth * k >= 1 || minBinHeight * k >= 1) {
    throw new ShapeError(`rationalQuadraticSpline: K · minBinWidth and K · minBinHeight must be < 1; got K = ${k}, ${minBinWidth}, ${minBinHeight}.`);
  }
  const knots = (raw: tf.Tensor3D, minSize: number): tf.Tensor3D => {
    const sizes = tf.add(minSize, tf.mul(1 - minSize * k, tf.softmax(raw, -1)));
    // Interior knots −B + 2B·cumsum, the end knots set to exactly ±B.
    const interior = tf.slice(tf.sub(tf.mul(tf.cumsum(sizes, 2), 2 * bound), bound), [0, 0, 0], [n, d, k - 1]);
    return tf.concat([tf.fill([n, d, 1], -bound), interior, tf.fill([n, d, 1], bound)], 2) as tf.Tensor3D;
  };
  const shift = Math.log(Math.expm1(1 - minDerivative));
  const interiorDerivatives = tf.add(minDerivative, tf.softplus(tf.add(rawDerivatives, shift)));
  const ones = tf.ones([n, d, 1]);
  return { xs: knots(rawWidths, minBinWidth), ys: knots(rawHeights, minBinHeight), derivatives: tf.concat([ones, interiorDerivatives, ones], 2) as tf.Tensor3D };
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
  const { bound } = { ...SPLINE_DEFAULTS, ...options };
  const knots = "xs" in params ? params : splineKnots(params, options);
  const [n, d, k1] = knots.xs.shape;
  if (inputs.shape.join() !== `${n},${d}`) {
    throw new ShapeError(`rationalQuadraticSpline: 'inputs' must be [${n}, ${d}] to match the parameters; got [${inputs.shape}].`);
  }
  const k = k1 - 1;
  const lower = (t: tf.Tensor3D) => tf.slice(t, [0, 0, 0], [n, d, k]);
  const upper = (t: tf.Tensor3D) => tf.slice(t, [0, 0, 1], [n, d, k]);

  // inside = 1 on [−B, B], 0 in the tails (comparisons only with greaterEqual: it has a gradient).
  const inside = tf.mul(tf.cast(tf.greaterEqual(inputs, -bound), "float32"), tf.cast(tf.greaterEqual(bound, inputs), "float32"));
  const v = tf.expandDims(tf.clipByValue(inputs, -bound, bound), 2); // [N, D, 1]

  // One-hot bin: bin k when v ≥ knot_k and not v ≥ knot_{k+1} (the last bin includes B itself).
  const searchKnots = options.inverse ? knots.ys : knots.xs;
  const atOrAbove = tf.cast(tf.greaterEqual(v, lower(searchKnots)), "float32"); // [N, D, K]; the first is always 1
  const nextAtOrAbove = tf.concat([tf.slice(atOrAbove, [0, 0, 1], [n, d, k - 1]), tf.zeros([n, d, 1])], 2);
  const oneHot = tf.sub(atOrAbove, nextAtOrAbove);
  const pick = (t: tf.Tensor) => tf.sum(tf.mul(t, oneHot), 2); // [N, D]

  const xk = pick(lower(knots.xs));
  const yk = pick(lower(knots.ys));
  const wk = pick(tf.sub(upper(knots.xs), lower(knots.xs)));
  const hk = pick(tf.sub(upper(knots.ys), lower(knots.ys)));
  const dk = pick(lower(knots.derivatives));
  const dk1 = pick(upper(knots.derivatives));
  const sk = tf.div(hk, wk);
  const curvature = tf.sub(tf.add(dk1, dk), tf.mul(2, sk)); // δ_{k+1} + δ_k − 2 s_k
  const vc = tf.squeeze(v, [2]);

  let xi: tf.Tensor;
  let y: tf.Tensor;
  if (options.inverse) {
    const dy = tf.sub(vc, yk);
    const a = tf.add(tf.mul(hk, tf.sub(sk, dk)), tf.mul(dy, curvature));
    const b = tf.sub(tf.mul(hk, dk), tf.mul(dy, curvature));
    const c = tf.mul(tf.neg(sk), dy);
    const discriminant = tf.relu(tf.sub(tf.square(b), tf.mul(4, tf.mul(a, c))));
    xi = tf.clipByValue(tf.div(tf.mul(2, c), tf.sub(tf.neg(b), tf.sqrt(discriminant))), 0, 1);
    y = tf.add(xk, tf.mul(xi, wk)); // here "y" is the output: x
  } else {
    xi = tf.clipByValue(tf.div(tf.sub(vc, xk), wk), 0, 1);
    const xi1m = tf.mul(xi, tf.sub(1, xi));
    const numerator = tf.mul(hk, tf.add(tf.mul(sk, tf.square(xi)), tf.mul(dk, xi1m)));
    y = tf.add(yk, tf.div(numerator, tf.add(sk, tf.mul(curvature, xi1m))));
  }
  const xi1m = tf.mul(xi, tf.sub(1, xi));
  const denominator = tf.add(sk, tf.mul(curvature, xi1m));
  const derivativeNumerator = tf.mul(
    tf.square(sk),
    tf.add(tf.add(tf.mul(dk1, tf.square(xi)), tf.mul(tf.mul(2, sk), xi1m)), tf.mul(dk, tf.square(tf.sub(1, xi)))),
  );
  const logSlope = tf.sub(tf.log(derivativeNumerator), tf.mul(2, tf.log(denominator)));

  const outside = tf.sub(1, inside);
  const outputs = tf.add(tf.mul(inside, y), tf.mul(outside, inputs)) as tf.Tensor2D;
  const logDerivative = tf.mul(inside, options.inverse ? tf.neg(logSlope) : logSlope) as tf.Tensor2D;
  return { outputs, logDerivative };
}
