/**
 * Affine coupling on images (RealNVP, Dinh et al., 2017, §3.4–3.5): the caller's exercise (b)
 * AffineCoupling, given a checkerboard or a channel mask and a convolutional (or dense) conditioner.
 *
 * The library has no affine coupling of its own (it would be the answer to exercise (b)). This
 * file builds a subclass of the caller's class: its mask is the image mask b of shape [H, W, C]
 * (1 = kept, see ./masks.ts) flattened in NHWC order, and it overrides only `scaleAndShift`, the
 * conditioner that exercise (b)'s forward and inverse call with the kept part v = b ⊙ x:
 *
 *   (r, t) = NN(v)  (v read as an image [H, W, C]),     s = a ⊙ tanh(r)
 *
 * with a ∈ R^C a learned per-channel bound on the log-scale (RealNVP's rescaling; starts at 1),
 * broadcast over pixels. Everything else is the caller's: with these s and t, exercise (b) gives
 *   forward:  z = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s) + t),    log-det  Σ_{h,w,c} (1 − b) ⊙ s
 *   inverse:  x = b ⊙ z + (1 − b) ⊙ (z − t) ⊙ exp(−s),    log-det −Σ_{h,w,c} (1 − b) ⊙ s
 * The parent's own MLP conditioner is not used: it is disposed as soon as it is built.
 *
 * Conditioners: "conv" (default) is ConvNet: 3×3 conv → ReLU → 1×1 conv → ReLU → 3×3 conv, with
 * `hidden` channels; "dense" is an MLP on the flattened kept part, D → hidden → hidden → 2D.
 * Both start with a zero last layer, so a fresh layer is the identity.
 *
 * Rows in, rows out: x and z are [batch, H·W·C] (NHWC order), as for every bijector. The weights
 * are [a, ...the conditioner's], in that order (the checkpoint layout of ./checkpoint.ts).
 *
 * @example
 *   const layer = imageAffineCoupling(AffineCoupling, imageShape(14, 14, 1), { mask: "checkerboard", parity: 0, hidden: 16, seed: 1 });
 *   const { output: z, logDet } = layer.forward(x);    // x: [batch, 196]; your forward, this conditioner
 */
import * as tf from "@tensorflow/tfjs";
import { ConvNet } from "../../nn/conv-net";
import { Mlp } from "../../nn/mlp";
import { trainableVariable } from "../../nn/variable";
import type { Bijector } from "../bijector";
import { ShapeError } from "../errors";
import type { CouplingOptions } from "../masked-coupling";
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

/** What this file needs of an exercise (b) layer: the hook its forward and inverse call, and the conditioner it replaces. */
export interface AffineCouplingLayer extends Bijector {
  /** Exercise (b)'s conditioner: s and t, each [batch, D], from the kept part v = b ⊙ x. */
  scaleAndShift(v: tf.Tensor): { s: tf.Tensor2D; t: tf.Tensor2D };
  /** Exercise (b)'s own MLP conditioner (MaskedCoupling's), unused here. */
  readonly conditioner: { dispose(): void };
}

/** A class built like exercise (b)'s AffineCoupling: `new C(mask, { seed })`, mask a 0/1 array of length D. */
export type AffineCouplingClass = new (mask: number[], options?: CouplingOptions) => AffineCouplingLayer;

/** An image affine coupling: the caller's AffineCoupling with an image mask and this file's conditioner. */
export interface ImageAffineCoupling extends AffineCouplingLayer {
  readonly shape: ImageShape;
  readonly maskKind: ImageMaskKind;
  readonly conditionerKind: ConditionerKind;
  /** a, the per-channel bound on the log-scale, [C]. */
  readonly scaleBound: tf.Variable<tf.Rank.R1>;
}

type ImageCouplingClass = new (shape: ImageShape, options: ImageCouplingOptions) => ImageAffineCoupling;

/**
 * Throws a TypeError unless `cls` is a class whose instances have a `scaleAndShift` method
 * (exercise (b)'s AffineCoupling). `where` and `arg` name the caller and its argument in the message.
 */
