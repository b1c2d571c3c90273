/**
 * Binary masks for couplings on images, as rows of length D = H·W·C in NHWC order
 * (1 = kept, conditions the transformation; 0 = transformed).
 *
 *   checkerboard(parity):  b[h, w, c] = 1 when (h + w + parity) is even        (every channel alike)
 *   channel(parity):       b[h, w, c] = 1 when c < ⌊C/2⌋, flipped when parity = 1
 *
 * Alternating the parity between layers lets every pixel be transformed.
 */
import { ShapeError } from "../errors";
import { describeShape, type ImageShape } from "./image-shape";

export type ImageMaskKind = "checkerboard" | "channel";

export function imageMask(shape: ImageShape, kind: ImageMaskKind, parity: number): number[] {
  const { height, width, channels } = shape;
  if (parity !== 0 && parity !== 1) throw new ShapeError(`imageMask: 'parity' must be 0 or 1; got ${parity}.`);
  if (kind === "checkerboard") {
    if (height * width < 2) throw new ShapeError(`imageMask: a checkerboard mask needs at least 2 pixels; got ${describeShape(shape)}.`);
  } else if (kind === "channel") {
    if (channels < 2) throw new ShapeError(`imageMask: a channel mask needs at least 2 channels; got ${describeShape(shape)} (squeeze first, or use "checkerboard").`);
  } else {
    throw new ShapeError(`imageMask: 'kind' must be "checkerboard" or "channel"; got ${JSON.stringify(kind)}.`);
  }
  const half = Math.floor(channels / 2);
  const mask: number[] = [];
  for (let h = 0; h < height; h++) {
    for (let w = 0; w < width; w++) {
      for (let c = 0; c < channels; c++) {
        const kept = kind === "checkerboard" ? (h + w + parity) % 2 === 0 : (c < half) !== (parity === 1);
        mask.push(kept ? 1 : 0);
      }
    }
  }
  return mask;
}
