/**
 * Affine MAF and IAF layers (src/bijectors/affine-maf.ts, affine-iaf.ts): the shared validator
 * on single layers, other orders, and flows; triangular Jacobians in the order; MAF and IAF are
 * the same map with the directions swapped; the number of passes; training on wasm.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { AffineIAF, type Bijector } from "../../src/bijectors";
import { AffineMAF } from "../../solutions/made-maf";
import { autodiffJacobians, expectValidBijector, randomizeVariables } from "../../src/checks";
import { makeDataset } from "../../src/datasets";
import { meanNll } from "../../src/eval";
import { autoregressiveFlow } from "../../src/flows";
import { flowLogProb, nllLoss } from "../../solutions/nll";
import { inputDegrees, madeMasks } from "../support/made-masks-with-order";
import { Rng } from "../../src/random/prng";
import { train } from "../../src/train";

beforeAll(async () => {
  await selectBackend("wasm");
});

const cases: [string, () => Bijector, number?][] = [
  ["AffineMAF in 2-D", () => new AffineMAF(2, { seed: 1 })],
  ["AffineMAF in 5-D, order [3,1,4,0,2]", () => new AffineMAF(5, { hidden: [16, 16], masks: madeMasks(5, [16, 16], 2, [3, 1, 4, 0, 2]), seed: 2 })],
  ["AffineIAF in 2-D", () => new AffineIAF(AffineMAF, 2, { seed: 3 })],
  ["AffineIAF in 4-D, one hidden layer", () => new AffineIAF(AffineMAF, 4, { hidden: [12], seed: 4 })],
  ["MAF flow, 4 layers in 3-D", () => autoregressiveFlow({ maf: AffineMAF, kind: "maf", dim: 3, layers: 4, hidden: [16], seed: 5 }), 0.1],
  ["IAF flow, 4 layers in 3-D", () => autoregressiveFlow({ maf: AffineMAF, kind: "iaf", dim: 3, layers: 4, hidden: [16], seed: 6 }), 0.1],
];

describe("MAF and IAF pass the shared validator", () => {
  for (const [label, make, std] of cases) {
    it(`${label}: shapes, round trips, log-dets, gradients, determinism, no leak`, async () => {
      const b = make();
      try {
        await expectValidBijector(b, { seed: 3, randomizeStd: std ?? 0.5 });
      } finally {
        b.dispose();
      }
    });
  }
});

/** max |J[i][j]| over the entries with degree(j) > degree(i) (above the diagonal in the order). */
async function worstAboveDiagonal(fn: (x: tf.Tensor2D) => tf.Tensor2D, dim: number, order: number[]): Promise<{ above: number; diagonalMin: number }> {
  const degree = inputDegrees(dim, order);
  const x = tf.tensor2d(new Rng(4).normalRows(6, dim), [6, dim], "float32");
  const jacobians = await autodiffJacobians(fn, x);
  x.dispose();
  let above = 0;
  let diagonalMin = Infinity;
  for (const J of jacobians) {
    for (let i = 0; i < dim; i++) {
      diagonalMin = Math.min(diagonalMin, Math.abs(J[i][i]));
      for (let j = 0; j < dim; j++) if (degree[j] > degree[i]) above = Math.max(above, Math.abs(J[i][j]));
    }
  }
  return { above, diagonalMin };
}

