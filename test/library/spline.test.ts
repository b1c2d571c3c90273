/**
 * The rational-quadratic spline (src/bijectors/rational-quadratic-spline.ts) and its coupling
 * layer (spline-coupling.ts): the spline against an independent float64 implementation of the
 * paper's formulas, at its knots (bin edges) and in its tails; the coupling through the shared
 * validator, with planted bugs that the validator must catch; training on wasm.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { rationalQuadraticSpline, SplineCoupling, splineKnots, type Bijector, type BijectorResult, type SplineKnots } from "../../src/bijectors";
import { checkBijector, expectValidBijector, randomizeVariables } from "../../src/checks";
import { makeDataset } from "../../src/datasets";
import { meanNll } from "../../src/eval";
import { splineFlow } from "../../src/flows";
import { flowLogProb, nllLoss } from "../../solutions/nll";
import { Rng } from "../../src/random/prng";
import { train } from "../../src/train";

beforeAll(async () => {
  await selectBackend("wasm");
});

// A hand-made spline on [−2, 2] with K = 3 bins of unequal widths and heights.
const B = 2;
const XS = [-2, -0.5, 1, 2];
const YS = [-2, -1.5, 0.5, 2];
const DS = [1, 0.3, 2.5, 1];

/** The paper's forward formula in float64, written independently of the library (bin by linear search). */
function reference(x: number): { y: number; dydx: number } {
  if (x < -B || x > B) return { y: x, dydx: 1 };
  let k = 0;
  while (k < XS.length - 2 && x >= XS[k + 1]) k++;
  const w = XS[k + 1] - XS[k];
  const h = YS[k + 1] - YS[k];
  const s = h / w;
  const xi = (x - XS[k]) / w;
  const q = s + (DS[k + 1] + DS[k] - 2 * s) * xi * (1 - xi);
  const y = YS[k] + (h * (s * xi * xi + DS[k] * xi * (1 - xi))) / q;
  const dydx = (s * s * (DS[k + 1] * xi * xi + 2 * s * xi * (1 - xi) + DS[k] * (1 - xi) ** 2)) / (q * q);
  return { y, dydx };
}

/** Evaluates the library's spline (one coordinate) at `points`, forward or inverse. */
async function spline(points: number[], inverse = false): Promise<{ out: number[]; logd: number[] }> {
  const n = points.length;
  const r = tf.tidy(() => {
    const tiled = (v: number[]) => tf.tile(tf.tensor3d([[v]]), [n, 1, 1]) as tf.Tensor3D;
    const knots: SplineKnots = { xs: tiled(XS), ys: tiled(YS), derivatives: tiled(DS) };
    const { outputs, logDerivative } = rationalQuadraticSpline(tf.tensor2d(points, [n, 1]), knots, { bound: B, inverse });
    return [outputs, logDerivative];
  });
  const [out, logd] = [Array.from(await r[0].data()), Array.from(await r[1].data())];
  tf.dispose(r);
  return { out, logd };
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
const grid = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);

