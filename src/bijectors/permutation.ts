/**
 * A fixed permutation of the coordinates: z_j = x_{π(j)}.
 * A permutation matrix has |det| = 1, so log|det J| = 0 in both directions.
 * Between couplings it lets every dimension be transformed, not only the masked ones.
 *
 *   forward:  z = x[:, π]     inverse:  x = z[:, π⁻¹]     log-dets: 0
 *
 * @example
 *   Permutation.reverse(2)        // swaps the two coordinates
 *   Permutation.random(4, 7)      // a fixed permutation drawn with seed 7
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/prng";
import { assertBatch, type Bijector, type BijectorResult } from "./bijector";
import { ShapeError } from "./errors";

export class Permutation implements Bijector {
  readonly dim: number;
  readonly name: string;
  private readonly perm: tf.Tensor1D;
  private readonly inversePerm: tf.Tensor1D;

  constructor(readonly permutation: readonly number[], label = "Permutation") {
    const n = permutation.length;
    const sorted = [...permutation].sort((a, b) => a - b);
    if (n === 0 || sorted.some((v, i) => v !== i)) {
      throw new ShapeError(`Permutation: 'permutation' must contain each of 0…${Math.max(n - 1, 0)} exactly once; got ${JSON.stringify(permutation)}.`);
    }
    this.dim = n;
    this.name = `${label}([${permutation.join(",")}])`;
    const inv = new Array<number>(n);
    permutation.forEach((p, j) => (inv[p] = j));
    this.perm = tf.keep(tf.tensor1d(permutation as number[], "int32"));
    this.inversePerm = tf.keep(tf.tensor1d(inv, "int32"));
  }

  /** Reverses the order of the coordinates. */
  static reverse(dim: number): Permutation {
    return new Permutation(Array.from({ length: dim }, (_, i) => dim - 1 - i), "ReversePermutation");
  }

  /** A fixed random permutation, reproducible from `seed`. */
  static random(dim: number, seed: number): Permutation {
    return new Permutation(new Rng(seed).permutation(dim), "RandomPermutation");
  }

  forward(x: tf.Tensor2D): BijectorResult {
    assertBatch(x, this.dim, `${this.name}.forward`);
    return tf.tidy(() => ({ output: tf.gather(x, this.perm, 1) as tf.Tensor2D, logDet: tf.zeros([x.shape[0]]) as tf.Tensor1D }));
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, `${this.name}.inverse`, "z");
    return tf.tidy(() => ({ output: tf.gather(z, this.inversePerm, 1) as tf.Tensor2D, logDet: tf.zeros([z.shape[0]]) as tf.Tensor1D }));
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  dispose(): void {
    this.perm.dispose();
    this.inversePerm.dispose();
  }
}
