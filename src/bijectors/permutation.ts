/**
 * A fixed permutation of the coordinates: z_j = x_{π(j)}.
 * A permutation matrix has |det| = 1, so log|det J| = 0 in both directions.
 * Between couplings it lets every dimension be transformed, not only the masked ones.
 *
 *   forward:  z = x[:, π] = x P     inverse:  x = z[:, π⁻¹] = z Pᵀ     log-dets: 0
 *
 * It is applied as a product with the permutation matrix P (P[π(j)][j] = 1) rather than with
 * `tf.gather`: gather's gradient needs a kernel (UnsortedSegmentSum) that the wasm backend lacks,
 * and a flow must be trainable through its permutations.
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
  /** P, [D, D]: x P reorders the columns of x by π. Its inverse is Pᵀ. */
  private readonly matrix: tf.Tensor2D;

  constructor(readonly permutation: readonly number[], label = "Permutation") {
    const n = permutation.length;
    const sorted = [...permutation].sort((a, b) => a - b);
    if (n === 0 || sorted.some((v, i) => v !== i)) {
      throw new ShapeError(`Permutation: 'permutation' must contain each of 0…${Math.max(n - 1, 0)} exactly once; got ${JSON.stringify(permutation)}.`);
    }
    this.dim = n;
    this.name = `${label}([${permutation.join(",")}])`;
    const p = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    permutation.forEach((source, j) => (p[source][j] = 1));
    this.matrix = tf.keep(tf.tensor2d(p, [n, n], "float32"));
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
    return tf.tidy(() => ({ output: tf.matMul(x, this.matrix) as tf.Tensor2D, logDet: tf.zeros([x.shape[0]]) as tf.Tensor1D }));
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    assertBatch(z, this.dim, `${this.name}.inverse`, "z");
    return tf.tidy(() => ({ output: tf.matMul(z, this.matrix, false, true) as tf.Tensor2D, logDet: tf.zeros([z.shape[0]]) as tf.Tensor1D }));
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  dispose(): void {
    this.matrix.dispose();
  }
}