describe("rational-quadratic spline: bin edges, tails, inverse", () => {
  it("maps each knot x_k to y_k, and y_k back to x_k (bin edges, both ends included)", async () => {
    const f = await spline(XS);
    expect(maxDiff(f.out, YS)).toBeLessThan(1e-6);
    const g = await spline(YS, true);
    expect(maxDiff(g.out, XS)).toBeLessThan(1e-6);
  });

  it("has slope δ_k at each knot, from the right (bin k, ξ = 0) and from the left (bin k − 1, ξ → 1): the derivative is continuous", async () => {
    const right = await spline(XS);
    expect(maxDiff(right.logd, DS.map(Math.log))).toBeLessThan(1e-5);
    const interior = XS.slice(1, -1);
    const left = await spline(interior.map((x) => x - 1e-4));
    expect(maxDiff(left.logd, DS.slice(1, -1).map(Math.log))).toBeLessThan(2e-3);
  });

  it("is the identity with log-derivative 0 in the tails, in both directions, and meets them continuously at ±B", async () => {
    const tails = [-1e3, -20, -2.0001, 2.0001, 20, 1e3];
    for (const inverse of [false, true]) {
      const r = await spline(tails, inverse);
      expect(r.out).toEqual(tails.map(Math.fround));
      expect(r.logd.every((v) => v === 0)).toBe(true);
      const edges = await spline([-B, B, -B + 1e-5, B - 1e-5], inverse);
      expect(maxDiff(edges.out, [-B, B, -B + 1e-5, B - 1e-5])).toBeLessThan(1e-5);
      expect(maxDiff(edges.logd, [0, 0, 0, 0])).toBeLessThan(1e-4);
    }
  });

  it("matches the paper's formulas in float64 on a grid across all bins and both tails (value ≤ 1e-5, log-derivative ≤ 1e-4)", async () => {
    const r = await spline(grid);
    expect(maxDiff(r.out, grid.map((x) => reference(x).y))).toBeLessThan(1e-5);
    expect(maxDiff(r.logd, grid.map((x) => Math.log(reference(x).dydx)))).toBeLessThan(1e-4);
  });

  it("is strictly increasing, and the inverse (quadratic root, stable form) undoes it to ≤ 1e-5 with the opposite log-derivative", async () => {
    const f = await spline(grid);
    for (let i = 1; i < grid.length; i++) expect(f.out[i]).toBeGreaterThan(f.out[i - 1]);
    const g = await spline(f.out, true);
    expect(maxDiff(g.out, grid)).toBeLessThan(1e-5);
    expect(maxDiff(g.logd, f.logd.map((v) => -v))).toBeLessThan(1e-4);
  });

  it("its autodiff derivative equals exp(log-derivative) at knots, inside bins and in the tails", async () => {
    const points = [...XS, ...grid.filter((_, i) => i % 7 === 0)];
    const x = tf.tensor2d(points, [points.length, 1]);
    const knots = () => {
      const tiled = (v: number[]) => tf.tile(tf.tensor3d([[v]]), [points.length, 1, 1]) as tf.Tensor3D;
      return { xs: tiled(XS), ys: tiled(YS), derivatives: tiled(DS) };
    };
    const g = tf.grad((v: tf.Tensor) => tf.sum(rationalQuadraticSpline(v as tf.Tensor2D, knots(), { bound: B }).outputs))(x);
    const slopes = Array.from(await g.data());
    const { logd } = await spline(points);
    tf.dispose([x, g]);
    expect(maxDiff(slopes.map(Math.log), logd)).toBeLessThan(1e-4);
  });

  it("zero raw parameters give the identity (equal bins, unit derivatives), and the knots run exactly from −B to B", async () => {
    const n = 5;
    const k = 6;
    const r = tf.tidy(() => {
      const params = { rawWidths: tf.zeros([n, 2, k]) as tf.Tensor3D, rawHeights: tf.zeros([n, 2, k]) as tf.Tensor3D, rawDerivatives: tf.zeros([n, 2, k - 1]) as tf.Tensor3D };
      const x = tf.tensor2d(new Rng(1).normalRows(n, 2), [n, 2]);
      const { outputs, logDerivative } = rationalQuadraticSpline(x, params, { bound: 3 });
      return [tf.max(tf.abs(tf.sub(outputs, x))), tf.max(tf.abs(logDerivative)), splineKnots(params, { bound: 3 }).xs];
    });
    expect((await r[0].data())[0]).toBeLessThan(1e-6);
    expect((await r[1].data())[0]).toBeLessThan(1e-6);
    const xs = (await r[2].array()) as number[][][];
    tf.dispose(r);
    expect(xs[0][0][0]).toBe(-3);
    expect(xs[0][0][k]).toBe(3);
    for (let i = 1; i <= k; i++) expect(xs[0][0][i]).toBeGreaterThan(xs[0][0][i - 1]);
  });

  it("parameters of the wrong shape are refused with the shapes named", () => {
    const bad = () =>
      tf.tidy(() => {
        rationalQuadraticSpline(tf.zeros([2, 1]) as tf.Tensor2D, { rawWidths: tf.zeros([2, 1, 4]) as tf.Tensor3D, rawHeights: tf.zeros([2, 1, 4]) as tf.Tensor3D, rawDerivatives: tf.zeros([2, 1, 4]) as tf.Tensor3D });
      });
    expect(bad).toThrow(/parameters must be \[N, D, K\], \[N, D, K\], \[N, D, K − 1\]; got \[2,1,4\], \[2,1,4\], \[2,1,4\]/);
    expect(() => new SplineCoupling([1, 0], { bins: 1 })).toThrow(/'bins' must be an integer ≥ 2; got 1/);
  });
});

/**
 * The validator's random weights are N(0, σ²). For a spline conditioner σ = 0.5 gives raw
 * parameters of ±10 and more: bins with slope 1e-3 beside slopes of 1e3, where float32 itself
 * cannot invert to 1e-4 (an error of eps·|y| / slope ≈ 2.4e-4 in x). That is conditioning, not a
 * bug, so the spline cases use σ = 0.1, still far from the identity (checked below).
 */
const SPLINE_STD = 0.1;

