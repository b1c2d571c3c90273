/**
 * Affine coupling on images (RealNVP, Dinh et al., 2017, §3.4–3.5), with a checkerboard or a
 * channel mask and a convolutional (or dense) conditioner.
 *
 * With a binary mask b of the image's shape [H, W, C] (1 = kept, see ./masks.ts) and the
 * conditioner NN applied to the kept part:
 *   (r, t) = NN(b ⊙ x),   s = (1 − b) ⊙ (a ⊙ tanh(r)),   t ← (1 − b) ⊙ t
 *   forward:  z = x ⊙ exp(s) + t                (kept entries: s = t = 0, so z = x there)
 *   inverse:  x = (z − t) ⊙ exp(−s)             (s, t recomputed from b ⊙ z = b ⊙ x)
 *   forward log-det:  Σ_{h,w,c} s[h, w, c]     inverse log-det:  −Σ_{h,w,c} s[h, w, c]
 * a ∈ R^C is a learned per-channel bound on the log-scale (RealNVP's rescaling; starts at 1).
 *
 * Conditioners: "conv" (default) is ConvNet: 3×3 conv → ReLU → 1×1 conv → ReLU → 3×3 conv, with
 * `hidden` channels; "dense" is an MLP on the flattened kept part, D → hidden → hidden → 2D.
 * Both start with a zero last layer, so a fresh layer is the identity.
 *
 * Rows in, rows out: x and z are [batch, H·W·C] (NHWC order), as for every bijector.
 *
 * @example
 *   const layer = new ImageAffineCoupling(imageShape(14, 14, 1), { mask: "checkerboard", parity: 0, hidden: 16, seed: 1 });
 *   const { output: z, logDet } = layer.forward(x);    // x: [batch, 196]
 */
import * as tf from "@tensorflow/tfjs";
import { ConvNet } from "../../nn/conv-net";
import { Mlp } from "../../nn/mlp";
import { trainableVariable } from "../../nn/variable";
import { assertBatch, type Bijector, type BijectorResult } from "../bijector";
import { ShapeError } from "../errors";
import { checkImageShape, describeShape, imageDim, type ImageShape } from "./image-shape";
import { imageMask, type ImageMaskKind } from "./masks";

export type ConditionerKind = "conv" | "dense";

export interface ImageCouplingOptions {
  /** "checkerboard" (any shape) or "channel" (C ≥ 2). Default "checkerboard". */
  mask?: ImageMaskKind;
  /** 0 or 1: which half is kept. Default 0. */
  parity?: number;
  /** "conv" (default) or "dense". */
  conditioner?: ConditionerKind;
  /** Hidden channels (conv, default 32) or hidden units (dense, default 256). */
  hidden?: number;
  /** Seeds the conditioner's initial weights. Default 0. */
  seed?: number;
}

export class ImageAffineCoupling implements Bijector {
  readonly name: string;
  readonly dim: number;
  readonly shape: ImageShape;
  readonly maskKind: ImageMaskKind;
  readonly conditionerKind: ConditionerKind;
  /** b as an image [1, H, W, C]. */
  readonly mask: tf.Tensor4D;
  /** 1 − b, [1, H, W, C]. */
  readonly inverseMask: tf.Tensor4D;
  /** a, the per-channel bound on the log-scale, [C]. */
  readonly scaleBound: tf.Variable<tf.Rank.R1>;
  private readonly conv: ConvNet | null;
  private readonly mlp: Mlp | null;

  constructor(shape: ImageShape, options: ImageCouplingOptions = {}) {
    this.shape = checkImageShape(shape, "ImageAffineCoupling");
    const { mask = "checkerboard", parity = 0, conditioner = "conv", seed = 0 } = options;
    if (conditioner !== "conv" && conditioner !== "dense") {
      throw new ShapeError(`ImageAffineCoupling: 'conditioner' must be "conv" or "dense"; got ${JSON.stringify(conditioner)}.`);
    }
    const b = imageMask(this.shape, mask, parity);
    const { height: h, width: w, channels: c } = this.shape;
    this.dim = imageDim(this.shape);
    this.maskKind = mask;
    this.conditionerKind = conditioner;
    this.name = `ImageAffineCoupling(${describeShape(this.shape)}, ${mask} ${parity}, ${conditioner})`;
    this.mask = tf.keep(tf.tensor4d(b, [1, h, w, c], "float32"));
    this.inverseMask = tf.keep(tf.tensor4d(b.map((v) => 1 - v), [1, h, w, c], "float32"));
    this.scaleBound = trainableVariable(() => tf.ones([c]) as tf.Tensor1D, "coupling_scale_bound");
    if (conditioner === "conv") {
      this.conv = new ConvNet({ inChannels: c, outChannels: 2 * c, hidden: options.hidden ?? 32, seed });
      this.mlp = null;
    } else {
      const hidden = options.hidden ?? 256;
      this.mlp = new Mlp({ inputDim: this.dim, outputDim: 2 * this.dim, hidden: [hidden, hidden], seed });
      this.conv = null;
    }
  }

  /** s and t as images [batch, H, W, C], from the kept part of `v` (rows). Call inside tf.tidy. */
  scaleAndShift(v: tf.Tensor2D): { s: tf.Tensor4D; t: tf.Tensor4D } {
    const { height: h, width: w, channels: c } = this.shape;
    const n = v.shape[0];
    const kept = tf.mul(tf.reshape(v, [n, h, w, c]), this.mask) as tf.Tensor4D;
    let raw: tf.Tensor4D;
    let shift: tf.Tensor4D;
    if (this.conv) {
      [raw, shift] = tf.split(this.conv.apply(kept), 2, 3) as [tf.Tensor4D, tf.Tensor4D];
    } else {
      const out = this.mlp!.apply(tf.reshape(kept, [n, this.dim]));
      const [r, t] = tf.split(out, 2, 1);
      [raw, shift] = [tf.reshape(r, [n, h, w, c]), tf.reshape(t, [n, h, w, c])];
    }
    const s = tf.mul(tf.mul(tf.tanh(raw), this.scaleBound), this.inverseMask) as tf.Tensor4D;
    return { s, t: tf.mul(shift, this.inverseMask) as tf.Tensor4D };
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, "ImageAffineCoupling.forward");
    return tf.tidy(() => {
      const { s, t } = this.scaleAndShift(x);
      const z = tf.add(tf.mul(tf.reshape(x, s.shape), tf.exp(s)), t);
      return { output: tf.reshape(z, x.shape) as tf.Tensor2D, logDet: tf.sum(tf.reshape(s, x.shape), 1) as tf.Tensor1D };
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, "ImageAffineCoupling.inverse", "z");
    return tf.tidy(() => {
      const { s, t } = this.scaleAndShift(z);
      const x = tf.mul(tf.sub(tf.reshape(z, s.shape), t), tf.exp(tf.neg(s)));
      return { output: tf.reshape(x, z.shape) as tf.Tensor2D, logDet: tf.neg(tf.sum(tf.reshape(s, z.shape), 1)) as tf.Tensor1D };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.scaleBound, ...(this.conv ? this.conv.variables : this.mlp!.variables)];
  }

  dispose(): void {
    tf.dispose([this.mask, this.inverseMask, this.scaleBound]);
    this.conv?.dispose();
    this.mlp?.dispose();
  }
}
