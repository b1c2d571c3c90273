/** The small mathematical pieces, each against an independent closed form. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { autodiffJacobians, logAbsDet } from "../../src/checks";
import { StandardNormal } from "../../src/distributions/standard-normal";
import { bitsPerDim, meanNll } from "../../src/eval";
import { couplingFlow, sample } from "../../src/flows";
import { Mlp } from "../../src/nn/mlp";
import { Rng } from "../../src/random/prng";
import { MinibatchSampler } from "../../src/train";
import { AffineCoupling, flowLogProb, standardNormalLogProb } from "../../solutions";

const LOG_2PI = Math.log(2 * Math.PI);

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("log|det| and the autodiff Jacobian", () => {
  it("logAbsDet matches hand-computed determinants, including pivoting and singular matrices", () => {
    expect(logAbsDet([[2, 0], [0, 3]])).toBeCloseTo(Math.log(6), 12);
    expect(logAbsDet([[0, 1], [1, 0]])).toBeCloseTo(0, 12); // det −1 needs a row swap
    expect(logAbsDet([[1, 2, 3], [0, 1, 4], [5, 6, 0]])).toBeCloseTo(0, 12); // det 1
    expect(logAbsDet([[1, 2], [2, 4]])).toBe(-Infinity);
  });
  it("the autodiff Jacobian of x ↦ x A is Aᵀ on every row", async () => {
    const a = [[1, 2], [3, -4]];
    const x = tf.tensor2d([[0.5, -1], [2, 3]]);
    const A = tf.tensor2d(a);
    const jac = await autodiffJacobians((v) => tf.matMul(v, A), x);
    for (const j of jac) expect(j).toEqual([[1, 3], [2, -4]]);
    tf.dispose([x, A]);
  });
});

describe("the standard normal base", () => {
  it("its log-density (the solutions' standardNormalLogProb, exercise (c)) is −½|z|² − (D/2) log 2π", async () => {
    const z = tf.tensor2d([[0, 0, 0], [1, -2, 0.5]]);
    const lp = await standardNormalLogProb(z).data();
    expect(lp[0]).toBeCloseTo(-1.5 * LOG_2PI, 5);
    expect(lp[1]).toBeCloseTo(-0.5 * (1 + 4 + 0.25) - 1.5 * LOG_2PI, 5);
    z.dispose();
  });
  it("samples are reproducible from the seed and have unit variance", async () => {
    const s1 = Array.from(await new StandardNormal(2).sample(20000, 5).data());
    const s2 = await new StandardNormal(2).sample(20000, 5).data();
    expect(s1).toEqual(Array.from(s2));
    const mean = s1.reduce((a, b) => a + b, 0) / s1.length;
    const variance = s1.reduce((a, b) => a + (b - mean) ** 2, 0) / s1.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});

describe("seeded randomness", () => {
  it("the same seed gives the same stream, another seed another stream", () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.uniform())(new Rng(1)));
    const b = Array.from({ length: 5 }, ((r) => () => r.uniform())(new Rng(1)));
    const c = Array.from({ length: 5 }, ((r) => () => r.uniform())(new Rng(2)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it("minibatches cover every row once per epoch", () => {
    const sampler = new MinibatchSampler(10, 4, 0);
    const epoch = [...sampler.next(), ...sampler.next(), ...sampler.next()].slice(0, 10);
    expect([...epoch].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("the conditioner MLP", () => {
  it("starts at exactly zero output, so a fresh coupling is the identity", async () => {
    const net = new Mlp({ inputDim: 2, outputDim: 4, seed: 3 });
    const out = net.apply(tf.randomNormal([8, 2]) as tf.Tensor2D);
    expect(Array.from(await out.data()).every((v) => v === 0)).toBe(true);
    const layer = new AffineCoupling([1, 0], { seed: 3 });
    const x = tf.tensor2d([[1.5, -2], [0.3, 4]]);
    expect(Array.from(await layer.forward(x).output.data())).toEqual(Array.from(Float32Array.from([1.5, -2, 0.3, 4])));
    net.dispose();
    layer.dispose();
  });
  it("builds the same weights from the same seed", async () => {
    const [a, b] = [new Mlp({ inputDim: 2, outputDim: 2, seed: 8 }), new Mlp({ inputDim: 2, outputDim: 2, seed: 8 })];
    expect(Array.from(await a.weights[0].data())).toEqual(Array.from(await b.weights[0].data()));
    a.dispose();
    b.dispose();
  });
  it("refuses a non-integer width with a clear message", () => {
    expect(() => new Mlp({ inputDim: 2, outputDim: 2, hidden: [0] })).toThrow(/Mlp: 'hidden' must be positive integers; got \[0\]/);
  });
});

describe("density, sampling and evaluation", () => {
  it("an identity flow's density is the standard normal and its NLL is its closed form", async () => {
    const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 2 }); // zero-initialised: the identity
    const x = [[0, 0], [1, 1]];
    const nll = await meanNll(flow, x, flowLogProb);
    expect(nll).toBeCloseTo(LOG_2PI + 0.5, 5); // mean of log 2π and log 2π + 1
    expect(bitsPerDim(nll, 2)).toBeCloseTo(nll / (2 * Math.LN2), 12);
    const lp = flowLogProb(flow, tf.tensor2d(x));
    expect((await lp.data())[0]).toBeCloseTo(-LOG_2PI, 5);
    const s = sample(flow, 4, 1);
    expect(s.shape).toEqual([4, 2]);
    flow.dispose();
  });
});

describe("the hot paths free their tensors", () => {
  it("evaluation, sampling, log-density and the independent NLL leave no tensor behind", async () => {
    const { independentNll } = await import("../../src/checks/likelihood-check");
    const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 4 });
    const x = tf.tensor2d(new Rng(1).normalRows(64, 2));
    const once = async () => {
      await meanNll(flow, x, flowLogProb, 16);
      tf.dispose([sample(flow, 8, 2), flowLogProb(flow, x)]);
      await independentNll(flow, x, standardNormalLogProb);
    };
    await once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await once();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    flow.dispose();
  });
});
