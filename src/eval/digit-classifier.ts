/**
 * A small digit classifier: the course's measure of whether a sampled image is "recognisable".
 *
 * A small convolutional network on the pixels scaled to [0, 1] (x / (K − 1)):
 *
 *   14×14×1 → 3×3 conv, `channels` → ReLU → space-to-depth (2×2 blocks) → 7×7×4·channels
 *           → 3×3 conv, 2·channels → ReLU → flatten → dense → 10 logits → softmax
 *
 * (the convolutions are src/nn/conv-net.ts's conv2dSame, trainable on every backend), trained by
 * Adam on the cross-entropy
 *
 *   L = −(1/N) Σ_n log softmax(f(x_n))_{y_n}
 *
 * for a few epochs of seeded minibatches: seconds on a CPU. Each training image is shifted by a
 * random −1 … 1 pixels in each direction (zeros shifted in), a standard augmentation that keeps a
 * small network from memorising 8 000 images (an MLP on the same 8 000 images stopped near 93.5%, with or without it). Its test accuracy is measured on the
 * held-out split and returned with it. `classify` gives each image's most likely class and that
 * class's softmax probability (the confidence); a flow's samples that it labels with confidence
 * ≥ 0.9 are ones it finds as clear as real digits (on real test digits most are).
 *
 * @example
 *   const { classifier, testAccuracy } = await trainDigitClassifier(digits);   // or, shipped:
 *   const classifier = digitClassifierFromFile(JSON.parse(readFileSync("pretrained/digit-classifier.json", "utf8")));
 *   const labels = await classifier.classify(samples);   // samples: [N, 196] in [0, 1]
 *
 * `npm run train:classifier` (scripts/train/digit-classifier.ts) trains the shipped one.
 */
import * as tf from "@tensorflow/tfjs";
import type { ImageDataset } from "../datasets/digits";
import { conv2dSame } from "../nn/conv-net";
import { trainableVariable } from "../nn/variable";
import { FlatAdam } from "../train/flat-adam";
import { MinibatchSampler } from "../train/minibatches";
import { Rng } from "../random/prng";

/** The classifier's network (see the module comment); `apply` maps rows [N, side²] in [0, 1] to logits [N, 10]. */
class SmallConvNet {
  readonly variables: tf.Variable[];
  constructor(readonly side: number, readonly channels: number, seed: number) {
    const he = (shape: number[], fanIn: number, s: number) => trainableVariable(() => tf.randomUniform(shape, -Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn), "float32", s));
    const half = Math.floor(side / 2);
    this.variables = [
      he([3, 3, 1, channels], 9, seed * 1009), trainableVariable(() => tf.zeros([channels])),
      he([3, 3, 4 * channels, 2 * channels], 36 * channels, seed * 1009 + 1), trainableVariable(() => tf.zeros([2 * channels])),
      he([half * half * 2 * channels, 10], half * half * 2 * channels, seed * 1009 + 2), trainableVariable(() => tf.zeros([10])),
    ];
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    const [w1, b1, w2, b2, w3, b3] = this.variables;
    const n = x.shape[0];
    const side = this.side;
    const h1 = tf.relu(tf.add(conv2dSame(tf.reshape(x, [n, side, side, 1]) as tf.Tensor4D, w1 as tf.Tensor4D), b1));
    const c = this.channels;
    const half = Math.floor(side / 2);
    // space-to-depth: each 2×2 block of pixels becomes one pixel with 4c channels
    const blocks = tf.reshape(tf.transpose(tf.reshape(h1, [n, half, 2, half, 2, c]), [0, 1, 3, 2, 4, 5]), [n, half, half, 4 * c]) as tf.Tensor4D;
    const h2 = tf.relu(tf.add(conv2dSame(blocks, w2 as tf.Tensor4D), b2));
    return tf.add(tf.matMul(tf.reshape(h2, [n, -1]) as tf.Tensor2D, w3 as tf.Tensor2D), b3) as tf.Tensor2D;
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** The images `rows` of a split (square), each shifted by a random (dy, dx) ∈ [−shift, shift]², scaled by `scale`. */
function shiftedBatch(split: ImageDataset["train"], rows: Int32Array, shift: number, rng: Rng, scale: number): Float32Array {
  const side = Math.round(Math.sqrt(split.dim));
  const out = new Float32Array(rows.length * split.dim);
  rows.forEach((r, n) => {
    const dy = rng.int(2 * shift + 1) - shift;
    const dx = rng.int(2 * shift + 1) - shift;
    for (let i = 0; i < side; i++) {
      const si = i - dy;
      if (si < 0 || si >= side) continue;
      for (let j = 0; j < side; j++) {
        const sj = j - dx;
        if (sj >= 0 && sj < side) out[n * split.dim + i * side + j] = split.images[r * split.dim + si * side + sj] * scale;
      }
    }
  });
  return out;
}

export interface DigitClassifierOptions {
  /** Channels of the first convolution. Default 16. */
  channels?: number;
  /** Passes over the training images. Default 6. */
  epochs?: number;
  /** Largest random shift, pixels, in each direction. Default 1 (0: no augmentation). */
  shift?: number;
  /** Default 128. */
  batchSize?: number;
  /** Adam's η. Default 2e-3. */
  learningRate?: number;
  /** Seeds the weights, the minibatch order and the shifts. Default 0. */
  seed?: number;
}

/** The defaults: 96.8% held-out accuracy on notebook 05's split (measured when it was shipped). */
export const DIGIT_CLASSIFIER_DEFAULTS = { channels: 16, epochs: 6, shift: 1, batchSize: 128, learningRate: 2e-3, seed: 0 } as const;

export interface DigitLabel {
  /** The most likely class, 0 … 9. */
  label: number;
  /** Its softmax probability. */
  confidence: number;
}

/** A trained classifier: `classify` labels rows of images [N, D] with values in [0, 1] (black 0, white 1). */
export class DigitClassifier {
  constructor(private readonly net: SmallConvNet, readonly options: Required<DigitClassifierOptions>) {}

