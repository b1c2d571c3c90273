/**
 * Squeeze (Dinh et al., 2017, RealNVP §3.6; Glow): trades space for channels. Each 2×2 block of
 * pixels becomes one pixel with 4× the channels, so later couplings can mix neighbouring pixels
 * through a channel mask, and a multiscale flow can factor out half of the channels.
 *
 *   forward:  [H, W, C] → [H/2, W/2, 4C],   z[i, j, 4c + 2a + b] = x[2i + a, 2j + b, c]   (a, b ∈ {0, 1})
 *   inverse:  the reverse rearrangement,     x[2i + a, 2j + b, c] = z[i, j, 4c + 2a + b]
 *   forward log-det:  0      inverse log-det:  0          (a permutation of the coordinates)
 *
 * On rows: input and output are [batch, D] with the same D = H·W·C; only the order (and the shape
 * the next layer reads the row as) changes. `Unsqueeze` is the same map in the other direction.
 *
 * @example
 *   const sq = new Squeeze(imageShape(4, 4, 1));   // outputShape 2x2x4
 *   sq.forward(x).output                           // [batch, 16], read as [batch, 2, 2, 4]
 */
import * as tf from "@tensorflow/tfjs";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { ShapeError } from "../errors";
import { checkImageShape, describeShape, imageDim, squeezedShape, type ImageShape } from "./image-shape";

/** x [B, H, W, C] → [B, H/2, W/2, 4C], channel 4c + 2a + b. */
export function squeezeImages(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [n, h / 2, 2, w / 2, 2, c]), [0, 1, 3, 5, 2, 4]), [n, h / 2, w / 2, 4 * c]);
}

/** The inverse of `squeezeImages`: [B, H, W, 4C] → [B, 2H, 2W, C]. */
export function unsqueezeImages(z: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c4] = z.shape;
  const c = c4 / 4;
  return tf.reshape(tf.transpose(tf.reshape(z, [n, h, w, c, 2, 2]), [0, 1, 4, 2, 5, 3]), [n, 2 * h, 2 * w, c]);
}

export class Squeeze implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;

  constructor(shape: ImageShape) {
    this.inputShape = checkImageShape(shape, "Squeeze");
    this.outputShape = squeezedShape(this.inputShape, "Squeeze");
    this.dim = imageDim(shape);
    this.name = `Squeeze(${describeShape(this.inputShape)}→${describeShape(this.outputShape)})`;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "Squeeze.forward");
    return tf.tidy(() => ({ output: rows(squeezeImages(images(x, this.inputShape))), logDet: tf.zeros([x.shape[0]]) as tf.Tensor1D }));
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Squeeze.inverse", "z");
    return tf.tidy(() => ({ output: rows(unsqueezeImages(images(z, this.outputShape))), logDet: tf.zeros([z.shape[0]]) as tf.Tensor1D }));
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  dispose(): void {}
}

/**
 * Unsqueeze: the inverse of Squeeze, as a layer. `shape` is its *input* shape [H, W, 4C].
 *
 *   forward:  [H, W, 4C] → [2H, 2W, C]    inverse: [2H, 2W, C] → [H, W, 4C]    log-dets: 0
 */
export class Unsqueeze implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;
  private readonly squeeze: Squeeze;

  constructor(shape: ImageShape) {
    this.inputShape = checkImageShape(shape, "Unsqueeze");
    if (shape.channels % 4 !== 0) {
      throw new ShapeError(`Unsqueeze: the channels must be a multiple of 4; got ${describeShape(shape)}.`);
    }
    this.outputShape = { height: shape.height * 2, width: shape.width * 2, channels: shape.channels / 4 };
    this.squeeze = new Squeeze(this.outputShape);
    this.dim = imageDim(shape);
    this.name = `Unsqueeze(${describeShape(this.inputShape)}→${describeShape(this.outputShape)})`;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "Unsqueeze.forward");
    return this.squeeze.inverse(x);
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "Unsqueeze.inverse", "z");
    return this.squeeze.forward(z);
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  dispose(): void {}
}

function images(x: tf.Tensor2D, s: ImageShape): tf.Tensor4D {
  return tf.reshape(x, [x.shape[0], s.height, s.width, s.channels]);
}

function rows(x: tf.Tensor4D): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0], x.size / x.shape[0]]);
}
