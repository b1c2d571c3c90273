/**
 * The GPU path, on whatever WebGPU adapter Dawn finds (in CI: Mesa's lavapipe, a software one):
 * the reference 2D flow and a small image flow train on `webgpu` with the same initial weights
 * and the same batches as on `wasm`, and every step's loss agrees within
 * BACKEND_LOSS_AGREEMENT. Where Dawn finds no adapter, the tests are skipped and
 * test/support/webgpu-available.ts prints one line saying why.
 *
 * Kept small (lavapipe runs WebGPU on the CPU, several times slower than wasm).
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { imageShape, initializeActNorms, multiscaleFlow } from "../../src/bijectors/image";
import { makeDataset } from "../../src/datasets";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizationNoise, dequantizedTrainingLoss } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { couplingFlow } from "../../src/flows";
import { BACKEND_LOSS_AGREEMENT } from "../../src/tolerances";
import { train } from "../../src/train";
import { ActNorm, AffineCoupling, Invertible1x1Conv, nllLoss } from "../../solutions";
import { WEBGPU } from "../support/webgpu-available";

/** Largest |a_i − b_i| / max(1, |b_i|) over two loss histories of the same length. */
function maxRelativeGap(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
}

/** Runs `body` on each backend in turn (a fresh flow each time: same seed, same initial weights). */
async function onBothBackends(body: () => Promise<number[]>): Promise<{ wasm: number[]; webgpu: number[]; ms: Record<string, number> }> {
  const out: Record<string, number[]> = {};
  const ms: Record<string, number> = {};
  for (const backend of ["wasm", "webgpu"] as const) {
    await selectBackend(backend);
    const t0 = performance.now();
    out[backend] = await body();
    ms[backend] = performance.now() - t0;
  }
  return { wasm: out.wasm, webgpu: out.webgpu, ms };
}

afterAll(async () => {
  await selectBackend("wasm");
});

describe("training on webgpu matches wasm (same weights, same batches)", () => {
  it.skipIf(!WEBGPU.available)("the reference RealNVP on two moons: 10 steps, every loss within the tolerance", async () => {
    const data = makeDataset("moons", { seed: 0 });
    const r = await onBothBackends(async () => {
      const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 8, hidden: [64, 64], seed: 0 });
      const before = tf.memory().numTensors;
      const t = await train(flow, data.train, { lossFn: nllLoss, steps: 10, batchSize: 128, learningRate: 1e-3, seed: 0 });
      expect(tf.memory().numTensors, `${tf.getBackend()}: no tensor leaked`).toBe(before);
      flow.dispose();
      return t.lossHistory;
    });
    const gap = maxRelativeGap(r.webgpu, r.wasm);
    console.log(`RealNVP 2D: max relative loss gap webgpu vs wasm ${gap.toExponential(2)} over 10 steps (wasm ${r.ms.wasm.toFixed(0)} ms, webgpu ${r.ms.webgpu.toFixed(0)} ms)`);
    expect(gap).toBeLessThanOrEqual(BACKEND_LOSS_AGREEMENT);
    expect(r.wasm[9]).toBeLessThan(r.wasm[0]); // it trained
  }, 300_000);

  it.skipIf(!WEBGPU.available)("a small multiscale image flow (ActNorm, 1×1 conv, conv couplings) on 14×14 digits: 3 steps", async () => {
    const digits = await loadDigits({ size: 14, nTrain: 64, nTest: 10, seed: 0 });
    const r = await onBothBackends(async () => {
      const x = digitsTensor(digits.train);
      const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 1, hidden: 4, seed: 0, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
      tf.tidy(() => initializeActNorms(flow, deq.uniformDequantize(tf.slice(x, [0, 0], [64, 196]) as tf.Tensor2D, dequantizationNoise([64, 196], 99))));
      const t = await train(flow, x, { lossFn: dequantizedTrainingLoss(deq, { seed: 0 }), steps: 3, batchSize: 8, learningRate: 3e-3, seed: 0 });
      flow.dispose();
      x.dispose();
      return t.lossHistory;
    });
    const gap = maxRelativeGap(r.webgpu, r.wasm);
    console.log(`multiscale 14×14: max relative loss gap webgpu vs wasm ${gap.toExponential(2)} over 3 steps (wasm ${r.ms.wasm.toFixed(0)} ms, webgpu ${r.ms.webgpu.toFixed(0)} ms)`);
    expect(gap).toBeLessThanOrEqual(BACKEND_LOSS_AGREEMENT);
  }, 300_000);
});
