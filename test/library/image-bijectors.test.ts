/**
 * The image bijectors (src/bijectors/image/) through the one shared validator, on small shapes
 * (the autodiff Jacobian costs D gradient calls), plus the facts each layer's docstring states:
 * the squeeze's index map, ActNorm's data-dependent init, the LU factors of the 1×1 convolution,
 * the conv conditioner's custom gradient against tfjs's own, and temperature sampling.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { Chain, type Bijector } from "../../src/bijectors";
import {
  imageAffineCoupling,
  imageMask,
  imageShape,
  initializeActNorms,
  luDecompose,
  multiscaleFlow,
  randomRotation,
  sampleWithTemperature,
  Split,
  Squeeze,
  Unsqueeze,
} from "../../src/bijectors/image";
import { checkBijector, expectValidBijector } from "../../src/checks";
import { logAbsDet } from "../../src/checks/jacobian";
import { conv2dSame } from "../../src/nn/conv-net";
import { ActNorm } from "../../solutions/actnorm";
import { AffineCoupling } from "../../solutions/affine-coupling";
import * as unwritten from "../../exercises/affine-coupling";
import { Invertible1x1Conv, type Invertible1x1ConvOptions } from "../../solutions/invertible-conv";

beforeAll(async () => {
  await selectBackend("wasm");
});

const s = imageShape;
const cases: [string, () => Bijector, number?][] = [
  ["Squeeze 4x4x1", () => new Squeeze(s(4, 4, 1))],
  ["Squeeze 2x4x3", () => new Squeeze(s(2, 4, 3))],
  ["Unsqueeze 2x2x4", () => new Unsqueeze(s(2, 2, 4))],
  ["ActNorm 4x4x2", () => new ActNorm(s(4, 4, 2))],
  ["Invertible1x1Conv 4x4x4", () => new Invertible1x1Conv(s(4, 4, 4), { seed: 1 })],
  ["Invertible1x1Conv 2x2x3 (odd C)", () => new Invertible1x1Conv(s(2, 2, 3), { seed: 2 })],
  ["Invertible1x1Conv 3x3x1", () => new Invertible1x1Conv(s(3, 3, 1), { seed: 3 })],
  ["ImageAffineCoupling 4x4x1 checkerboard, conv", () => imageAffineCoupling(AffineCoupling, s(4, 4, 1), { mask: "checkerboard", parity: 0, hidden: 8, seed: 1 })],
  ["ImageAffineCoupling 4x4x2 channel parity 1, conv", () => imageAffineCoupling(AffineCoupling, s(4, 4, 2), { mask: "channel", parity: 1, hidden: 8, seed: 2 })],
  ["ImageAffineCoupling 3x3x2 checkerboard parity 1, dense", () => imageAffineCoupling(AffineCoupling, s(3, 3, 2), { mask: "checkerboard", parity: 1, conditioner: "dense", hidden: 16, seed: 3 })],
  ["Split 2x2x4 around a coupling", () => new Split(s(2, 2, 4), imageAffineCoupling(AffineCoupling, s(2, 2, 2), { mask: "channel", hidden: 4, seed: 4 }))],
  ["multiscaleFlow 4x4x1, 1 level, 1 step", () => multiscaleFlow({ shape: s(4, 4, 1), levels: 1, steps: 1, hidden: 4, seed: 5, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling }), 0.1],
];

describe("every image bijector passes the shared validator", () => {
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

  it("the validator catches an ActNorm whose log-det forgets the H·W pixels", async () => {
    class ForgetsPixels extends ActNorm {
      override forward(x: tf.Tensor2D) {
        const r = super.forward(x);
        const wrong = tf.tidy(() => tf.div(r.logDet, 16)) as tf.Tensor1D;
        r.logDet.dispose();
        return { output: r.output, logDet: wrong };
      }
    }
    const b = new ForgetsPixels(s(4, 4, 1));
    const failed = (await checkBijector(b, { seed: 1 })).filter((r) => !r.passed).map((r) => r.check);
    b.dispose();
    expect(failed).toEqual(expect.arrayContaining(["log-det-forward", "inverse-log-det"]));
  });
});

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe("squeeze", () => {
  it("moves x[2i + a, 2j + b, c] to z[i, j, 4c + 2a + b], and unsqueeze moves it back", async () => {
    const shape = s(4, 6, 2);
    const sq = new Squeeze(shape);
    const x = tf.range(0, 48).reshape([1, 48]) as tf.Tensor2D; // x at (h, w, c) holds (h·6 + w)·2 + c
    const r = sq.forward(x);
    const z = await values(r.output);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
      expect(z[(i * 3 + j) * 8 + 4 * c + 2 * a + b]).toBe(((2 * i + a) * 6 + 2 * j + b) * 2 + c);
    }
    const un = new Unsqueeze(sq.outputShape);
    const back = un.forward(tf.tensor2d(z, [1, 48]));
    expect(await values(back.output)).toEqual(await values(x));
    tf.dispose([r.logDet, back.logDet]);
  });

  it("refuses odd sizes with a message naming the shape", () => {
    expect(() => new Squeeze(s(7, 7, 4))).toThrow(/Squeeze: a 2×2 squeeze needs an even height and width; got 7x7x4/);
    expect(() => multiscaleFlow({ shape: s(14, 14, 1), levels: 2, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling })).toThrow(/level 2 of 2.*got 7x7x2/);
  });
});

describe("imageAffineCoupling: the caller's exercise (b) class with an image conditioner", () => {
  it("is an instance of the caller's class, keeps exactly its own weights [a, ...conditioner] (the parent's MLP freed), and dispose frees everything", () => {
    const before = tf.memory().numTensors;
    const layer = imageAffineCoupling(AffineCoupling, s(4, 4, 2), { mask: "channel", parity: 1, hidden: 4, seed: 2 });
    const dense = imageAffineCoupling(AffineCoupling, s(3, 3, 2), { conditioner: "dense", hidden: 5, seed: 3 });
    try {
      expect(layer).toBeInstanceOf(AffineCoupling);
      expect(Object.getPrototypeOf(layer)).toBe(Object.getPrototypeOf(dense));
      expect(layer.name).toBe("ImageAffineCoupling(4x4x2, channel 1, conv)");
      expect(layer.dim).toBe(32);
      const vars = layer.trainableVariables();
      expect(vars[0]).toBe(layer.scaleBound);
      expect(vars.map((v) => v.shape)).toEqual([[2], [3, 3, 2, 4], [1, 1, 4, 4], [3, 3, 4, 4], [4], [4], [4]]);
      expect(dense.trainableVariables().map((v) => v.shape)).toEqual([[2], [18, 5], [5, 5], [5, 36], [5], [5], [36]]);
      // each layer: its mask and inverse mask, and its weights; nothing of the parent's MLP
      const held = [layer, dense].reduce((n, b) => n + 2 + b.trainableVariables().length, 0);
      expect(tf.memory().numTensors - before).toBe(held);
    } finally {
      layer.dispose();
      dense.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("computes nothing of the transformation itself: with the unwritten template, forward and inverse are the template's", () => {
    const layer = imageAffineCoupling(unwritten.AffineCoupling as typeof AffineCoupling, s(2, 2, 1), { hidden: 2 });
    const x = tf.zeros([1, 4]) as tf.Tensor2D;
    try {
      expect(() => layer.forward(x)).toThrow(/Exercise \(b\) AffineCoupling\.forward is not implemented yet/);
      expect(() => layer.inverse(x)).toThrow(/Exercise \(b\) AffineCoupling\.inverse is not implemented yet/);
    } finally {
      x.dispose();
      layer.dispose();
    }
  });

  it("refuses what is not exercise (b)'s class, naming the argument", () => {
    expect(() => imageAffineCoupling(null as unknown as typeof AffineCoupling, s(2, 2, 1))).toThrow(/imageAffineCoupling: 'affineCoupling' must be a class \(a constructor\); got null/);
    expect(() => imageAffineCoupling(Squeeze as unknown as typeof AffineCoupling, s(2, 2, 1))).toThrow(/must be a class like exercise \(b\)'s AffineCoupling, with a scaleAndShift\(v\) method; Squeeze has none/);
  });
});

describe("masks", () => {
  it("checkerboard alternates over pixels, channel splits the channels; parity flips them", () => {
    expect(imageMask(s(2, 2, 1), "checkerboard", 0)).toEqual([1, 0, 0, 1]);
    expect(imageMask(s(2, 2, 1), "checkerboard", 1)).toEqual([0, 1, 1, 0]);
    expect(imageMask(s(1, 2, 4), "channel", 0)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    expect(imageMask(s(1, 1, 4), "channel", 1)).toEqual([0, 0, 1, 1]);
    expect(() => imageMask(s(4, 4, 1), "channel", 0)).toThrow(/at least 2 channels; got 4x4x1/);
  });
});

describe("ActNorm", () => {
  it("data-dependent init gives each channel zero mean and unit variance on the init batch", async () => {
    const shape = s(3, 3, 2);
    const norm = new ActNorm(shape);
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([64, 18], 0, 1, "float32", 1), tf.tile(tf.tensor1d([3, 0.5]), [9])), tf.tile(tf.tensor1d([5, -2]), [9]))) as tf.Tensor2D;
    norm.initialize(x);
    const r = norm.forward(x);
    const { mean, variance } = tf.moments(tf.reshape(r.output, [-1, 2]), 0);
    for (const m of await values(mean)) expect(Math.abs(m)).toBeLessThan(1e-5);
    for (const v of await values(variance)) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    expect(norm.initialized).toBe(true);
    tf.dispose([x, r.output, r.logDet]);
    norm.dispose();
  });

  it("initializeActNorms initialises every ActNorm of a nested multiscale flow in order, and leaks nothing", async () => {
    const flow = multiscaleFlow({ shape: s(4, 4, 1), levels: 1, steps: 2, hidden: 4, seed: 1, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
    const x = tf.randomUniform([32, 16], 0, 1, "float32", 2) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    expect(initializeActNorms(flow, x)).toBe(6); // 2 steps at each of 4x4x1, 2x2x4 and 2x2x2
    expect(tf.memory().numTensors).toBe(before);
    const z = flow.forward(x);
    // the last ActNorm saw its input normalised, so the latent is roughly standardised overall
    const { variance } = tf.moments(z.output);
    expect((await values(variance))[0]).toBeGreaterThan(0.3);
    tf.dispose([x, z.output, z.logDet]);
    flow.dispose();
  });
});

describe("Invertible1x1Conv", () => {
  it("P·L·U reproduces the matrix it factors, and the rotation is orthogonal", () => {
    const a = randomRotation(5, 7);
    const { p, l, u } = luDecompose(a);
    const mul = (x: number[][], y: number[][]) => x.map((row) => y[0].map((_, j) => row.reduce((acc, v, k) => acc + v * y[k][j], 0)));
    const plu = mul(p, mul(l, u));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(plu[i][j]).toBeCloseTo(a[i][j], 12);
    const ata = mul(a.map((_, i) => a.map((r) => r[i])), a);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(ata[i][j]).toBeCloseTo(i === j ? 1 : 0, 12);
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(l[i][j]).toBe(0);
  });

  it("after random training-like updates, W·W⁻¹ = I and the log-det per pixel is log|det W| (float64 LU)", async () => {
    const conv = new Invertible1x1Conv(s(2, 3, 6), { seed: 4 });
    tf.tidy(() => {
      for (const v of conv.trainableVariables()) v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.3, "float32", 9)));
    });
    const w = tf.tidy(() => conv.weight());
    const wInv = tf.tidy(() => conv.inverseWeight());
    const prod = (await tf.matMul(w, wInv).array()) as number[][];
    prod.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-4)));
    const r = conv.forward(tf.zeros([1, 36]));
    const logDet = (await values(r.logDet))[0];
    expect(logDet).toBeCloseTo(6 * logAbsDet((await w.array()) as number[][]), 3);
    tf.dispose([w, wInv, r.output]);
    conv.dispose();
  });
});

describe("the conv conditioner's custom gradient", () => {
  it("equals tfjs's own conv2d gradients (cpu backend) for 3×3 and 1×1 kernels", async () => {
    await selectBackend("cpu");
    try {
      for (const k of [3, 1]) {
        const x = tf.randomNormal([2, 5, 4, 3], 0, 1, "float32", 1) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, 3, 2], 0, 1, "float32", 2) as tf.Tensor4D;
        const weights = tf.randomNormal([2, 5, 4, 2], 0, 1, "float32", 3);
        const loss = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), weights));
        const ours = tf.grads(loss(conv2dSame))([x, w]);
        const theirs = tf.grads(loss((a, b) => tf.conv2d(a, b, 1, "same")))([x, w]);
        for (let i = 0; i < 2; i++) {
          const diff = await values(tf.max(tf.abs(tf.sub(ours[i], theirs[i]))));
          expect(diff[0], `kernel ${k}, gradient ${i === 0 ? "dx" : "dw"}`).toBeLessThan(1e-4);
        }
        tf.dispose([x, w, weights, ...ours, ...theirs]);
      }
    } finally {
      await selectBackend("wasm");
    }
  });
});

describe("Split and temperature sampling", () => {
  it("Split refuses odd channels and an inner bijector of the wrong dimension", () => {
    const inner = new ActNorm(s(2, 2, 1));
    expect(() => new Split(s(2, 2, 3), inner)).toThrow(/channels must be even \(half are factored out\); got 2x2x3/);
    expect(() => new Split(s(2, 2, 4), inner)).toThrow(/'inner' must be a bijector of dimension 8 \(images 2x2x2\); got ActNorm\(2x2x1\) of dimension 4/);
    inner.dispose();
  });

  it("Split leaves the factored-out channels unchanged, at the end of the row", async () => {
    const inner = new ActNorm(s(1, 1, 2));
    tf.tidy(() => inner.bias.assign(tf.tensor1d([10, 20])));
    const split = new Split(s(1, 1, 4), inner);
    const r = split.forward(tf.tensor2d([[1, 2, 3, 4]]));
    expect(await values(r.output)).toEqual([11, 22, 3, 4]);
    r.logDet.dispose();
    split.dispose();
  });

  it("temperature 0 maps every sample to f⁻¹(0); a seed fixes the samples", async () => {
    const flow = new Chain([new ActNorm(s(2, 2, 1))]);
    tf.tidy(() => (flow.bijectors[0] as ActNorm).bias.assign(tf.tensor1d([3])));
    const cold = await values(sampleWithTemperature(flow, 3, { seed: 1, temperature: 0 }));
    expect(cold).toEqual(new Array(12).fill(-3));
    const a = await values(sampleWithTemperature(flow, 4, { seed: 5, temperature: 0.5 }));
    const b = await values(sampleWithTemperature(flow, 4, { seed: 5, temperature: 0.5 }));
    const hot = await values(sampleWithTemperature(flow, 4, { seed: 5, temperature: 1 }));
    expect(a).toEqual(b);
    a.forEach((v, i) => expect(hot[i] + 3).toBeCloseTo(2 * (v + 3), 5));
    expect(() => sampleWithTemperature(flow, 2, { temperature: -1 })).toThrow(/'temperature' must be a finite number ≥ 0; got -1/);
    flow.dispose();
  });
});
