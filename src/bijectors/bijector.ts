/**
 * The bijector contract, stated once.
 *
 * A bijector is an invertible, differentiable map f on R^D, applied to a batch of rows.
 *   - `forward(x)` maps data → latent: z = f(x). This is the *normalizing* direction, the one the
 *     likelihood uses:  log p_X(x) = log p_Z(f(x)) + log|det ∂f/∂x|.
 *   - `inverse(z)` maps latent → data: x = f⁻¹(z). This is the *sampling* direction.
 * Both return the output and log|det J| **of the map they apply**, one value per row:
 *   forward:  (z, log|det ∂f/∂x|),  inverse: (x, log|det ∂f⁻¹/∂z|) = (x, −log|det ∂f/∂x| at x).
 *
 * Shapes: input [batch, D] → output [batch, D], logDet [batch].
 *
 * @example
 *   const { output: z, logDet } = bijector.forward(x);   // x: [256, 2]
 *   const { output: xBack } = bijector.inverse(z);        // xBack ≈ x
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "./errors";

/** The output of a map and the log-absolute-determinant of its Jacobian, per row. */
export interface BijectorResult {
  output: tf.Tensor2D;
  logDet: tf.Tensor1D;
}

export interface Bijector {
  /** A human-readable name used in error and check messages, e.g. "AffineCoupling(mask=[1,0])". */
  readonly name: string;
  /** The dimension D of the space it acts on. */
  readonly dim: number;
  /** Data → latent, with log|det ∂f/∂x| per row. */
  forward(x: tf.Tensor2D): BijectorResult;
  /** Latent → data, with log|det ∂f⁻¹/∂z| per row. */
  inverse(z: tf.Tensor2D): BijectorResult;
  /** The variables an optimizer should train (empty for fixed maps). */
  trainableVariables(): tf.Variable[];
  /** Frees the variables. The bijector must not be used afterwards. */
  dispose(): void;
}

/**
 * Validates a bijector input: a rank-2 float tensor with `dim` columns.
 * @throws ShapeError naming `where` (e.g. "AffineCoupling.forward") and the argument.
 */
export function assertBatch(x: unknown, dim: number, where: string, arg = "x"): asserts x is tf.Tensor2D {
  if (!(x instanceof tf.Tensor)) {
    throw new ShapeError(`${where}: '${arg}' must be a tf.Tensor of shape [batch, ${dim}]; got ${describe(x)}.`);
  }
  if (x.rank !== 2) {
    throw new ShapeError(`${where}: '${arg}' must have rank 2 (shape [batch, ${dim}]); got rank ${x.rank} (shape [${x.shape}]).`);
  }
  if (x.shape[1] !== dim) {
    throw new ShapeError(`${where}: '${arg}' must have ${dim} columns (the bijector's dimension); got ${x.shape[1]} (shape [${x.shape}]).`);
  }
  if (x.dtype !== "float32") {
    throw new ShapeError(`${where}: '${arg}' must be float32; got ${x.dtype}.`);
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `a plain array (wrap it with tf.tensor2d)`;
  return v === null ? "null" : typeof v;
}

/**
 * Validates a binary mask for a D-dimensional coupling: 0/1 entries, at least one of each.
 * @returns the mask as numbers.
 */
export function validateMask(mask: readonly number[], where: string, dim?: number): number[] {
  if (!Array.isArray(mask) || mask.length === 0) {
    throw new ShapeError(`${where}: 'mask' must be a non-empty array of 0s and 1s; got ${JSON.stringify(mask)}.`);
  }
  if (dim !== undefined && mask.length !== dim) {
    throw new ShapeError(`${where}: 'mask' must have length ${dim} (the data dimension); got length ${mask.length}.`);
  }
  if (mask.some((m) => m !== 0 && m !== 1)) {
    throw new ShapeError(`${where}: 'mask' entries must be 0 or 1; got ${JSON.stringify(mask)}.`);
  }
  if (!mask.includes(0) || !mask.includes(1)) {
    throw new ShapeError(
      `${where}: 'mask' must contain both a 1 (a kept, conditioning dimension) and a 0 (a transformed one); got ${JSON.stringify(mask)}.`,
    );
  }
  return [...mask];
}

/** Alternating masks [1,0,1,0,…] and [0,1,0,1,…] for coupling layer `index`. */
export function alternatingMask(dim: number, index: number): number[] {
  return Array.from({ length: dim }, (_, j) => ((j + index) % 2 === 0 ? 1 : 0));
}

/** A log-det that is the same `value` (a scalar tensor) for each of `rows` rows, [rows]: a layer that scales every row alike. */
export function sameForEveryRow(value: tf.Tensor, rows: number): tf.Tensor1D {
  return tf.tile(tf.reshape(value, [1]), [rows]) as tf.Tensor1D;
}