  async classify(images: tf.Tensor2D): Promise<DigitLabel[]> {
    const probs = tf.tidy(() => tf.softmax(this.net.apply(tf.clipByValue(images, 0, 1) as tf.Tensor2D)));
    const p = await probs.data();
    probs.dispose();
    return Array.from({ length: images.shape[0] }, (_, i) => {
      let label = 0;
      for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + label]) label = k;
      return { label, confidence: p[i * 10 + label] };
    });
  }

  /** The share of a split's images (integers 0 … K − 1) it labels correctly. */
  async accuracy(split: ImageDataset["test"], levels: number): Promise<number> {
    const x = tf.tidy(() => tf.mul(tf.tensor2d(Float32Array.from(split.images), [split.count, split.dim], "float32"), 1 / (levels - 1)) as tf.Tensor2D);
    const guesses = await this.classify(x);
    x.dispose();
    return guesses.filter((g, i) => g.label === split.labels[i]).length / split.count;
  }

  /** All weights, laid end to end (the order of the network's variables). */
  async readWeights(): Promise<Float32Array> {
    const flat = tf.tidy(() => tf.concat(this.net.variables.map((v) => tf.reshape(v, [-1]))));
    const values = Float32Array.from(await flat.data());
    flat.dispose();
    return values;
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Trains a classifier on `digits.train` (seconds on a CPU); returns it with its held-out accuracy and training time. */
export async function trainDigitClassifier(digits: ImageDataset, options: DigitClassifierOptions = {}): Promise<{ classifier: DigitClassifier; testAccuracy: number; trainSeconds: number }> {
  const o = { ...DIGIT_CLASSIFIER_DEFAULTS, ...options };
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new RangeError(`trainDigitClassifier: 'epochs' must be a positive integer; got ${o.epochs}.`);
  const scale = 1 / (digits.levels - 1);
  const net = new SmallConvNet(digits.height, o.channels, o.seed);
  const yTrain = tf.oneHot(tf.tensor1d(Array.from(digits.train.labels), "int32"), 10);
  const adam = new FlatAdam(net.variables, { learningRate: o.learningRate });
  const sampler = new MinibatchSampler(digits.train.count, o.batchSize, o.seed);
  const rng = new Rng(o.seed + 1);
  const start = performance.now();
  const steps = Math.ceil((o.epochs * digits.train.count) / o.batchSize);
  try {
    for (let step = 0; step < steps; step++) {
      const rows = sampler.next();
      const idx = tf.tensor1d(rows, "int32");
      const x = tf.tensor2d(shiftedBatch(digits.train, rows, o.shift, rng, scale), [rows.length, digits.dim], "float32");
      const cost = adam.minimize(() => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.gather(yTrain, idx), net.apply(x)) as tf.Scalar));
      tf.dispose([idx, x]);
      await cost.data();
      cost.dispose();
    }
  } finally {
    adam.dispose();
    yTrain.dispose();
  }
  const trainSeconds = (performance.now() - start) / 1000;
  const classifier = new DigitClassifier(net, o);
  return { classifier, testAccuracy: await classifier.accuracy(digits.test, digits.levels), trainSeconds };
}

/** What a shipped classifier's JSON file holds: its options, its data split, its accuracy and its weights (base64 float32). */
export interface DigitClassifierFile {
  format: "flowlab-digit-classifier/1";
  options: Required<DigitClassifierOptions>;
  data: { size: 28 | 14 | 7; nTrain: number; nTest: number; seed: number };
  testAccuracy: number;
  trainSeconds: number;
  backend: string;
  weightsBase64: string;
}

/** The file for `classifier` (weights as little-endian float32 in base64). */
export async function digitClassifierFile(classifier: DigitClassifier, meta: Omit<DigitClassifierFile, "format" | "options" | "weightsBase64">): Promise<DigitClassifierFile> {
  const w = await classifier.readWeights();
  return { format: "flowlab-digit-classifier/1", options: classifier.options, ...meta, weightsBase64: Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString("base64") };
}

/** Rebuilds a shipped classifier from its file's contents. */
export function digitClassifierFromFile(file: DigitClassifierFile, side = 14): DigitClassifier {
  if (file?.format !== "flowlab-digit-classifier/1") throw new Error(`digitClassifierFromFile: not a digit classifier file (format ${JSON.stringify(file?.format)}).`);
  const bytes = Buffer.from(file.weightsBase64, "base64");
  const values = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  const net = new SmallConvNet(side, file.options.channels, file.options.seed);
  const total = net.variables.reduce((n, v) => n + v.size, 0);
  if (values.length !== total) {
    net.dispose();
    throw new Error(`digitClassifierFromFile: the file has ${values.length} weights; the network takes ${total}.`);
  }
  let at = 0;
  tf.tidy(() => {
    for (const v of net.variables) {
      v.assign(tf.tensor(values.subarray(at, at + v.size), v.shape, "float32"));
      at += v.size;
    }
  });
  return new DigitClassifier(net, file.options);
}
