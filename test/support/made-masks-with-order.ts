/**
 * Instructor-only (never released): the reference MADE masks for any autoregressive order, which
 * the library's tests use to build MADEs and MAF layers in other orders than exercise (g)'s.
 *
 * MADE's degree-based masks (Germain, Gregor, Murray & Larochelle, 2015, "MADE: Masked
 * Autoencoder for Distribution Estimation", §4), in plain JavaScript numbers.
 *
 * Every unit gets a degree, the number of inputs (in the autoregressive order) it may see:
 *
 *   inputs:        m⁰(j) = position of input j in `order`, plus 1            ∈ {1 … D}
 *   hidden layer ℓ: mˡ(k) = min(mˡ⁻¹) + (k mod (D − min(mˡ⁻¹)))            ∈ {min(mˡ⁻¹) … D − 1}
 *   outputs:       the output for input d has the degree of input d
 *
 * A connection is kept when it cannot carry information from an input to an output of the same
 * or a lower degree:
 *
 *   hidden layers:  M^ℓ[k'][k] = 1  if  mˡ(k) ≥ mˡ⁻¹(k')        (≥: a hidden unit may see its own degree)
 *   output layer:   M^L[k'][c] = 1  if  m⁰(d(c)) > m^{L−1}(k')     (>: output d sees only inputs before d)
 *
 * Then ∂ output_d / ∂ x_j = 0 whenever m⁰(j) ≥ m⁰(d): output d depends on the inputs strictly
 * before d in the order, so the Jacobian of an autoregressive layer built on it is triangular.
 *
 * The output layer has `outputsPerDim · D` columns, in blocks: column c = p·D + d is parameter p
 * (e.g. p = 0 the log-scale, p = 1 the shift) of input d, so `tf.split(out, outputsPerDim, 1)`
 * gives one [batch, D] tensor per parameter.
 *
 * Hidden degrees are assigned cyclically (Germain et al.'s deterministic variant), not at random:
 * every degree in {1 … D − 1} appears as long as a layer has ≥ D − 1 units, and a mask depends on
 * nothing but its arguments.
 *
 * @example
 *   const degrees = madeDegrees(3, [4]);      // [[1,2,3], [1,2,1,2]]
 *   const masks = madeMasks(3, [4], 2);       // masks[0]: [3][4], masks[1]: [4][6]
 */
import { ShapeError } from "../../src/bijectors/errors";
import { identityOrder, validateOrder } from "../../src/nn/made-masks";
export { identityOrder, maskConnectivity, validateOrder } from "../../src/nn/made-masks";

/** m⁰: the degree of each input, 1 … D; input order[k] gets degree k + 1. */
export function inputDegrees(dim: number, order: readonly number[] = identityOrder(dim)): number[] {
  const o = validateOrder(order, dim, "inputDegrees");
  const degrees = new Array<number>(dim);
  o.forEach((input, position) => (degrees[input] = position + 1));
  return degrees;
}

/**
 * The degrees of the inputs and of every hidden layer: [m⁰, m¹, …, m^{L−1}].
 * With D = 1 there is nothing to condition on; hidden units get degree 1 and no output sees them.
 */
export function madeDegrees(dim: number, hidden: readonly number[], order: readonly number[] = identityOrder(dim)): number[][] {
  checkSizes(dim, hidden, 1, "madeDegrees");
  const degrees = [inputDegrees(dim, order)];
  for (const width of hidden) {
    const low = Math.min(...degrees[degrees.length - 1]);
    const span = Math.max(1, dim - low);
    degrees.push(Array.from({ length: width }, (_, k) => Math.min(low + (k % span), Math.max(1, dim - 1))));
  }
  return degrees;
}

/**
 * The 0/1 masks of a MADE with `hidden` widths, one per weight matrix, each [fanIn][fanOut]:
 * masks[ℓ] multiplies W_ℓ elementwise. The last one has outputsPerDim · D columns (see above).
 */
export function madeMasks(dim: number, hidden: readonly number[], outputsPerDim = 1, order: readonly number[] = identityOrder(dim)): number[][][] {
  checkSizes(dim, hidden, outputsPerDim, "madeMasks");
  const degrees = madeDegrees(dim, hidden, order);
  const masks: number[][][] = [];
  for (let l = 1; l < degrees.length; l++) {
    const [prev, next] = [degrees[l - 1], degrees[l]];
    masks.push(prev.map((mPrev) => next.map((m) => (m >= mPrev ? 1 : 0))));
  }
  const last = degrees[degrees.length - 1];
  const out = degrees[0];
  masks.push(last.map((mPrev) => Array.from({ length: outputsPerDim * dim }, (_, c) => (out[c % dim] > mPrev ? 1 : 0))));
  return masks;
}

function checkSizes(dim: number, hidden: readonly number[], outputsPerDim: number, where: string): void {
  if (!Number.isInteger(dim) || dim < 1) throw new ShapeError(`${where}: 'dim' must be a positive integer; got ${dim}.`);
  if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new ShapeError(`${where}: 'hidden' must be an array of positive integers; got ${JSON.stringify(hidden)}.`);
  }
  if (!Number.isInteger(outputsPerDim) || outputsPerDim < 1) {
    throw new ShapeError(`${where}: 'outputsPerDim' must be a positive integer; got ${outputsPerDim}.`);
  }
}