export function checkAffineCouplingClass(cls: unknown, where: string, arg = "affineCoupling"): asserts cls is AffineCouplingClass {
  if (typeof cls !== "function") throw new TypeError(`${where}: '${arg}' must be a class (a constructor); got ${cls === null ? "null" : typeof cls}.`);
  if (typeof (cls.prototype as { scaleAndShift?: unknown } | undefined)?.scaleAndShift !== "function") {
    throw new TypeError(`${where}: '${arg}' must be a class like exercise (b)'s AffineCoupling, with a scaleAndShift(v) method; ${cls.name || "the class"} has none.`);
  }
}

/** One subclass per caller's class, so that every layer built from it shares one prototype. */
const subclasses = new WeakMap<AffineCouplingClass, ImageCouplingClass>();

/** A new image affine coupling on `shape`: an instance of a subclass of `AffineCoupling` (see the top of this file). */
export function imageAffineCoupling(AffineCoupling: AffineCouplingClass, shape: ImageShape, options: ImageCouplingOptions = {}): ImageAffineCoupling {
  checkAffineCouplingClass(AffineCoupling, "imageAffineCoupling");
  let Sub = subclasses.get(AffineCoupling);
  if (!Sub) {
    Sub = imageCouplingClass(AffineCoupling);
    subclasses.set(AffineCoupling, Sub);
  }
  return new Sub(shape, options);
}

function imageCouplingClass(Base: AffineCouplingClass): ImageCouplingClass {
  return class ImageCoupling extends Base implements ImageAffineCoupling {
    override readonly name: string;
    readonly shape: ImageShape;
    readonly maskKind: ImageMaskKind;
    readonly conditionerKind: ConditionerKind;
    readonly scaleBound: tf.Variable<tf.Rank.R1>;
    private readonly conv: ConvNet | null;
    private readonly mlp: Mlp | null;

    constructor(shape: ImageShape, options: ImageCouplingOptions) {
      const checked = checkImageShape(shape, "ImageAffineCoupling");
      const { mask = "checkerboard", parity = 0, conditioner = "conv", seed = 0 } = options;
      if (conditioner !== "conv" && conditioner !== "dense") {
        throw new ShapeError(`ImageAffineCoupling: 'conditioner' must be "conv" or "dense"; got ${JSON.stringify(conditioner)}.`);
      }
      super(imageMask(checked, mask, parity), { seed });
      this.conditioner.dispose();
      this.shape = checked;
      this.maskKind = mask;
      this.conditionerKind = conditioner;
      this.name = `ImageAffineCoupling(${describeShape(checked)}, ${mask} ${parity}, ${conditioner})`;
      const c = checked.channels;
      this.scaleBound = trainableVariable(() => tf.ones([c]) as tf.Tensor1D, "coupling_scale_bound");
      if (conditioner === "conv") {
        this.conv = new ConvNet({ inChannels: c, outChannels: 2 * c, hidden: options.hidden ?? 32, seed });
        this.mlp = null;
      } else {
        const hidden = options.hidden ?? 256;
        const dim = imageDim(checked);
        this.mlp = new Mlp({ inputDim: dim, outputDim: 2 * dim, hidden: [hidden, hidden], seed });
        this.conv = null;
      }
    }

    /** s = a ⊙ tanh(r) and t, each [batch, D], from v = b ⊙ x (rows [batch, D]). Call inside tf.tidy. */
    override scaleAndShift(v: tf.Tensor): { s: tf.Tensor2D; t: tf.Tensor2D } {
      const { height: h, width: w, channels: c } = this.shape;
      const n = v.shape[0];
      let raw: tf.Tensor4D;
      let shift: tf.Tensor4D;
      if (this.conv) {
        [raw, shift] = tf.split(this.conv.apply(tf.reshape(v, [n, h, w, c])), 2, 3) as [tf.Tensor4D, tf.Tensor4D];
      } else {
        const [r, t] = tf.split(this.mlp!.apply(v as tf.Tensor2D), 2, 1);
        [raw, shift] = [tf.reshape(r, [n, h, w, c]), tf.reshape(t, [n, h, w, c])];
      }
      const s = tf.mul(tf.tanh(raw), this.scaleBound);
      return { s: tf.reshape(s, [n, this.dim]), t: tf.reshape(shift, [n, this.dim]) };
    }

    override trainableVariables(): tf.Variable[] {
      return [this.scaleBound, ...(this.conv ? this.conv.variables : this.mlp!.variables)];
    }

    override dispose(): void {
      super.dispose();
      this.scaleBound.dispose();
      this.conv?.dispose();
      this.mlp?.dispose();
    }
  };
}
