/**
 * The grader's own float64 logit pre-processing of the image likelihood (the fixed layer of
 * src/bijectors/image/logit.ts, RealNVP §4.1), applied by the grader to the held-out points so that
 * its log-det is exact and its finite differences are taken only through the student's layers:
 *
 *   p = α + (1 − 2α) y,   x = logit(p) = log p − log(1 − p)
 *   log|dx/dy| = log(1 − 2α) − log p − log(1 − p)      per pixel, summed over the row
 *
 * Why the grader and not the subject: α = 1e-5 puts the background pixels (y < 1/256) at
 * p ≈ 1e-5 … 4e-3, where a finite-difference step of 1e-4 in y would leave (0, 1) or be larger than
 * p itself; in x the flow is linear and smooth, and the grader's steps are relative to |x|.
 * The likelihood is unchanged: log p_Y(y) = log p_X(logit(p)) + Σ log|dx/dy|.
 */

/** logit(α + (1 − 2α) y) of every pixel of a row. */
export function graderLogit(row: readonly number[], alpha: number): number[] {
  checkAlpha(alpha);
  return row.map((y) => {
    const p = alpha + (1 - 2 * alpha) * y;
    return Math.log(p) - Math.log1p(-p);
  });
}

/** Σ_i log|dx_i/dy_i| of one row y: the logit's exact log-det, nats. */
export function graderLogitLogDet(row: readonly number[], alpha: number): number {
  checkAlpha(alpha);
  return row.reduce((s, y) => {
    const p = alpha + (1 - 2 * alpha) * y;
    return s + Math.log1p(-2 * alpha) - Math.log(p) - Math.log1p(-p);
  }, 0);
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`logit: 'alpha' must be in (0, 0.5); got ${alpha}.`);
}
