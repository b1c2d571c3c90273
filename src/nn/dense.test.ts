/** dense() is relu(x W + b) / x W + b in one kernel: the same values and gradients, no leaks. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend";
import { dense, type DenseActivation } from "./dense";

beforeAll(async () => {
  await selectBackend("wasm");
});

/** The textbook three-kernel layer, which tfjs differentiates itself. */
function reference(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation = "linear"): tf.Tensor2D {
  const y = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
  return activation === "relu" ? tf.relu(y) : y;
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [u, v] = [await a.data(), await b.data()];
  let max = 0;
  for (let i = 0; i < u.length; i++) max = Math.max(max, Math.abs(u[i] - v[i]));
  return max;
}

// The MLP's three layer shapes: narrow input, square hidden, narrow output (each takes its own
// gradient path, see weightGradient).
const SHAPES: [number, number][] = [[2, 64], [64, 64], [64, 4]];

describe("dense", () => {
  for (const activation of ["relu", "linear"] as const) {
    for (const [fanIn, fanOut] of SHAPES) {
      it(`${activation} ${fanIn}→${fanOut}: value and the gradients for x, W and b match the three-kernel layer`, async () => {
        const x = tf.randomNormal([37, fanIn], 0, 1, "float32", 1) as tf.Tensor2D;
        const w = tf.randomNormal([fanIn, fanOut], 0, 1, "float32", 2) as tf.Tensor2D;
        const b = tf.randomNormal([fanOut], 0, 1, "float32", 3) as tf.Tensor1D;
        const weights = tf.randomNormal([37, fanOut], 0, 1, "float32", 4); // a loss that weighs every output
        const loss = (f: typeof dense) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, activation), weights));
        const want = tf.grads(loss(reference))([x, w, b]);
        const got = tf.grads(loss(dense))([x, w, b]);
        expect(await maxAbsDiff(dense(x, w, b, activation), reference(x, w, b, activation))).toBeLessThan(1e-4);
        for (let i = 0; i < 3; i++) {
          expect(got[i].shape, ["x", "W", "b"][i]).toEqual(want[i].shape);
          expect(await maxAbsDiff(got[i], want[i]), `∂L/∂${["x", "W", "b"][i]}`).toBeLessThan(1e-3);
        }
        tf.dispose([x, w, b, weights, ...want, ...got]);
      });
    }
  }

  it("frees everything but its result, also under a gradient", () => {
    const x = tf.randomNormal([8, 2]) as tf.Tensor2D;
    const w = tf.variable(tf.randomNormal([2, 3]) as tf.Tensor2D);
    const b = tf.variable(tf.zeros([3]) as tf.Tensor1D);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(dense(x, w, b, "relu")) as tf.Scalar, [w, b]);
    tf.dispose([value, grads[w.name], grads[b.name]]);
    dense(x, w, b).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });

  it("names the function and the shapes when they do not fit", () => {
    const x = tf.zeros([4, 3]) as tf.Tensor2D;
    const w = tf.zeros([2, 5]) as tf.Tensor2D;
    const b = tf.zeros([5]) as tf.Tensor1D;
    expect(() => dense(x, w, b)).toThrow(/dense: need x \[N, fanIn\], W \[fanIn, fanOut\], b \[fanOut\] with matching sizes; got x \[4,3\], W \[2,5\], b \[5\]/);
    const x2 = tf.zeros([4, 2]) as tf.Tensor2D;
    expect(() => dense(x2, w, b, "tanh" as DenseActivation)).toThrow(/dense: 'activation' must be "linear" or "relu"; got "tanh"/);
    tf.dispose([x, x2, w, b]);
  });
});
