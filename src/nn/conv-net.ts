/**
 * A small convolutional network, the conditioner of an image coupling layer, and the one
 * convolution it is built from.
 *
 *   conv2dSame(x, w):  y[b, i, j, o] = Σ_{di, dj, c} x[b, i + di − r, j + dj − r, c] · w[di, dj, c, o]
 *                      (stride 1, zero "same" padding, odd kernel k = 2r + 1), NHWC
 *   ConvNet:           h₁ = relu(conv_k(x) + b₁),  h₂ = relu(conv_1(h₁) + b₂),  out = conv_k(h₂) + b₃
 *
 * Why a custom gradient: the wasm backend has no Conv2DBackpropFilter kernel, so tfjs's own
 * conv2d cannot be trained there, and its Conv2DBackpropInput runs 7× slower than a forward
 * conv2d. Both gradients are written here as forward conv2d's, which XNNPACK runs fast:
 *   ∂L/∂x = conv2dSame(g, w̃),  w̃[di, dj, o, c] = w[k−1−di, k−1−dj, c, o]   (flipped, in/out swapped)
 *   ∂L/∂w[di, dj, c, o] = Σ_{b,i,j} xpad[b, i + di, j + dj, c] · g[b, i, j, o]
 *          = a "valid" conv2d of xpad read as [C, H+2r, W+2r, B] with g read as a [H, W, B, O] filter.
 * The values equal tfjs's own gradients up to float32 rounding (tested against the cpu backend).
 *
 * Initialisation (seeded): He-uniform for the hidden layers; the **last layer is zero**, so the
 * network outputs 0 and a fresh coupling is the identity (as Glow's zero-initialised last conv).
 *
 * @example
 *   const net = new ConvNet({ inChannels: 1, outChannels: 2, hidden: 32, seed: 1 });
 *   net.apply(images)    // [batch, 14, 14, 1] → [batch, 14, 14, 2]
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../bijectors/errors";
import { trainableVariable } from "./variable";

type ConvOp = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

const conv2dWithGrad: ConvOp = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, "same"),
    gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const k = ws.shape[0];
      const r = (k - 1) / 2;
      const wFlipped = tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const dx = tf.conv2d(dy, wFlipped, 1, "same");
      const xPad = r === 0 ? xs : tf.pad(xs, [[0, 0], [r, r], [r, r], [0, 0]]);
      const dw = tf.transpose(tf.conv2d(tf.transpose(xPad, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D, 1, "valid"), [1, 2, 0, 3]);
      return [dx, dw];
    },
  };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as ConvOp;

/** Stride-1, zero-padded ("same") 2-D convolution with an odd square kernel, trainable on every backend. */
export function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4 || w.rank !== 4) throw new ShapeError(`conv2dSame: 'x' and 'w' must have rank 4; got ranks ${x.rank} and ${w.rank}.`);
  if (w.shape[0] !== w.shape[1] || w.shape[0] % 2 !== 1) throw new ShapeError(`conv2dSame: the kernel must be square with an odd size; got ${w.shape[0]}×${w.shape[1]}.`);
  if (w.shape[2] !== x.shape[3]) throw new ShapeError(`conv2dSame: 'w' has ${w.shape[2]} input channels but 'x' has ${x.shape[3]}.`);
  return conv2dWithGrad(x, w);
}

export interface ConvNetOptions {
  inChannels: number;
  outChannels: number;
  /** Channels of the two hidden layers. Default 32. */
  hidden?: number;
  /** Size of the first and last kernels (odd). Default 3. */
  kernel?: number;
  /** Seeds the hidden layers' initial weights. Default 0. */
  seed?: number;
}

export class ConvNet {
  readonly kernels: tf.Variable<tf.Rank.R4>[] = [];
  readonly biases: tf.Variable<tf.Rank.R1>[] = [];
  readonly inChannels: number;
  readonly outChannels: number;

  constructor(options: ConvNetOptions) {
    const { inChannels, outChannels, hidden = 32, kernel = 3, seed = 0 } = options;
    for (const [arg, v] of [["inChannels", inChannels], ["outChannels", outChannels], ["hidden", hidden]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ShapeError(`ConvNet: '${arg}' must be a positive integer; got ${v}.`);
    }
    if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 !== 1) throw new ShapeError(`ConvNet: 'kernel' must be an odd positive integer; got ${kernel}.`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    const layers: [number, number, number][] = [
      [kernel, inChannels, hidden],
      [1, hidden, hidden],
      [kernel, hidden, outChannels],
    ];
    layers.forEach(([k, cin, cout], l) => {
      const last = l === layers.length - 1;
      const limit = Math.sqrt(6 / (k * k * cin));
      this.kernels.push(
        trainableVariable(() => (last ? tf.zeros([k, k, cin, cout]) : tf.randomUniform([k, k, cin, cout], -limit, limit, "float32", seed * 1009 + l)) as tf.Tensor4D, `convnet_w${l}`),
      );
      this.biases.push(trainableVariable(() => tf.zeros([cout]) as tf.Tensor1D, `convnet_b${l}`));
    });
  }

  /** [batch, H, W, inChannels] → [batch, H, W, outChannels]. Call inside tf.tidy (or a gradient function). */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    let h = x;
    const last = this.kernels.length - 1;
    this.kernels.forEach((w, l) => {
      h = tf.add(conv2dSame(h, w), this.biases[l]);
      if (l < last) h = tf.relu(h);
    });
    return h;
  }

  get variables(): tf.Variable[] {
    return [...this.kernels, ...this.biases];
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
