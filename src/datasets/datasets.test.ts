import { describe, it, expect } from "vitest";
import {
  CHECKERBOARD_BLACK_SQUARES,
  CIRCLES_INNER_RADIUS,
  CIRCLES_OUTER_RADIUS,
  DATASET_GENERATORS,
  DATASET_NAMES,
  EIGHT_GAUSSIANS_CENTERS,
  EIGHT_GAUSSIANS_ENTROPY_SAMPLES,
  EIGHT_GAUSSIANS_ENTROPY_SEED,
  EIGHT_GAUSSIANS_STD,
  checkerboard,
  eightGaussians,
  eightGaussiansEntropy,
  estimateEightGaussiansEntropy,
  isInBlackSquare,
  makeDataset,
  moons,
  resolveSizes,
  spirals,
  type Dataset2D,
  type Point,
} from "./index";

/** Midpoints of an n × n grid of cells on [lo, hi]², and the cell area. */
function midpointGrid(lo: number, hi: number, n: number): { points: Point[]; cellArea: number } {
  const h = (hi - lo) / n;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) points.push([lo + (i + 0.5) * h, lo + (j + 0.5) * h]);
  return { points, cellArea: h * h };
}

/** Riemann sum of exp(logDensity) over the grid. */
function integrate(data: Dataset2D, lo: number, hi: number, n: number): number {
  const { points, cellArea } = midpointGrid(lo, hi, n);
  return data.logDensity!(points).reduce((sum, l) => sum + Math.exp(l) * cellArea, 0);
}

const key = ([x, y]: Point): string => `${x},${y}`;

describe.each(DATASET_NAMES)("dataset %s", (name) => {
  const generate = DATASET_GENERATORS[name];

  it("returns nTrain train points and nTest test points, each a pair of finite numbers", () => {
    const data = generate({ nTrain: 123, nTest: 45, seed: 3 });
    expect(data.name).toBe(name);
    expect(data.train).toHaveLength(123);
    expect(data.test).toHaveLength(45);
    for (const p of [...data.train, ...data.test]) {
      expect(p).toHaveLength(2);
      expect(Number.isFinite(p[0]) && Number.isFinite(p[1]), `${name}: non-finite point ${key(p)}`).toBe(true);
    }
  });

  it("uses DEFAULT_SIZES (10000 train, 2000 test) when no sizes are given", () => {
    const data = generate();
    expect(data.train).toHaveLength(10000);
    expect(data.test).toHaveLength(2000);
  });

  it("gives identical points for the same seed", () => {
    expect(generate({ nTrain: 200, nTest: 50, seed: 7 })).toEqual(generate({ nTrain: 200, nTest: 50, seed: 7 }));
  });

  it("gives different points for different seeds", () => {
    const a = generate({ nTrain: 200, nTest: 50, seed: 0 });
    const b = generate({ nTrain: 200, nTest: 50, seed: 1 });
    const shared = new Set(a.train.map(key));
    expect(b.train.filter((p) => shared.has(key(p))).length, `${name}: seeds 0 and 1 share train points`).toBe(0);
    expect(b.test).not.toEqual(a.test);
  });

  it("draws the test set after the train set in one stream, so the two never share points", () => {
    const data = generate({ nTrain: 300, nTest: 100, seed: 2 });
    // The test points are not the train points again (the bug of a second Rng with the same seed).
    expect(data.test).not.toEqual(data.train.slice(0, 100));
    const trainKeys = new Set(data.train.map(key));
    expect(data.test.filter((p) => trainKeys.has(key(p)))).toEqual([]);
    // One stream: the test set is what a bigger train set would have drawn next.
    const longer = generate({ nTrain: 400, nTest: 1, seed: 2 });
    expect(longer.train.slice(300)).toEqual(data.test);
  });

  it("rejects bad sizes and seeds with a message naming the dataset, the option and the value", () => {
    expect(() => generate({ nTrain: -3 })).toThrow(`${name}: 'nTrain' must be a positive integer; got -3.`);
    expect(() => generate({ nTrain: 0 })).toThrow(/'nTrain' must be a positive integer; got 0\./);
    expect(() => generate({ nTrain: 2.5 })).toThrow(/'nTrain' must be a positive integer; got 2\.5\./);
    expect(() => generate({ nTest: -1 })).toThrow(`${name}: 'nTest' must be a non-negative integer; got -1.`);
    expect(() => generate({ nTest: 1.5 })).toThrow(/'nTest' must be a non-negative integer; got 1\.5\./);
    expect(() => generate({ seed: NaN })).toThrow(`${name}: 'seed' must be a finite number; got NaN.`);
    expect(() => generate({ seed: Infinity })).toThrow(/'seed' must be a finite number; got Infinity\./);
  });

  it("is reachable through makeDataset with the same points", () => {
    expect(makeDataset(name, { nTrain: 50, nTest: 10, seed: 4 })).toEqual(generate({ nTrain: 50, nTest: 10, seed: 4 }));
  });
});

