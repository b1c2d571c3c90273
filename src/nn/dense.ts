/**
 * One fully connected layer as one fused kernel, with a gradient that stays on XNNPACK.
 *
 *   y = act(x W + b)          x: [N, fanIn],  W: [fanIn, fanOut],  b: [fanOut],  act ∈ {linear, relu}
 *
 * Gradient, with g = ∂L/∂y ⊙ act′(y)  (for ReLU, act′ = step(y): 1 where y > 0, else 0):
 *
 *   ∂L/∂x = g Wᵀ            ∂L/∂W = xᵀ g            ∂L/∂b = 1ᵀ g  (the column sums of g)
 *
 * Why not `tf.add(tf.matMul(x, W), b)` and `tf.relu`: that is three kernels forward, and tfjs's
 * matMul gradient asks for products with `transposeA` / `transposeB`, which the wasm backend
 * runs in a scalar fallback loop (about 2 ms for a 512×64 by 64×64 product on the course
 * machine, against 0.3 ms through XNNPACK). Here the forward is the fused kernel (product, bias
 * and ReLU in one) and the backward transposes explicitly, so that every product is a plain
 * one; the column sums are the product 1ᵀ g, which is also far faster on wasm than
 * `tf.sum(g, 0)`. The values are those of the three-kernel version up to float32 rounding.
 *
 * @example
 *   const h = dense(x, w, b, "relu");   // [512, 2] · [2, 64] + [64] → [512, 64]
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../bijectors/errors";

export type DenseActivation = "linear" | "relu";

const denseOps: Record<DenseActivation, (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D> = {
  linear: makeDense("linear"),
  relu: makeDense("relu"),
};

function makeDense(activation: DenseActivation) {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = fusedMatMulKernel(x, w, b, activation);
    save(activation === "relu" ? [x, w, y] : [x, w]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as tf.Tensor2D[];
        const g = (activation === "relu" ? tf.mul(dy, tf.step(ys)) : dy) as tf.Tensor2D;
        const dx = tf.matMul(g, tf.transpose(ws));
        const dw = weightGradient(xs, g);
        const db = tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
        return [dx, dw, db];
      },
    };
  });
  return (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => op(x, w, b) as tf.Tensor2D;
}

/**
 * ∂L/∂W = xᵀ g, transposing the narrower of x [N, fanIn] and g [N, fanOut] (transposes of
 * N×64 matrices are the slow part on wasm): xᵀ g directly when fanIn ≤ fanOut, else (gᵀ x)ᵀ,
 * whose outer transpose is only fanOut × fanIn.
 */
function weightGradient(x: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  return x.shape[1] <= g.shape[1] ? tf.matMul(tf.transpose(x), g) : (tf.transpose(tf.matMul(tf.transpose(g), x)) as tf.Tensor2D);
}

/**
 * The backend's `_FusedMatMul` kernel, called directly. `tf.fused.matMul` falls back to three
 * kernels whenever a gradient is being recorded (tfjs fuses only the linear case then); inside
 * this custom-gradient op nothing is recorded, so the fused kernel is safe. It takes rank-3
 * operands (a batch of one matrix); the reshapes share the data.
 */
function fusedMatMulKernel(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation): tf.Tensor2D {
  const [n, fanOut] = [x.shape[0], w.shape[1]];
  const inputs = { a: tf.reshape(x, [1, n, x.shape[1]]), b: tf.reshape(w, [1, w.shape[0], fanOut]), bias: b };
  const attrs = { transposeA: false, transposeB: false, activation };
  const y = tf.engine().runKernel(tf._FusedMatMul, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D;
  return tf.reshape(y, [n, fanOut]);
}

/** act(x W + b) as one kernel; see the file comment for the math and the gradient. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation = "linear"): tf.Tensor2D {
  if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1 || x.shape[1] !== w.shape[0] || b.shape[0] !== w.shape[1]) {
    throw new ShapeError(
      `dense: need x [N, fanIn], W [fanIn, fanOut], b [fanOut] with matching sizes; got x [${x.shape}], W [${w.shape}], b [${b.shape}].`,
    );
  }
  const op = denseOps[activation];
  if (!op) throw new ShapeError(`dense: 'activation' must be "linear" or "relu"; got ${JSON.stringify(activation)}.`);
  return op(x, w, b);
}
