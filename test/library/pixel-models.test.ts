/**
 * The discrete-data helpers of notebook 05: the spike-density demonstration (a continuous density
 * scored on integers falls without bound as its spikes narrow; on dequantized data it stays above
 * the entropy), and the independent-pixel baseline, each against values known in closed form.
 */
import { describe, expect, it } from "vitest";
import { independentPixelBitsPerDim } from "../../src/eval/pixel-baseline";
import { entropyBits, pixelFrequencies, spikeBitsPerPixel } from "../../src/eval/spike-density";

describe("spike densities on integers and on dequantized data", () => {
  const p = pixelFrequencies([0, 0, 0, 1, 2, 2, 3, 0], 4); // [1/2, 1/8, 1/4, 1/8]

  it("frequencies and entropy", () => {
    expect(p).toEqual([0.5, 0.125, 0.25, 0.125]);
    expect(entropyBits(p)).toBeCloseTo(1.75, 12);
    expect(entropyBits([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(2, 12);
    expect(() => pixelFrequencies([0, 4], 4)).toThrow(/pixel 1 must be an integer 0 … 3; got 4/);
  });

  it("on the integers, narrow spikes score −log₂ p_k + log₂(σ√2π) on average: without bound below the entropy", () => {
    for (const sigma of [0.1, 0.01, 0.001]) {
      const exact = entropyBits(p) + Math.log2(sigma * Math.sqrt(2 * Math.PI)); // neighbours 1 apart add < e^-50
      expect(spikeBitsPerPixel(p, sigma, "integers")).toBeCloseTo(exact, 9);
    }
    expect(spikeBitsPerPixel(p, 1e-3, "integers")).toBeLessThan(-5);
  });

  it("on dequantized data, the score never goes below the entropy, and grows again as the spikes narrow", () => {
    const sigmas = [3, 1, 0.3, 0.1, 0.03, 0.01];
    const scores = sigmas.map((s) => spikeBitsPerPixel(p, s, "dequantized"));
    for (const s of scores) expect(s).toBeGreaterThan(entropyBits(p));
    expect(scores[5]).toBeGreaterThan(scores[4]);
    expect(scores[4]).toBeGreaterThan(scores[3]);
    // σ → 0: the mean of (u − ½)²/(2σ²) over the cell, 1/(24σ²) nats, dominates.
    expect(spikeBitsPerPixel(p, 0.01, "dequantized", 64)).toBeCloseTo((1 / (24 * 1e-4) - (1 / 12) * (1 / (2 * 64 * 64)) / 1e-4 + Math.log(0.01 * Math.sqrt(2 * Math.PI))) / Math.LN2 + entropyBits(p), 6);
  });

  it("refuses a width that is not positive", () => {
    expect(() => spikeBitsPerPixel(p, 0, "integers")).toThrow(/'sigma' must be a positive number; got 0/);
  });
});

describe("independent-pixel baseline", () => {
  it("scores a constant test image at −log₂((N + 1)/(N + K)) per pixel, with add-one smoothing", () => {
    const train = { images: new Uint8Array(10 * 4), count: 10, dim: 4 };
    const test = { images: new Uint8Array(2 * 4), count: 2, dim: 4 };
    expect(independentPixelBitsPerDim(train, test, 256)).toBeCloseTo(-Math.log2(11 / 266), 12);
  });

  it("scores each position by its own histogram", () => {
    // position 0 is always 0 in training; position 1 is 0 or 1, half and half
    const train = { images: Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 1]), count: 4, dim: 2 };
    const test = { images: Uint8Array.from([0, 1]), count: 1, dim: 2 };
    const expected = (-Math.log2(5 / 6) - Math.log2(3 / 6)) / 2; // K = 2: (4+1)/(4+2), (2+1)/(4+2)
    expect(independentPixelBitsPerDim(train, test, 2)).toBeCloseTo(expected, 12);
  });

  it("refuses mismatched splits and pixels out of range", () => {
    const a = { images: new Uint8Array(4), count: 2, dim: 2 };
    expect(() => independentPixelBitsPerDim(a, { images: new Uint8Array(3), count: 1, dim: 3 }, 2)).toThrow(/same dim/);
    expect(() => independentPixelBitsPerDim(a, { images: Uint8Array.from([0, 5]), count: 1, dim: 2 }, 2)).toThrow(/integers 0 … 1; got 5/);
  });
});
