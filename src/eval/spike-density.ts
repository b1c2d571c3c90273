/**
 * Why a continuous density on integer data measures nothing, in numbers (notebook 05, §3).
 *
 * Take the pixel values as a 1-D data set: value k ∈ {0, …, K−1} occurs with frequency p_k. A
 * continuous model may put a narrow Gaussian "spike" of width σ on every value,
 *
 *   q_σ(v) = Σ_j p_j · N(v; c_j, σ²),
 *
 * and we score it in bits per pixel, E[−log₂ q_σ(v)], with v in units of pixel levels:
 *   - on the integers themselves (v = k, spikes at c_j = j):
 *       E_k[−log₂ q_σ(k)] → −log₂ p_k + log₂(σ√(2π)) → −∞ as σ → 0.
 *     The score improves without bound just by narrowing the spikes, and drops below the entropy
 *     H(p) = −Σ_k p_k log₂ p_k, under which no code for the pixels can go: it measures nothing.
 *   - on dequantized data (v = k + u, u ~ U[0, 1), spikes at the cell centres c_j = j + ½):
 *       E_{k,u}[−log₂ q_σ(k + u)] ≥ E_k[−log₂ P(k)] ≥ H(p),   P(k) = ∫₀¹ q_σ(k + u) du,
 *     by Jensen's inequality and Gibbs' inequality. A spike narrower than the unit cell now
 *     misses most of the cell's data and the score gets worse, not better: it is bounded below.
 *
 * The expectation over u uses the midpoint rule with `nodes` points; each log q is a log-sum-exp
 * over the values j with p_j > 0. Plain float64 JavaScript: no tensors.
 *
 * @example
 *   const p = pixelFrequencies(digits.train.images, 256);
 *   spikeBitsPerPixel(p, 0.01, "integers")      // below H(p), and falling as σ shrinks
 *   spikeBitsPerPixel(p, 0.01, "dequantized")   // above H(p)
 */

/** Frequencies p_k of the values 0 … levels−1 among `pixels` (they must be integers in range). */
export function pixelFrequencies(pixels: ArrayLike<number>, levels: number): number[] {
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`pixelFrequencies: 'levels' must be an integer ≥ 2; got ${levels}.`);
  if (pixels.length === 0) throw new RangeError("pixelFrequencies: 'pixels' must not be empty.");
  const counts = new Array<number>(levels).fill(0);
  for (let i = 0; i < pixels.length; i++) {
    const k = pixels[i];
    if (!Number.isInteger(k) || k < 0 || k >= levels) throw new RangeError(`pixelFrequencies: pixel ${i} must be an integer 0 … ${levels - 1}; got ${k}.`);
    counts[k] += 1;
  }
  return counts.map((c) => c / pixels.length);
}

/** H(p) = −Σ p_k log₂ p_k, in bits. */
export function entropyBits(p: readonly number[]): number {
  return -p.reduce((s, pk) => (pk > 0 ? s + pk * Math.log2(pk) : s), 0);
}

/**
 * E[−log₂ q_σ(v)] in bits per pixel, on the integers ("integers") or on dequantized data
 * ("dequantized"), as in the module comment. Terms of the log-sum-exp more than 60 nats (plus the
 * spread of log p) below the largest are skipped: each is below e⁻⁶⁰ of the sum.
 */
export function spikeBitsPerPixel(p: readonly number[], sigma: number, data: "integers" | "dequantized", nodes = 32): number {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`spikeBitsPerPixel: 'sigma' must be a positive number; got ${sigma}.`);
  if (data !== "integers" && data !== "dequantized") throw new RangeError(`spikeBitsPerPixel: 'data' must be "integers" or "dequantized"; got ${JSON.stringify(data)}.`);
  if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError(`spikeBitsPerPixel: 'nodes' must be a positive integer; got ${nodes}.`);
  const offset = data === "integers" ? 0 : 0.5;
  const logP = p.map((pk) => (pk > 0 ? Math.log(pk) : -Infinity));
  const spread = Math.max(...logP) - Math.min(...logP.filter(Number.isFinite));
  const reach = Math.ceil(sigma * Math.sqrt(2 * (60 + spread))) + 1;
  const logNorm = Math.log(sigma * Math.sqrt(2 * Math.PI));
  const us = data === "integers" ? [0] : Array.from({ length: nodes }, (_, m) => (m + 0.5) / nodes);
  const K = p.length;
  let nats = 0;
  for (let k = 0; k < K; k++) {
    if (!(p[k] > 0)) continue;
    let mean = 0;
    for (const u of us) {
      const v = k + u;
      const lo = Math.max(0, k - reach);
      const hi = Math.min(K - 1, k + reach);
      let max = -Infinity;
      for (let j = lo; j <= hi; j++) {
        const d = v - (j + offset);
        const t = logP[j] - (d * d) / (2 * sigma * sigma);
        if (t > max) max = t;
      }
      let sum = 0;
      for (let j = lo; j <= hi; j++) {
        const d = v - (j + offset);
        sum += Math.exp(logP[j] - (d * d) / (2 * sigma * sigma) - max);
      }
      mean += (max + Math.log(sum) - logNorm) / us.length;
    }
    nats -= p[k] * mean;
  }
  return nats / Math.LN2;
}