describe("resolveSizes", () => {
  it("fills in the defaults: 10000 train, 2000 test, seed 0", () => {
    expect(resolveSizes("moons", {})).toEqual({ nTrain: 10000, nTest: 2000, seed: 0 });
    expect(resolveSizes("moons", { nTest: 0, seed: -4 })).toEqual({ nTrain: 10000, nTest: 0, seed: -4 });
  });

  it("rejects a misspelt option instead of silently using the default", () => {
    expect(() => resolveSizes("circles", { ntrain: 5 } as never)).toThrow(
      "circles: unknown option 'ntrain'; the options are 'nTrain', 'nTest', 'seed'.",
    );
  });

  it("rejects a size given as a string, quoting it", () => {
    expect(() => resolveSizes("spirals", { nTrain: "100" as never })).toThrow(
      `spirals: 'nTrain' must be a positive integer; got "100".`,
    );
  });

  it("allows an empty test set (nTest: 0), as the setup notebook uses", () => {
    expect(moons({ nTrain: 20, nTest: 0, seed: 1 }).test).toEqual([]);
  });
});

describe("makeDataset", () => {
  it("has a generator for every name in DATASET_NAMES and no others", () => {
    expect(Object.keys(DATASET_GENERATORS).sort()).toEqual([...DATASET_NAMES].sort());
  });

  it("rejects an unknown name, listing the valid ones", () => {
    expect(() => makeDataset("mooons" as never)).toThrow(
      `makeDataset: 'name' must be one of "moons", "circles", "eight-gaussians", "pinwheel", "spirals", "checkerboard"; got "mooons".`,
    );
    expect(() => makeDataset("toString" as never)).toThrow(/'name' must be one of .*; got "toString"\./);
  });
});

describe("moons", () => {
  it("puts the points near the two half circles, centred at (0.5, 0.25)", () => {
    const { train } = moons({ seed: 5 });
    // Distance to the nearer unit circle (centres (0, 0) and (1, 0.5)): the radial part of the
    // noise is ≈ N(0, 0.1²), so the mean distance is about 0.1·√(2/π) ≈ 0.08 (measured 0.076).
    const distances = train.map(([x, y]) => Math.min(Math.abs(Math.hypot(x, y) - 1), Math.abs(Math.hypot(x - 1, y - 0.5) - 1)));
    const meanDistance = distances.reduce((a, b) => a + b, 0) / distances.length;
    expect(meanDistance).toBeLessThan(0.1);
    // E[x] = (0 + 1)/2 and E[y] = (2/π + 0.5 − 2/π)/2 = 0.25; the s.e. of each mean is below 0.01.
    const meanX = train.reduce((a, p) => a + p[0], 0) / train.length;
    const meanY = train.reduce((a, p) => a + p[1], 0) / train.length;
    expect(Math.abs(meanX - 0.5)).toBeLessThan(0.04);
    expect(Math.abs(meanY - 0.25)).toBeLessThan(0.04);
  });
});

describe("circles", () => {
  it("puts half the points near radius 1 and half near radius 0.5", () => {
    const { train } = makeDataset("circles", { seed: 5 });
    const radii = train.map(([x, y]) => Math.hypot(x, y));
    // Radial noise is ≈ N(0, 0.05²): a ±0.2 window (4σ) holds essentially every point of a ring.
    const outer = radii.filter((r) => Math.abs(r - CIRCLES_OUTER_RADIUS) < 0.2);
    const inner = radii.filter((r) => Math.abs(r - CIRCLES_INNER_RADIUS) < 0.2);
    expect(outer.length + inner.length).toBeGreaterThan(0.999 * radii.length);
    // Equal mixture: the outer fraction is 0.5 ± 0.005 (1 s.e. for 10000 points).
    expect(Math.abs(outer.length / radii.length - 0.5)).toBeLessThan(0.02);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(outer) - 1)).toBeLessThan(0.01);
    expect(Math.abs(mean(inner) - 0.5)).toBeLessThan(0.01);
  });
});

