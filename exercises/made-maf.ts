// Exercise file generated from solutions/made-maf.ts by `npm run assign`. Write your code where it says TODO.
/**
 * Exercise (g): MADE's masks and one affine layer of a Masked Autoregressive Flow (MAF).
 *
 * AUTOREGRESSIVE PROPERTY. Order the coordinates 1 … D. A map is autoregressive when output i
 * depends only on inputs 1 … i. Its Jacobian ∂z/∂x is then lower triangular, so its log-det is
 * the sum of the log-diagonal: cheap, whatever the network inside.
 *
 * MADE (Germain et al., 2015) makes one MLP autoregressive by zeroing weights with fixed 0/1 masks.
 * Every unit gets a degree, the number of inputs it may see:
 *
 *   inputs     m⁰(j) = j + 1                                  (j = 0 … D − 1: degrees 1 … D)
 *   hidden k   mˡ(k) = 1 + (k mod max(1, D − 1))              (cycles through 1 … D − 1)
 *
 * A weight from unit k' (degree m') to unit k (degree m) is kept when
 *
 *   hidden layers   m ≥ m'     (a hidden unit may see what its inputs see)
 *   output layer    m⁰(d) > m'  (output d sees only inputs STRICTLY before d: > not ≥)
 *
 * masks[ℓ] has shape [fanIn][fanOut] (it multiplies W_ℓ, which maps fanIn → fanOut). The output
 * layer has outputsPerDim · D columns in blocks: column c = p·D + d belongs to input d (d = c mod D),
 * so parameter p of every coordinate is one [batch, D] slice. With these masks the first output
 * sees nothing (its s and t are constants) and output d sees x_1 … x_{d−1}.
 *
 * AFFINE MAF LAYER (Papamakarios et al., 2017), in this course's direction (forward = data → latent).
 * `this.scaleAndShift(v)` runs the MADE and gives s = tanh(raw) and t, each [batch, D], with s_i, t_i
 * depending on v_<i only:
 *
 *   forward  (density, ONE pass):    z = x ⊙ exp(s(x)) + t(x)
 *   inverse  (sampling, D passes):   x_i = (z_i − t_i(x_<i)) ⊙ exp(−s_i(x_<i)),  i = 1 … D
 *   forward log-det:  log|det ∂z/∂x| =  Σ_i s_i(x)          (sum over axis 1: one value per row)
 *   inverse log-det:  log|det ∂x/∂z| = −Σ_i s_i(x)          (s at the reconstructed x)
 *
 * The inverse cannot run in one pass: s and t need x, which is what you are computing. Start from
 * x = 0 and repeat x ← (z − t(x)) ⊙ exp(−s(x)) D times. After pass k the first k coordinates are
 * exact, because coordinate k needs only the k − 1 before it; the last pass's s is s(x).
 *
 * Shapes: x, z, s, t: [batch, D]; log-det: [batch].
 *
 * TypeScript and tensor ranks (as in exercises (a) and (b)): tf.add, tf.mul, tf.sub and tf.sum take
 * the tensor type they return from where the result goes, so declare it: `const z: tf.Tensor2D =
 * tf.add(...)`, `const logDet: tf.Tensor1D = tf.sum(s, 1)`. A plain `const z = tf.add(...)` has
 * an unknown rank and fails to compile when returned as `output` (the notebook's type-check cell
 * names the line). The loop variable of the inverse needs its type too: `let x: tf.Tensor2D =
 * tf.zerosLike(z)`; assignments to it then type-check. A cast (`as tf.Tensor2D`) also works.
 *
 * What you have: `this.dim`, `this.scaleAndShift(v)`, `this.checkInput(...)`, and the MADE network
 * itself (src/nn/made.ts, built by the constructor from your masks).
 * What to write: `madeDegrees`, `madeMasks`, and the bodies of `forward` and `inverse`.
 * The checks build the layer with reference masks (options.masks), so the layer can be checked
 * before the masks are right; `new AffineMAF(dim)` alone uses yours.
 *
 * @example
 *   madeDegrees(3, [4]);            // [[1, 2, 3], [1, 2, 1, 2]]
 *   const layer = new AffineMAF(3, { hidden: [16, 16], seed: 1 });
 *   const { output: z, logDet } = layer.forward(x);   // one MADE pass
 *   const { output: xBack } = layer.inverse(z);        // three MADE passes
 */
import * as tf from "@tensorflow/tfjs";
import { AutoregressiveLayer } from "../src/bijectors/autoregressive-layer";
import type { BijectorResult } from "../src/bijectors/bijector";
import { NotImplementedError } from "../src/bijectors/errors";

/** The degrees of the inputs and of every hidden layer: [m⁰, m¹, …], m⁰ = [1, …, D]. */
export function madeDegrees(dim: number, hidden: number[]): number[][] {
  // TODO(Exercise (g) madeDegrees): write your code here. Delete the next line when you start.
  throw new NotImplementedError("Exercise (g) madeDegrees");
}

/** One 0/1 mask per weight matrix, [fanIn][fanOut]; the last has outputsPerDim · D columns. */
export function madeMasks(dim: number, hidden: number[], outputsPerDim: number): number[][][] {
  // TODO(Exercise (g) madeMasks): write your code here. Delete the next line when you start.
  throw new NotImplementedError("Exercise (g) madeMasks");
}

export interface MafOptions {
  /** Hidden widths of the MADE. Default [64, 64]; each ≥ D − 1 so that every degree appears. */
  hidden?: number[];
  /** Seed of the MADE's initial weights. Default 0. */
  seed?: number;
  /** Masks to use instead of madeMasks(dim, hidden, 2) (the checks pass reference masks here). */
  masks?: number[][][];
}

export class AffineMAF extends AutoregressiveLayer {
  constructor(dim: number, options: MafOptions = {}) {
    const hidden = options.hidden ?? [64, 64];
    super("AffineMAF", dim, { hidden, seed: options.seed, masks: options.masks ?? madeMasks(dim, hidden, 2) });
  }

  /** Network passes per direction: one for the density, D for sampling. */
  passes(direction: "forward" | "inverse"): number {
    return direction === "forward" ? 1 : this.dim;
  }

  forward(x: tf.Tensor2D): BijectorResult {
    this.checkInput(x, "forward");
    return tf.tidy(() => {
      // TODO(Exercise (g) AffineMAF.forward): write your code here. Delete the next line when you start.
      throw new NotImplementedError("Exercise (g) AffineMAF.forward");
    });
  }

  inverse(z: tf.Tensor2D): BijectorResult {
    this.checkInput(z, "inverse");
    return tf.tidy(() => {
      // TODO(Exercise (g) AffineMAF.inverse): write your code here. Delete the next line when you start.
      throw new NotImplementedError("Exercise (g) AffineMAF.inverse");
    });
  }
}
