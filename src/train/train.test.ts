/**
 * train(): losses are read back in blocks (no per-step read), yet every step's loss is recorded,
 * a NaN is reported at the step where it happened, and no tensor is left behind.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend";
import { makeDataset } from "../datasets";
import { couplingFlow } from "../flows";
import { AffineCoupling, nllLoss } from "../../solutions";
import { NonFiniteLossError, train, type LossFn } from "./train";

beforeAll(async () => {
  await selectBackend("wasm");
});

const data = makeDataset("moons", { seed: 0 });
const smallFlow = () => couplingFlow(AffineCoupling, { dim: 2, layers: 2, hidden: [8], seed: 0 });
const OPTIONS = { lossFn: nllLoss, steps: 30, batchSize: 64, learningRate: 1e-3, seed: 0 };

/** Counts Tensor.prototype.data calls while `body` runs. */
async function countReads<T>(body: () => Promise<T>): Promise<{ value: T; reads: number }> {
  const proto = tf.Tensor.prototype as unknown as { data: (...a: unknown[]) => Promise<unknown> };
  const original = proto.data;
  let reads = 0;
  proto.data = function (this: tf.Tensor, ...a: unknown[]) {
    reads++;
    return original.apply(this, a);
  };
  try {
    return { value: await body(), reads };
  } finally {
    proto.data = original;
  }
}

describe("train reads the loss in blocks", () => {
  it("records every step's loss, the same values as reading every step, in steps/lossReadEvery reads", async () => {
    const a = smallFlow();
    const b = smallFlow();
    const tensorsBefore = tf.memory().numTensors;
    const everyStep = await countReads(() => train(a, data.train, { ...OPTIONS, lossReadEvery: 1 }));
    const blocks = await countReads(() => train(b, data.train, { ...OPTIONS, lossReadEvery: 10 }));
    expect(tf.memory().numTensors, "train leaks no tensor").toBe(tensorsBefore);
    expect(everyStep.reads).toBe(30);
    expect(blocks.reads).toBe(3);
    expect(blocks.value.lossHistory).toHaveLength(30);
    expect(blocks.value.lossHistory).toEqual(everyStep.value.lossHistory);
    a.dispose();
    b.dispose();
  });

  it("names the first step whose loss is NaN, though it is read up to lossReadEvery steps later", async () => {
    const flow = smallFlow();
    let calls = 0;
    const nanAtStep7: LossFn = (f, x) => {
      calls++;
      const loss = nllLoss(f, x);
      return calls === 7 ? tf.mul(loss, NaN) : loss;
    };
    const tensorsBefore = tf.memory().numTensors;
    const err = await train(flow, data.train, { ...OPTIONS, lossFn: nanAtStep7, lossReadEvery: 10 }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as Error).message).toMatch(/the loss is NaN at step 7;/);
    expect(tf.memory().numTensors, "no tensor left after the error").toBe(tensorsBefore);
    flow.dispose();
  });

  it("reads at every progress report, so onProgress sees the loss of that very step", async () => {
    const flow = smallFlow();
    const seen: Array<[number, number]> = [];
    const r = await train(flow, data.train, { ...OPTIONS, progressEvery: 7, lossReadEvery: 25, onProgress: (p) => void seen.push([p.step, p.loss]) });
    expect(seen.map(([s]) => s)).toEqual([7, 14, 21, 28, 30]);
    for (const [step, loss] of seen) expect(loss).toBe(r.lossHistory[step - 1]);
    flow.dispose();
  });

  it("rejects a lossReadEvery that is not a positive integer", async () => {
    const flow = smallFlow();
    await expect(train(flow, data.train, { ...OPTIONS, lossReadEvery: 0 })).rejects.toThrow(/'lossReadEvery' must be a positive integer; got 0/);
    flow.dispose();
  });
});
