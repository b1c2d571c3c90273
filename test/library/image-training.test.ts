/**
 * Smoke test: a small multiscale flow (squeeze, split, ActNorm, 1×1 convs, conv couplings) learns
 * 14×14 digits. Held-out bits/dim (dequantized, with the D·log 256 term) must fall by more than a
 * bit from where the data-initialised flow starts (≈ 8.1), the trained flow must stay invertible
 * on held-out data, and samples at several temperatures must be finite, with colder ones closer
 * to the flow's image of the latent origin.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { imageShape, initializeActNorms, multiscaleFlow, sampleWithTemperature } from "../../src/bijectors/image";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizationNoise, dequantizedBitsPerDim, dequantizedTrainingLoss } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { train } from "../../src/train";
import { ActNorm } from "../../solutions/actnorm";
import { AffineCoupling } from "../../solutions/affine-coupling";
import { Invertible1x1Conv, type Invertible1x1ConvOptions } from "../../solutions/invertible-conv";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("a small multiscale flow on 14×14 digits", () => {
  it("lowers held-out bits/dim by more than 1 in 80 steps, stays invertible, and samples at any temperature", async () => {
    const digits = await loadDigits({ size: 14, nTrain: 2000, nTest: 300, seed: 0 });
    const xTrain = digitsTensor(digits.train);
    const xTest = digitsTensor(digits.test);
    const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 1, hidden: 8, seed: 0, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
    try {
      const first = tf.slice(xTrain, [0, 0], [256, 196]) as tf.Tensor2D;
      const u0 = dequantizationNoise([256, 196], 99);
      const y0 = deq.uniformDequantize(first, u0);
      initializeActNorms(flow, y0);
      tf.dispose([first, u0, y0]);
      const before = await dequantizedBitsPerDim(flow, xTest, deq, { seed: 1 });
      await train(flow, xTrain, { lossFn: dequantizedTrainingLoss(deq, { seed: 0 }), steps: 80, batchSize: 32, learningRate: 3e-3, seed: 0 });
      const after = await dequantizedBitsPerDim(flow, xTest, deq, { seed: 1 });
      if (process.env.FLOWLAB_VERBOSE) console.log({ before, after });
      expect(before).toBeGreaterThan(7.5);
      expect(after).toBeLessThan(before - 1);

      const u = dequantizationNoise([xTest.shape[0], xTest.shape[1]], 2);
      const y = deq.uniformDequantize(xTest, u);
      u.dispose();
      const z = flow.forward(y);
      const back = flow.inverse(z.output);
      const roundTrip = tf.max(tf.abs(tf.sub(back.output, y)));
      expect((await roundTrip.data())[0]).toBeLessThan(1e-3);
      tf.dispose([y, z.output, z.logDet, back.output, back.logDet, roundTrip]);

      const spread: number[] = [];
      for (const temperature of [0, 0.5, 1]) {
        const x = sampleWithTemperature(flow, 8, { seed: 3, temperature });
        const origin = sampleWithTemperature(flow, 1, { seed: 3, temperature: 0 });
        const d = tf.tidy(() => tf.mean(tf.abs(tf.sub(x, origin))));
        const [v] = await d.data();
        expect(Number.isFinite(v)).toBe(true);
        spread.push(v);
        tf.dispose([x, origin, d]);
      }
      expect(spread[0]).toBeLessThan(1e-6);
      expect(spread[1]).toBeLessThan(spread[2]);
    } finally {
      flow.dispose();
      tf.dispose([xTrain, xTest]);
    }
  });
});
