/** FlatAdam is tf.train.adam with fewer kernels: the same numbers, no leaks. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend";
import { FlatAdam } from "./flat-adam";

beforeAll(async () => {
  await selectBackend("wasm");
});

/** Three variables of different ranks, and a loss that touches all of them non-linearly. */
function problem(seed: number) {
  const vars = [
    tf.variable(tf.randomNormal([3, 4], 0, 1, "float32", seed)),
    tf.variable(tf.randomNormal([4], 0, 1, "float32", seed + 1)),
    tf.variable(tf.randomNormal([4, 2], 0, 1, "float32", seed + 2)),
  ];
  const x = tf.randomNormal([16, 3], 0, 1, "float32", seed + 3);
  const loss = () => tf.tidy(() => tf.mean(tf.square(tf.tanh(tf.matMul(tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1])), vars[2])))) as tf.Scalar);
  return { vars, x, loss };
}

describe("FlatAdam", () => {
  it("gives exactly the values of tf.train.adam after 25 steps, for every variable", async () => {
    const a = problem(7);
    const b = problem(7);
    const reference = tf.train.adam(0.01);
    const flat = new FlatAdam(b.vars, { learningRate: 0.01 });
    for (let step = 0; step < 25; step++) {
      reference.minimize(a.loss, true, a.vars)?.dispose();
      flat.minimize(b.loss).dispose();
    }
    for (let i = 0; i < a.vars.length; i++) {
      const [want, got] = [await a.vars[i].data(), await b.vars[i].data()];
      const maxDiff = Math.max(...got.map((g, j) => Math.abs(g - want[j])));
      expect(maxDiff, `variable ${i}: the same float32 operations in the same order`).toBe(0);
    }
    reference.dispose();
    flat.dispose();
    tf.dispose([...a.vars, a.x, ...b.vars, b.x]);
  });

  it("leaves a variable with no gradient where it was", async () => {
    const used = tf.variable(tf.scalar(1));
    const unused = tf.variable(tf.tensor1d([3, 4]));
    const adam = new FlatAdam([used, unused], { learningRate: 0.1 });
    for (let i = 0; i < 3; i++) adam.minimize(() => tf.square(used) as tf.Scalar).dispose();
    expect(Array.from(await unused.data())).toEqual([3, 4]);
    expect((await used.data())[0]).toBeLessThan(1);
    adam.dispose();
    tf.dispose([used, unused]);
  });

  it("does not leak tensors: a step and dispose() leave the count where it was", () => {
    const p = problem(3);
    const before = tf.memory().numTensors;
    const adam = new FlatAdam(p.vars);
    for (let i = 0; i < 3; i++) adam.minimize(p.loss).dispose();
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...p.vars, p.x]);
  });

  it("names the argument when the options are wrong", () => {
    const v = tf.variable(tf.scalar(0));
    expect(() => new FlatAdam([])).toThrow(/FlatAdam: 'variables' must be a non-empty array/);
    expect(() => new FlatAdam([v], { beta1: 1 })).toThrow(/FlatAdam: 'beta1' must be finite and ≥ 0 and < 1; got 1/);
    const adam = new FlatAdam([v]);
    expect(() => adam.applyGradients([])).toThrow(/need one gradient per variable \(1\); got 0/);
    adam.dispose();
    v.dispose();
  });
});
