/**
 * MADE (src/nn/made.ts, made-masks.ts): the degree-based masks make output d depend only on the
 * inputs before d in the chosen order. Proven on the autodiff Jacobian of the network with
 * random weights (a fresh MADE outputs zeros, which would satisfy any "is zero" test), and the
 * same test is shown to fail on a planted off-by-one mask.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { autodiffJacobians, randomizeVariables } from "../../src/checks";
import { Made } from "../../src/nn/made";
import { inputDegrees, madeDegrees, madeMasks, maskConnectivity } from "../support/made-masks-with-order";
import { Rng } from "../../src/random/prng";

beforeAll(async () => {
  await selectBackend("wasm");
});

/**
 * The autodiff Jacobian of each parameter block of `net` at seeded inputs, split into the
 * entries the order forbids (must be exactly 0) and those it allows (should mostly be non-zero).
 */
async function jacobianAudit(net: Made, order: number[], seed: number) {
  const dim = net.inputDim;
  const blocks = net.outputDim / dim;
  const degree = inputDegrees(dim, order);
  const x = tf.tensor2d(new Rng(seed).normalRows(8, dim), [8, dim], "float32");
  let worstForbidden = 0;
  let allowed = 0;
  let allowedNonZero = 0;
  const violations: string[] = [];
  try {
    for (let p = 0; p < blocks; p++) {
      const jacobians = await autodiffJacobians((v) => tf.slice(net.apply(v), [0, p * dim], [v.shape[0], dim]) as tf.Tensor2D, x);
      for (const J of jacobians) {
        for (let d = 0; d < dim; d++) {
          for (let j = 0; j < dim; j++) {
            const v = Math.abs(J[d][j]);
            if (degree[j] >= degree[d]) {
              if (v > worstForbidden) worstForbidden = v;
              if (v !== 0 && violations.length < 5) violations.push(`∂out[${p}][${d}]/∂x[${j}] = ${J[d][j]}`);
            } else {
              allowed++;
              if (v > 0) allowedNonZero++;
            }
          }
        }
      }
    }
  } finally {
    x.dispose();
  }
  return { worstForbidden, violations, allowed, allowedNonZero };
}

describe("MADE masks", () => {
  it("degrees: inputs 1…D in the order, hidden units in [1, D − 1], cyclic", () => {
    expect(madeDegrees(3, [4])).toEqual([[1, 2, 3], [1, 2, 1, 2]]);
    expect(madeDegrees(3, [4], [2, 0, 1])[0]).toEqual([2, 3, 1]);
    for (const layer of madeDegrees(6, [10, 7]).slice(1)) {
      expect(Math.min(...layer)).toBe(1);
      expect(Math.max(...layer)).toBe(5);
    }
  });

  it("the masks connect output d to exactly the inputs before d in the order (strictly lower triangle), for several orders and depths", () => {
    for (const [dim, hidden, order] of [
      [2, [8], [0, 1]],
      [3, [4], [2, 0, 1]],
      [5, [16, 16], [3, 1, 4, 0, 2]],
      [6, [], [0, 1, 2, 3, 4, 5]],
      [4, [3, 3, 3], [1, 3, 0, 2]],
    ] as [number, number[], number[]][]) {
      const degree = inputDegrees(dim, order);
      const connected = maskConnectivity(madeMasks(dim, hidden, 2, order), dim);
      const expected = Array.from({ length: dim }, (_, d) => Array.from({ length: dim }, (_, j) => degree[j] < degree[d]));
      expect(connected, `dim ${dim}, hidden ${JSON.stringify(hidden)}, order ${JSON.stringify(order)}`).toEqual(expected);
    }
  });

  it("bad sizes and orders are refused with the argument named", () => {
    expect(() => madeMasks(3, [4], 2, [0, 0, 1])).toThrow(/'order' must list each input 0…2 exactly once/);
    expect(() => madeMasks(0, [4])).toThrow(/'dim' must be a positive integer; got 0/);
    expect(() => madeMasks(3, [0])).toThrow(/'hidden' must be an array of positive integers/);
    expect(() => new Made({ inputDim: 3, hidden: [4], masks: [[[1]]] })).toThrow(/'masks' must hold one matrix per layer \(2\)/);
  });
});

describe("MADE network: the autoregressive property on the autodiff Jacobian", () => {
  for (const [dim, hidden, order] of [
    [3, [16, 16], [0, 1, 2]],
    [5, [24], [3, 1, 4, 0, 2]],
    [4, [], [2, 3, 0, 1]],
  ] as [number, number[], number[]][]) {
    it(`∂out_d/∂x_j = 0 for every j at or after d in the order, and ≠ 0 before it (D = ${dim}, hidden ${JSON.stringify(hidden)}, order ${JSON.stringify(order)})`, async () => {
      const net = new Made({ inputDim: dim, hidden, outputsPerDim: 2, order, masks: madeMasks(dim, hidden, 2, order), seed: 1 });
      randomizeVariables(net.variables, 2, 0.5);
      const audit = await jacobianAudit(net, order, 3);
      net.dispose();
      expect(audit.violations).toEqual([]);
      expect(audit.worstForbidden).toBe(0);
      // The allowed entries are really used (ReLU may zero a few at some inputs).
      expect(audit.allowedNonZero / audit.allowed).toBeGreaterThan(0.9);
    });
  }

  it("the same audit catches a planted off-by-one (output layer with ≥ instead of >): the test can fail", async () => {
    const dim = 3;
    const masks = madeMasks(dim, [8], 1);
    const degrees = madeDegrees(dim, [8]);
    masks[1] = degrees[1].map((m) => Array.from({ length: dim }, (_, d) => (degrees[0][d] >= m ? 1 : 0)));
    const net = new Made({ inputDim: dim, hidden: [8], outputsPerDim: 1, masks, seed: 1 });
    randomizeVariables(net.variables, 2, 0.5);
    const audit = await jacobianAudit(net, [0, 1, 2], 3);
    net.dispose();
    expect(audit.worstForbidden).toBeGreaterThan(0);
    expect(audit.violations.length).toBeGreaterThan(0);
  });

  it("a fresh MADE outputs zeros (last layer zero), and apply inside tidy leaves no tensor behind", async () => {
    const net = new Made({ inputDim: 4, hidden: [8], outputsPerDim: 2, masks: madeMasks(4, [8], 2), seed: 0 });
    const before = tf.memory().numTensors;
    const total = tf.tidy(() => tf.sum(tf.abs(net.apply(tf.ones([5, 4])))));
    expect((await total.data())[0]).toBe(0);
    total.dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