describe("spirals", () => {
  it("spans roughly [−4, 4]² and is symmetric about the origin", () => {
    const { train } = spirals({ seed: 5 });
    const coords = train.flat();
    expect(Math.max(...coords.map(Math.abs))).toBeGreaterThan(3);
    expect(coords.every((c) => Math.abs(c) < 4.5)).toBe(true);
    const meanX = train.reduce((a, p) => a + p[0], 0) / train.length;
    const meanY = train.reduce((a, p) => a + p[1], 0) / train.length;
    expect(Math.abs(meanX)).toBeLessThan(0.1);
    expect(Math.abs(meanY)).toBeLessThan(0.1);
  });
});

describe("eight-gaussians", () => {
  const data = eightGaussians({ nTrain: 4000, nTest: 10, seed: 9 });
  const sigma = EIGHT_GAUSSIANS_STD;
  // The [−4, 4]² grid at h = 0.01 = σ/20: the midpoint rule is far more accurate than needed, and
  // the mass outside the square is below 1e-20 (every centre is ≥ 2.5 = 12σ from its edge).
  const grid = midpointGrid(-4, 4, 800);
  const gridLogDensity = data.logDensity!(grid.points);

  it("puts each sample near one of the 8 centres on the circle of radius 2", () => {
    const nearest = data.train.map(([x, y]) => Math.min(...EIGHT_GAUSSIANS_CENTERS.map(([mx, my]) => Math.hypot(x - mx, y - my))));
    // |x − μ|/σ is Rayleigh distributed: P(> 5σ) = e^{−12.5} ≈ 4e-6.
    expect(Math.max(...nearest)).toBeLessThan(5 * sigma);
    const counts = new Array(8).fill(0);
    for (const [x, y] of data.train) counts[(Math.round((Math.atan2(y, x) / (2 * Math.PI)) * 8) + 8) % 8]++;
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(100); // 500 ± 21 (1 s.e.)
  });

  it("logDensity integrates to 1 over [−4, 4]² (Riemann sum)", () => {
    const mass = gridLogDensity.reduce((sum, l) => sum + Math.exp(l) * grid.cellArea, 0);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-3);
  });

  it("logDensity equals the mixture formula summed directly, and stays finite far away", () => {
    const direct = ([x, y]: Point) =>
      Math.log(
        EIGHT_GAUSSIANS_CENTERS.reduce(
          (sum, [mx, my]) => sum + Math.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * sigma ** 2)) / (8 * 2 * Math.PI * sigma ** 2),
          0,
        ),
      );
    const near: Point[] = [[2, 0], [0, 0], [1.3, 1.5], [-2.1, 0.3], [0.5, -2.4]];
    const got = data.logDensity!(near);
    near.forEach((p, i) => expect(got[i]).toBeCloseTo(direct(p), 10));
    // At the peak of one component the others add under e^{−29}: log p = −log 8 − log(2πσ²).
    expect(got[0]).toBeCloseTo(-Math.log(8) - Math.log(2 * Math.PI * sigma ** 2), 10);
    // 48 units from the nearest centre every exp underflows; log-sum-exp must not give −Infinity.
    const [far] = data.logDensity!([[50, 0]]);
    expect(far).toBeCloseTo(-Math.log(8) - Math.log(2 * Math.PI * sigma ** 2) - 48 ** 2 / (2 * sigma ** 2), 6);
    expect(data.logDensity!([[NaN, 0]])[0]).toBeNaN();
  });

  // The analytic value log 8 + 1 + log(2πσ²) is the entropy of 8 *disjoint* components: a uniform
  // choice (log 8) plus one Gaussian's entropy (1 + log(2πσ²) in 2D). The true components overlap
  // a little (neighbours are 2·2·sin(π/8) ≈ 1.53 = 7.7σ apart), which lowers H(p) slightly; the
  // first test below measures that gap by quadrature, the second uses it as the approximation's
  // error bound next to the Monte Carlo error bar.
  const analytic = Math.log(8) + 1 + Math.log(2 * Math.PI * sigma ** 2);

  it("the disjoint-components formula is within 1e-3 nats of the entropy by quadrature", () => {
    const quadrature = gridLogDensity.reduce((sum, l) => sum - Math.exp(l) * l * grid.cellArea, 0);
    expect(quadrature).toBeLessThanOrEqual(analytic); // overlap can only lower the entropy
    expect(analytic - quadrature).toBeLessThan(1e-3); // measured: 3.8e-4
  });

  it("the Monte Carlo entropy is within its stated error bar of log 8 + 1 + log(2πσ²)", () => {
    const { entropy, standardError, nSamples, seed } = eightGaussiansEntropy();
    expect(nSamples).toBe(EIGHT_GAUSSIANS_ENTROPY_SAMPLES);
    expect(seed).toBe(EIGHT_GAUSSIANS_ENTROPY_SEED);
    expect(data.entropy).toBe(entropy);
    // Var[−log p] ≈ Var[|ε|²/2] = 1 for a 2D Gaussian, so the s.e. is about 1/√200000 ≈ 0.0022.
    expect(standardError).toBeGreaterThan(0.0015);
    expect(standardError).toBeLessThan(0.003);
    expect(data.entropyNote).toBe(`Monte Carlo, 200000 samples (seed 12345), ±${(2 * standardError).toFixed(4)} (2 s.e.)`);
    // Honest tolerance: 2 s.e. of Monte Carlo error plus the 1e-3 bound on the formula's own bias
    // (test above). The seed is fixed, so this is deterministic; a different seed lands outside
    // 2 s.e. about 1 time in 20. Measured with seed 12345: 1.6970 − 1.6984 = −0.0014 (0.65 s.e.).
    expect(Math.abs(entropy - analytic)).toBeLessThan(2 * standardError + 1e-3);
  });

  it("computes the Monte Carlo entropy once and caches it", () => {
    expect(eightGaussiansEntropy()).toBe(eightGaussiansEntropy());
    expect(eightGaussians({ nTrain: 5, nTest: 1, seed: 1 }).entropy).toBe(eightGaussians({ nTrain: 5, nTest: 1, seed: 2 }).entropy);
  });

  it("estimates the entropy from 200000 samples in well under a second", () => {
    const start = performance.now();
    const fresh = estimateEightGaussiansEntropy();
    const elapsedMs = performance.now() - start;
    expect(fresh).toEqual(eightGaussiansEntropy()); // the same seed gives the same estimate
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe("checkerboard", () => {
  const data = checkerboard({ seed: 9 });

  it("has 8 black squares, those with i + j even", () => {
    expect(CHECKERBOARD_BLACK_SQUARES).toHaveLength(8);
    for (const [i, j] of CHECKERBOARD_BLACK_SQUARES) expect((i + j) % 2).toBe(0);
  });

  it("puts every sample in a black square, and fills all 8 of them about equally", () => {
    const all = [...data.train, ...data.test];
    expect(all.filter(([x, y]) => !isInBlackSquare(x, y))).toEqual([]);
    const counts = new Map<string, number>();
    for (const [x, y] of all) counts.set(`${Math.floor(x)},${Math.floor(y)}`, (counts.get(`${Math.floor(x)},${Math.floor(y)}`) ?? 0) + 1);
    expect(counts.size).toBe(8);
    for (const c of counts.values()) expect(Math.abs(c - all.length / 8)).toBeLessThan(150); // 1500 ± 36 (1 s.e.)
  });

  it("logDensity is −log 8 on black squares and −Infinity on white squares and off the board", () => {
    expect(data.logDensity!([[-1.5, -1.5], [0.5, 0.5], [-0.5, -1.5], [1.5, 0.5], [2.5, 0], [-2.5, -1.5], [0, 0]])).toEqual([
      -Math.log(8),
      -Math.log(8),
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
      -Math.log(8), // (0, 0) is the lower-left corner of square (2, 2): half-open squares
    ]);
    expect(data.logDensity!([[0.3, NaN]])[0]).toBeNaN();
  });

  it("logDensity integrates to 1 over a grid on [−3, 3]²", () => {
    // 600 × 600 cells of 0.01: none straddles a square's edge, so the Riemann sum is exact.
    expect(integrate(data, -3, 3, 600)).toBeCloseTo(1, 9);
  });

  it("reports the entropy exactly: log 8", () => {
    expect(data.entropy).toBe(Math.log(8));
    expect(data.entropyNote).toBe("exact");
  });
});
