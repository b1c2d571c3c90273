/**
 * Split (RealNVP §3.6, "factoring out"; Glow's split): half of the channels leave the flow here as
 * latents, and only the other half goes on through the deeper, coarser layers `inner`. This is
 * what makes a flow multiscale: later layers work on fewer dimensions, and the factored-out
 * latents model fine detail.
 *
 * For an image x of shape [H, W, C] (C even), split by channel into x_a = x[:, :, :C/2] (goes on)
 * and x_b = x[:, :, C/2:] (factored out), and `inner` a bijector on images [H, W, C/2]:
 *   forward:  z = concat(inner(x_a), x_b)            (as rows: the H·W·C/2 numbers of inner's
 *                                                     output first, then those of x_b)
 *   inverse:  x = merge(inner⁻¹(z_a), z_b),  z_a = the first H·W·C/2 numbers of z, z_b the rest
 *   forward log-det:  log|det ∂inner/∂x_a| at x_a    inverse log-det: inner's inverse log-det at z_a
 * The factored-out part passes through unchanged; the base distribution N(0, I) of the whole
 * flow is the (standard normal) prior of those latents.
 *
 * @example
 *   // 7×7×4: 2 channels go on through `inner` (a bijector of dim 7·7·2), 2 are factored out
 *   const split = new Split(imageShape(7, 7, 4), new Chain([...layers on 7x7x2]));
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { ShapeError } from "../errors";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "./image-shape";

export class Split implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  /** The shape `inner` works on: [H, W, C/2]. */
  readonly innerShape: ImageShape;

  constructor(shape: ImageShape, readonly inner: Bijector) {
    this.shape = checkImageShape(shape, "Split");
    if (shape.channels % 2 !== 0) throw new ShapeError(`Split: the channels must be even (half are factored out); got ${describeShape(shape)}.`);
    this.innerShape = { height: shape.height, width: shape.width, channels: shape.channels / 2 };
    this.dim = imageDim(shape);
    if (!inner || inner.dim !== this.dim / 2) {
      throw new ShapeError(`Split: 'inner' must be a bijector of dimension ${this.dim / 2} (images ${describeShape(this.innerShape)}); got ${inner ? `${inner.name} of dimension ${inner.dim}` : String(inner)}.`);
    }
    this.name = `Split(${describeShape(this.shape)}, ${inner.name})`;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "Split.forward");
    return tf.tidy(() => {
      const [kept, out] = this.splitChannels(x);
      const r = this.inner.forward(kept);
      return { output: tf.concat([r.output, out], 1) as tf.Tensor2D, logDet: r.logDet };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Split.inverse", "z");
    return tf.tidy(() => {
      const half = this.dim / 2;
      const n = z.shape[0];
      const r = this.inner.inverse(tf.slice(z, [0, 0], [n, half]));
      return { output: this.mergeChannels(r.output, tf.slice(z, [0, half], [n, half])), logDet: r.logDet };
    });
  }

  /** Rows [N, H·W·C] → (first C/2 channels: they go on; last C/2: factored out), each as rows [N, H·W·C/2]. */
  splitChannels(x: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const { height: h, width: w, channels: c } = this.shape;
    const n = x.shape[0];
    const [a, b] = tf.split(tf.reshape(x, [n, h, w, c]), 2, 3);
    return [tf.reshape(a, [n, this.dim / 2]), tf.reshape(b, [n, this.dim / 2])];
  }

  private mergeChannels(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    const { height: h, width: w, channels: c } = this.shape;
    const n = a.shape[0];
    const image = tf.concat([tf.reshape(a, [n, h, w, c / 2]), tf.reshape(b, [n, h, w, c / 2])], 3);
    return tf.reshape(image, [n, this.dim]);
  }

  trainableVariables(): tf.Variable[] {
    return this.inner.trainableVariables();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
