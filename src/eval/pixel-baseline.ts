/**
 * The simplest model of images that is honest about their being discrete: every pixel position
 * on its own, with its own histogram of values, and no dependence between pixels.
 *
 *   P(x) = Π_i P_i(x_i),   P_i(k) = (n_i(k) + α) / (N + α·K)
 *
 * n_i(k): how many of the N training images have value k at position i; α = 1 is Laplace's
 * add-one smoothing, so that a value never seen at a position still has a finite cost. Its test
 * bits/dim, −(1/(N_test·D)) Σ log₂ P(x), is an exact discrete codelength (no dequantization, no
 * bound), a floor any flow worth training must beat: the gap is what the flow learns about how
 * pixels depend on each other (strokes, shapes, digits).
 *
 * @example
 *   const bpd = independentPixelBitsPerDim(digits.train, digits.test, digits.levels);
 */

/** Images as rows of integers: `images` holds count × dim values. */
export interface PixelRows {
  images: ArrayLike<number>;
  count: number;
  dim: number;
}

export function independentPixelBitsPerDim(train: PixelRows, test: PixelRows, levels: number, alpha = 1): number {
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`independentPixelBitsPerDim: 'levels' must be an integer ≥ 2; got ${levels}.`);
  if (!(alpha > 0)) throw new RangeError(`independentPixelBitsPerDim: 'alpha' must be positive; got ${alpha}.`);
  if (train.dim !== test.dim) throw new RangeError(`independentPixelBitsPerDim: train and test must have the same dim; got ${train.dim} and ${test.dim}.`);
  for (const [name, s] of [["train", train], ["test", test]] as const) {
    if (!(s.count >= 1) || s.images.length !== s.count * s.dim) {
      throw new RangeError(`independentPixelBitsPerDim: '${name}' must hold count × dim = ${s.count} × ${s.dim} values; got ${s.images.length}.`);
    }
  }
  const { dim } = train;
  const counts = new Float64Array(dim * levels);
  const value = (s: PixelRows, r: number, i: number): number => {
    const k = s.images[r * dim + i];
    if (!Number.isInteger(k) || k < 0 || k >= levels) throw new RangeError(`independentPixelBitsPerDim: pixels must be integers 0 … ${levels - 1}; got ${k}.`);
    return k;
  };
  for (let r = 0; r < train.count; r++) for (let i = 0; i < dim; i++) counts[i * levels + value(train, r, i)] += 1;
  const denominator = train.count + alpha * levels;
  let bits = 0;
  for (let r = 0; r < test.count; r++) {
    for (let i = 0; i < dim; i++) bits -= Math.log2((counts[i * levels + value(test, r, i)] + alpha) / denominator);
  }
  return bits / (test.count * dim);
}