describe("SplineCoupling passes the shared validator", () => {
  const cases: [string, () => Bijector][] = [
    ["SplineCoupling, mask [1,0], 8 bins", () => new SplineCoupling([1, 0], { seed: 1 })],
    ["SplineCoupling, mask [0,1], 5 bins, bound 3", () => new SplineCoupling([0, 1], { bins: 5, bound: 3, seed: 2 })],
    ["SplineCoupling in 4-D, mask [0,1,1,0]", () => new SplineCoupling([0, 1, 1, 0], { hidden: [32], seed: 3 })],
    ["spline flow, 4 couplings", () => splineFlow({ dim: 2, layers: 4, hidden: [32, 32], seed: 4 })],
  ];
  for (const [label, make] of cases) {
    it(`${label}: shapes, round trips, log-dets, gradients, determinism, no leak`, async () => {
      const b = make();
      try {
        await expectValidBijector(b, { seed: 3, randomizeStd: SPLINE_STD });
      } finally {
        b.dispose();
      }
    });
  }

  it(`with the validator's weights N(0, ${SPLINE_STD}²) the layer is not the identity, so the validator's checks have something to catch`, async () => {
    const layer = new SplineCoupling([1, 0], { seed: 1 });
    randomizeVariables(layer.trainableVariables(), 4, SPLINE_STD);
    const x = tf.tensor2d(new Rng(3).normalRows(128, 2).map((r) => r.map((v) => 2 * v)));
    const r = layer.forward(x);
    const [moved, ld] = [await tf.max(tf.abs(tf.sub(r.output, x))).data(), Array.from(await r.logDet.data())];
    tf.dispose([x, r.output, r.logDet]);
    layer.dispose();
    console.log(`SplineCoupling at the validator's weights (seed 3, σ = ${SPLINE_STD}): max |z − x| = ${moved[0].toFixed(3)}, log-det from ${Math.min(...ld).toFixed(3)} to ${Math.max(...ld).toFixed(3)}`);
    expect(moved[0]).toBeGreaterThan(0.1);
    expect(Math.max(...ld) - Math.min(...ld)).toBeGreaterThan(0.2);
  });
});

/** A spline coupling with one planted bug. */
class BuggySpline extends SplineCoupling {
  constructor(private readonly bug: "inverse uses the forward spline" | "inverse log-det sign" | "log-det counts kept coordinates") {
    super([1, 0], { seed: 5 });
  }
  override forward(x: tf.Tensor2D): BijectorResult {
    if (this.bug !== "log-det counts kept coordinates") return super.forward(x);
    return tf.tidy(() => {
      const { outputs, logDerivative } = rationalQuadraticSpline(x, this.splineParams(tf.mul(x, this.mask) as tf.Tensor2D), this.settings);
      return { output: tf.add(tf.mul(x, this.mask), tf.mul(outputs, this.inverseMask)) as tf.Tensor2D, logDet: tf.sum(logDerivative, 1) as tf.Tensor1D };
    });
  }
  override inverse(z: tf.Tensor2D): BijectorResult {
    if (this.bug === "log-det counts kept coordinates") return super.inverse(z);
    return tf.tidy(() => {
      const { outputs, logDerivative } = rationalQuadraticSpline(z, this.splineParams(tf.mul(z, this.mask) as tf.Tensor2D), {
        ...this.settings,
        inverse: this.bug !== "inverse uses the forward spline",
      });
      const ld = tf.sum(tf.mul(logDerivative, this.inverseMask), 1) as tf.Tensor1D;
      return { output: tf.add(tf.mul(z, this.mask), tf.mul(outputs, this.inverseMask)) as tf.Tensor2D, logDet: this.bug === "inverse log-det sign" ? (tf.neg(ld) as tf.Tensor1D) : ld };
    });
  }
}

describe("the validator catches planted spline bugs", () => {
  const expectations: [ConstructorParameters<typeof BuggySpline>[0], string[]][] = [
    ["inverse uses the forward spline", ["round-trip-forward", "round-trip-inverse"]],
    ["inverse log-det sign", ["log-det-inverse", "inverse-log-det"]],
    ["log-det counts kept coordinates", ["log-det-forward", "inverse-log-det"]],
  ];
  for (const [bug, failing] of expectations) {
    it(`"${bug}" fails ${failing.join(", ")}`, async () => {
      const b = new BuggySpline(bug);
      const results = await checkBijector(b, { seed: 1, randomizeStd: SPLINE_STD });
      b.dispose();
      const failed = results.filter((r) => !r.passed).map((r) => r.check);
      for (const name of failing) expect(failed, bug).toContain(name);
    });
  }
});

describe("training on wasm", () => {
  it("a spline flow trains on 8 gaussians on the wasm backend (no kernel missing), without leaking, and the NLL drops", async () => {
    const data = makeDataset("eight-gaussians", { nTrain: 2000, nTest: 500, seed: 0 });
    const flow = splineFlow({ dim: 2, layers: 2, bins: 8, hidden: [32, 32], seed: 0 });
    const before = await meanNll(flow, data.test, flowLogProb);
    const tensors = tf.memory().numTensors;
    await train(flow, data.train, { lossFn: nllLoss, steps: 100, batchSize: 256, learningRate: 3e-3, seed: 0 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await meanNll(flow, data.test, flowLogProb);
    flow.dispose();
    expect(tf.getBackend()).toBe("wasm");
    expect(before - after).toBeGreaterThan(0.3);
  });
});
