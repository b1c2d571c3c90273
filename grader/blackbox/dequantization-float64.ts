/**
 * The grader's own float64 arithmetic for discrete data with K pixel levels (exercise (f) asks the
 * student for the same numbers; the grader measures with these, never with the student's code,
 * and the released library has no copy of them):
 *
 *   y = (x + u)/K                                          uniform dequantization
 *   bits/dim = (NLL_Y + D ln K)/(D ln 2) = NLL_Y/(D ln 2) + log₂ K
 *
 * NLL_Y is the mean −log p_Y of the dequantized, [0,1)-scaled data, nats per image.
 */

/** y = (x + u)/K for one pixel x and its noise u. */
export function graderDequantized(x: number, u: number, levels: number): number {
  return (x + u) / levels;
}

/** bits/dim of the pixels from NLL_Y (nats per image), D pixels, K levels. */
export function graderBitsPerDim(nllNats: number, dim: number, levels: number): number {
  return nllNats / dim / Math.LN2 + Math.log2(levels);
}