describe("autoregressive structure", () => {
  const order = [2, 0, 3, 1];
  const options = { hidden: [16, 16], masks: madeMasks(4, [16, 16], 2, order), seed: 1 };
  for (const [name, build] of [["AffineMAF", () => new AffineMAF(4, options)], ["AffineIAF", () => new AffineIAF(AffineMAF, 4, options)]] as const) {
    it(`${name}: both directions have a triangular Jacobian in the order (entries after the diagonal are exactly 0)`, async () => {
      const layer = build();
      randomizeVariables(layer.trainableVariables(), 2, 0.5);
      for (const direction of ["forward", "inverse"] as const) {
        const { above, diagonalMin } = await worstAboveDiagonal((v) => layer[direction](v).output, 4, order);
        expect(above, `${name}.${direction}`).toBe(0);
        expect(diagonalMin, `${name}.${direction}: the diagonal is exp(±s) > 0`).toBeGreaterThan(0.3);
      }
      layer.dispose();
    });
  }

  it("IAF is MAF with the directions swapped: with the same weights, IAF.inverse = MAF.forward and IAF.forward = MAF.inverse", async () => {
    const maf = new AffineMAF(3, { hidden: [16], seed: 7 });
    const iaf = new AffineIAF(AffineMAF, 3, { hidden: [16], seed: 7 });
    randomizeVariables(maf.trainableVariables(), 8, 0.5);
    randomizeVariables(iaf.trainableVariables(), 8, 0.5);
    const x = tf.tensor2d(new Rng(1).normalRows(32, 3), [32, 3], "float32");
    const pairs = [
      [maf.forward(x), iaf.inverse(x)],
      [maf.inverse(x), iaf.forward(x)],
    ];
    for (const [a, b] of pairs) {
      expect(await tf.max(tf.abs(tf.sub(a.output, b.output))).data()).toEqual(new Float32Array([0]));
      expect(await tf.max(tf.abs(tf.sub(a.logDet, b.logDet))).data()).toEqual(new Float32Array([0]));
    }
    tf.dispose([x, ...pairs.flatMap(([a, b]) => [a.output, a.logDet, b.output, b.logDet])]);
    maf.dispose();
    iaf.dispose();
  });

  it("MAF: density takes 1 pass and sampling D; IAF the reverse", () => {
    const maf = new AffineMAF(6, { hidden: [8] });
    const iaf = new AffineIAF(AffineMAF, 6, { hidden: [8] });
    expect([maf.passes("forward"), maf.passes("inverse"), iaf.passes("forward"), iaf.passes("inverse")]).toEqual([1, 6, 6, 1]);
    maf.dispose();
    iaf.dispose();
  });

  it("fresh layers are the identity (the MADE's last layer is zero)", async () => {
    const layer = new AffineMAF(3, { seed: 0 });
    const x = tf.tensor2d([[1, -2, 3]]);
    const r = layer.forward(x);
    expect(Array.from(await r.output.data())).toEqual([1, -2, 3]);
    expect(Array.from(await r.logDet.data())).toEqual([0]);
    tf.dispose([x, r.output, r.logDet]);
    layer.dispose();
  });

  it("bad input names the layer, the method and the shapes", () => {
    const layer = new AffineMAF(3, { hidden: [8] });
    expect(() => layer.forward(tf.zeros([2, 2]))).toThrow(/AffineMAF\.forward: 'x' must have 3 columns .*got 2/);
    expect(() => new AffineIAF(null as never, 3)).toThrow(/AffineIAF: 'Maf' must be a class built like exercise \(g\)'s AffineMAF; got null/);
    layer.dispose();
  });
});

describe("training on wasm", () => {
  it("a MAF flow trains on two moons on the wasm backend (no kernel missing), without leaking, and the NLL drops", async () => {
    const data = makeDataset("moons", { nTrain: 2000, nTest: 500, seed: 0 });
    const flow = autoregressiveFlow({ maf: AffineMAF, kind: "maf", dim: 2, layers: 4, hidden: [32, 32], seed: 0 });
    const before = await meanNll(flow, data.test, flowLogProb);
    const tensors = tf.memory().numTensors;
    await train(flow, data.train, { lossFn: nllLoss, steps: 150, batchSize: 256, learningRate: 3e-3, seed: 0 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await meanNll(flow, data.test, flowLogProb);
    flow.dispose();
    expect(tf.getBackend()).toBe("wasm");
    expect(before - after).toBeGreaterThan(0.3);
  });
});
