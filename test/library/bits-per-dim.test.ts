/**
 * Dequantization and bits/dim of discrete data, checked against numbers computed independently
 * in float64 JavaScript:
 *   - pixels drawn from a known discrete distribution (a Gaussian's masses on K = 256 bins of
 *     [0, 1)), and a flow whose density is that Gaussian, so the model's discrete probabilities
 *     P(x) are the bin masses themselves. The dequantized bits/dim must be an upper bound on the
 *     exact codelength −log₂ P(x) / D of the same pixels, and nearly equal to it (the Jensen gap
 *     is tiny when a bin is narrow against σ). Dropping the D·log K term, or using log 255, fails.
 *   - the formula's fixed points: a density that is uniform on [0, 1)^D has bits/dim = log₂ K.
 * The formulas are exercise (f)'s and (c)'s, here the solutions' (the library's evaluation and
 * training loss take them as arguments: src/eval/dequantization.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { Chain } from "../../src/bijectors";
import { imageShape } from "../../src/bijectors/image";
import { bitsPerDim } from "../../src/eval";
import { assertPixels, dequantizationNoise, dequantizedBitsPerDim, dequantizedNll, dequantizedTrainingLoss } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { flowLogProb } from "../../solutions/nll";
import { Rng } from "../../src/random/prng";
import { ActNorm } from "../../solutions/actnorm";
import { Invertible1x1Conv, type Invertible1x1ConvOptions } from "../../solutions/invertible-conv";

beforeAll(async () => {
  await selectBackend("wasm");
});

const K = 256;
const D = 4;
const MU = 0.45;
const SIGMA = 0.12;

/** ∫_a^b N(y; μ, σ²) dy by composite Simpson (float64, 64 panels: error far below 1e-12). */
function gaussianMass(a: number, b: number): number {
  const pdf = (y: number) => Math.exp(-0.5 * ((y - MU) / SIGMA) ** 2) / (SIGMA * Math.sqrt(2 * Math.PI));
  const n = 64;
  const h = (b - a) / n;
  let sum = pdf(a) + pdf(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * pdf(a + i * h);
  return (sum * h) / 3;
}

/** P_k = mass of bin [k/K, (k+1)/K), renormalised over the K bins (the tails beyond [0, 1) hold < 1e-4). */
const masses = (() => {
  const m = Array.from({ length: K }, (_, k) => gaussianMass(k / K, (k + 1) / K));
  const total = m.reduce((a, b) => a + b, 0);
  return { p: m.map((v) => v / total), total };
})();

function drawPixels(n: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const cdf: number[] = [];
  masses.p.reduce((acc, v, k) => (cdf[k] = acc + v), 0);
  return Array.from({ length: n }, () =>
    Array.from({ length: D }, () => {
      const u = rng.uniform();
      const k = cdf.findIndex((c) => c > u);
      return k < 0 ? K - 1 : k;
    }),
  );
}

/** A flow whose density on y is N(μ, σ²) per coordinate: z = (y − μ)/σ (an ActNorm with s = −log σ, b = −μ/σ). */
function gaussianFlow(): Chain {
  const norm = new ActNorm(imageShape(1, 1, D));
  tf.tidy(() => {
    norm.logScale.assign(tf.fill([D], -Math.log(SIGMA)) as tf.Tensor1D);
    norm.bias.assign(tf.fill([D], -MU / SIGMA) as tf.Tensor1D);
  });
  return new Chain([norm]);
}

describe("bits/dim of discrete data", () => {
  it("is log₂ K for a density that is uniform on [0, 1)^D (continuous NLL 0)", () => {
    for (const k of [2, 16, 256]) expect(deq.discreteBitsPerDim(0, 196, k)).toBeCloseTo(Math.log2(k), 12);
    // and it is the continuous bits/dim shifted by log₂ K
    expect(deq.discreteBitsPerDim(100, 196, 256)).toBeCloseTo(bitsPerDim(100, 196) + 8, 12);
  });

  it("dequantized bits/dim bounds the exact codelength −log₂ P(x)/D of a known discrete model from above, within 0.002 bits", async () => {
    const rows = drawPixels(4000, 7);
    // exact, float64: the model's discrete probabilities are the bin masses (up to the renormalisation)
    const exact = rows.reduce((acc, r) => acc + r.reduce((a, k) => a - Math.log2(masses.p[k] * masses.total), 0), 0) / (rows.length * D);
    const entropy = -masses.p.reduce((a, p) => a + (p > 0 ? p * Math.log2(p) : 0), 0);
    const flow = gaussianFlow();
    const pixels = tf.tensor2d(rows, [rows.length, D], "float32");
    try {
      const bpd = await dequantizedBitsPerDim(flow, pixels, deq, { levels: K, seed: 3, samples: 2 });
      if (process.env.FLOWLAB_VERBOSE) console.log({ bpd, exact, entropy });
      expect(bpd).toBeGreaterThanOrEqual(exact - 5e-4); // an upper bound, up to Monte Carlo noise
      expect(bpd - exact).toBeLessThan(0.002);
      expect(Math.abs(bpd - entropy)).toBeLessThan(0.03); // and near the data's entropy per pixel (sampling noise)
      // the two classic mistakes miss by far more than that
      const nll = await dequantizedNll(flow, pixels, deq, { levels: K, seed: 3, samples: 2 });
      expect(Math.abs(nll / (D * Math.LN2) - exact)).toBeGreaterThan(7); // forgot + D·ln K
      expect(Math.abs((nll + D * Math.log(255)) / (D * Math.LN2) - exact)).toBeGreaterThan(0.005); // ln 255 instead of ln 256
    } finally {
      pixels.dispose();
      flow.dispose();
    }
  });
});

describe("uniform dequantization", () => {
  it("puts each pixel k in [k/K, (k+1)/K), reproducibly from the seed", async () => {
    const pixels = tf.tensor2d([[0, 255, 17, 128]]);
    const tiled = tf.tile(pixels, [500, 1]) as tf.Tensor2D;
    const noise = [1, 1, 2].map((seed) => dequantizationNoise([500, 4], seed));
    const [a, b, c] = noise.map((u) => deq.uniformDequantize(tiled, u));
    const [va, vb, vc] = [await a.data(), await b.data(), await c.data()];
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(va)).not.toEqual(Array.from(vc));
    va.forEach((v, i) => {
      const k = [0, 255, 17, 128][i % 4];
      expect(v).toBeGreaterThanOrEqual(k / 256);
      expect(v).toBeLessThan((k + 1) / 256 + 1e-7);
    });
    tf.dispose([pixels, tiled, ...noise, a, b, c]);
  });

  it("the training loss draws fresh noise at every call, the same sequence for the same seed, and is −mean log p(y)", async () => {
    const flow = gaussianFlow();
    const x = tf.tensor2d(drawPixels(64, 1), [64, D], "float32");
    const [l1, l2] = [dequantizedTrainingLoss(deq, { seed: 5 }), dequantizedTrainingLoss(deq, { seed: 5 })];
    const first = [l1(flow, x), l1(flow, x), l2(flow, x)];
    const [a, b, c] = await Promise.all(first.map(async (t) => (await t.data())[0]));
    expect(a).not.toBe(b);
    expect(c).toBe(a);
    const u = dequantizationNoise([64, D], 5);
    const y = deq.uniformDequantize(x, u);
    const direct = tf.neg(tf.mean(flowLogProb(flow, y)));
    expect((await direct.data())[0]).toBeCloseTo(a, 5);
    tf.dispose([...first, x, u, y, direct]);
    flow.dispose();
  });

  it("evaluation refuses pixels that are not integers 0 … K−1", async () => {
    const scaled = tf.tensor2d([[0.5, 0.25]]);
    await expect(assertPixels(scaled, 256, "dequantizedNll")).rejects.toThrow(/'pixels' must be integers 0 … 255 .*got values in \[0.25, 0.5\] with fractions/);
    const big = tf.tensor2d([[0, 300]]);
    await expect(assertPixels(big, 256, "x")).rejects.toThrow(/got values in \[0, 300\]/);
    tf.dispose([scaled, big]);
  });
});
