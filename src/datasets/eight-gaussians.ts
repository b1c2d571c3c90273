/**
 * An equal mixture of 8 isotropic Gaussians on a circle of radius R = 2.
 *
 *   μ_k = R (cos 2πk/8, sin 2πk/8),  k = 0 … 7
 *   x = μ_k + σ ε,  k ~ U{0 … 7},  ε ~ N(0, I),  σ = 0.2
 *
 * Exact log-density, evaluated stably in float64 (log-sum-exp around the largest term):
 *
 *   log p(x) = logsumexp_k [ −log 8 − log(2πσ²) − |x − μ_k|² / (2σ²) ]
 *
 * The entropy H(p) = −E_p[log p(x)] has no closed form, so it is a Monte Carlo estimate:
 * the mean of −log p over EIGHT_GAUSSIANS_ENTROPY_SAMPLES draws from a fixed seed of its own
 * (independent of the dataset seed), ± 2 standard errors in `entropyNote`. It is computed on
 * the first call of `eightGaussians()` (tens of milliseconds) and cached, so importing is cheap.
 *
 *   const data = eightGaussians({ seed: 1 });
 *   data.logDensity!([[2, 0]]);   // ≈ [−0.689]: −log 8 − log(2π · 0.04), the peak of one component
 */
import { Rng } from "../random/prng";
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const EIGHT_GAUSSIANS_COUNT = 8;
export const EIGHT_GAUSSIANS_RADIUS = 2;
export const EIGHT_GAUSSIANS_STD = 0.2;
export const EIGHT_GAUSSIANS_ENTROPY_SAMPLES = 200_000;
export const EIGHT_GAUSSIANS_ENTROPY_SEED = 12345;

/** The 8 component means μ_k = R (cos 2πk/8, sin 2πk/8). */
export const EIGHT_GAUSSIANS_CENTERS: readonly Point[] = Array.from({ length: EIGHT_GAUSSIANS_COUNT }, (_, k) => {
  const angle = (2 * Math.PI * k) / EIGHT_GAUSSIANS_COUNT;
  return [EIGHT_GAUSSIANS_RADIUS * Math.cos(angle), EIGHT_GAUSSIANS_RADIUS * Math.sin(angle)] as Point;
});

/** Draws one point from the mixture: a uniform component, then isotropic Gaussian noise. */
function samplePoint(rng: Rng): Point {
  const [mx, my] = EIGHT_GAUSSIANS_CENTERS[rng.int(EIGHT_GAUSSIANS_COUNT)];
  return [mx + EIGHT_GAUSSIANS_STD * rng.normal(), my + EIGHT_GAUSSIANS_STD * rng.normal()];
}

/** −log 8 − log(2πσ²): the log-weight plus the Gaussian normaliser, shared by every component. */
const LOG_COMPONENT_CONSTANT =
  -Math.log(EIGHT_GAUSSIANS_COUNT) - Math.log(2 * Math.PI * EIGHT_GAUSSIANS_STD * EIGHT_GAUSSIANS_STD);
const INV_TWO_VARIANCE = 1 / (2 * EIGHT_GAUSSIANS_STD * EIGHT_GAUSSIANS_STD);

/** log p(x, y) for one point, by log-sum-exp over the 8 components (float64). */
function logDensityAt(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  const exponents = new Array<number>(EIGHT_GAUSSIANS_COUNT);
  let max = -Infinity;
  for (let k = 0; k < EIGHT_GAUSSIANS_COUNT; k++) {
    const [mx, my] = EIGHT_GAUSSIANS_CENTERS[k];
    const dx = x - mx;
    const dy = y - my;
    const a = -(dx * dx + dy * dy) * INV_TWO_VARIANCE;
    exponents[k] = a;
    if (a > max) max = a;
  }
  if (max === -Infinity) return -Infinity; // infinitely far from every centre
  let sum = 0;
  for (let k = 0; k < EIGHT_GAUSSIANS_COUNT; k++) sum += Math.exp(exponents[k] - max);
  return LOG_COMPONENT_CONSTANT + max + Math.log(sum);
}

/** The exact mixture log-density, one value per point. */
export function eightGaussiansLogDensity(points: readonly Point[]): number[] {
  return points.map(([x, y]) => logDensityAt(x, y));
}

export interface EntropyEstimate {
  /** Mean of −log p(x) over the samples, nats. */
  entropy: number;
  /** Standard error of that mean: sample std of −log p(x) / √n. */
  standardError: number;
  nSamples: number;
  seed: number;
}

/** A fresh Monte Carlo estimate of H(p) = −E_p[log p(x)] from `nSamples` draws with `seed` (no caching). */
export function estimateEightGaussiansEntropy(
  nSamples: number = EIGHT_GAUSSIANS_ENTROPY_SAMPLES,
  seed: number = EIGHT_GAUSSIANS_ENTROPY_SEED,
): EntropyEstimate {
  if (!Number.isInteger(nSamples) || nSamples < 2) {
    throw new RangeError(`estimateEightGaussiansEntropy: 'nSamples' must be an integer ≥ 2; got ${nSamples}.`);
  }
  const rng = new Rng(seed);
  // Welford's running mean and variance: one pass, no 200000-element array, no cancellation.
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= nSamples; i++) {
    const [x, y] = samplePoint(rng);
    const value = -logDensityAt(x, y);
    const delta = value - mean;
    mean += delta / i;
    m2 += delta * (value - mean);
  }
  const variance = m2 / (nSamples - 1);
  return { entropy: mean, standardError: Math.sqrt(variance / nSamples), nSamples, seed };
}

let cachedEntropy: EntropyEstimate | undefined;

/** The Monte Carlo entropy estimate used by `eightGaussians()`: computed once, then cached. */
export function eightGaussiansEntropy(): EntropyEstimate {
  cachedEntropy ??= estimateEightGaussiansEntropy();
  return cachedEntropy;
}

export function eightGaussians(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("eight-gaussians", options, samplePoint);
  const estimate = eightGaussiansEntropy();
  return {
    name: "eight-gaussians",
    description: "Eight Gaussians: an equal mixture of 8 Gaussians (σ = 0.2) on a circle of radius 2",
    ...split,
    logDensity: eightGaussiansLogDensity,
    entropy: estimate.entropy,
    entropyNote:
      `Monte Carlo, ${estimate.nSamples} samples (seed ${estimate.seed}), ` +
      `±${(2 * estimate.standardError).toFixed(4)} (2 s.e.)`,
  };
}
