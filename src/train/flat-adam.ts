/**
 * Adam over all parameters at once (a "foreach" Adam, as PyTorch calls it): the gradients of
 * every variable are laid end to end in one flat vector θ ∈ R^P, updated with a handful of
 * kernels, and split back into the variables. tfjs's `tf.train.adam` runs about ten kernels per
 * variable instead; a RealNVP with 8 couplings has 48 variables, so it is ~500 kernels a step
 * against ~20 here.
 *
 * The update (Kingma & Ba, 2015), step t, gradient g, elementwise on the flat vector:
 *
 *   m ← β1 m + (1 − β1) g            v ← β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1^t)               v̂ = v / (1 − β2^t)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 *
 * written with the same float32 operations in the same order as `tf.train.adam` (β1^t and β2^t
 * kept as float32 scalars multiplied by β each step, ε = the backend's epsilon, 1e-7 on float32
 * backends), so it gives **the same numbers** as `tf.train.adam`, only faster.
 *
 * A variable whose gradient is missing (not connected to the loss) gets a zero gradient. Its
 * moments stay 0 and its value does not move, as with `tf.train.adam`, which skips it.
 *
 * @example
 *   const adam = new FlatAdam(flow.trainableVariables(), { learningRate: 1e-3 });
 *   const loss = adam.minimize(() => nllLoss(flow, batch));   // one step; returns the loss
 *   loss.dispose();
 *   adam.dispose();
 */
import * as tf from "@tensorflow/tfjs";

export interface FlatAdamOptions {
  /** η. Default 1e-3. */
  learningRate?: number;
  /** β1. Default 0.9. */
  beta1?: number;
  /** β2. Default 0.999. */
  beta2?: number;
  /** ε. Default: the backend's epsilon (1e-7 for float32), as `tf.train.adam`. */
  epsilon?: number;
}

export class FlatAdam {
  /** η; may be changed between steps (a learning-rate schedule). */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly sizes: number[];
  /** Consecutive variables grouped in about √n runs, for {@link unflatten}. */
  private readonly runs: { sizes: number[]; total: number }[];
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  /** β1^t and β2^t for the next step t, as float32 scalars. */
  private readonly accBeta1: tf.Variable<tf.Rank.R0>;
  private readonly accBeta2: tf.Variable<tf.Rank.R0>;

  constructor(readonly variables: readonly tf.Variable[], options: FlatAdamOptions = {}) {
    if (!Array.isArray(variables) || variables.length === 0) throw new RangeError("FlatAdam: 'variables' must be a non-empty array of tf.Variable.");
    variables.forEach((v, i) => {
      if (!(v instanceof tf.Variable)) throw new TypeError(`FlatAdam: 'variables[${i}]' must be a tf.Variable; got ${typeof v}.`);
      if (v.dtype !== "float32") throw new TypeError(`FlatAdam: 'variables[${i}]' (${v.name}) must be float32; got ${v.dtype}.`);
    });
    const { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = tf.backend().epsilon() } = options;
    for (const [name, value] of [["learningRate", learningRate], ["beta1", beta1], ["beta2", beta2], ["epsilon", epsilon]] as const) {
      if (!Number.isFinite(value) || value < 0 || ((name === "beta1" || name === "beta2") && value >= 1)) {
        throw new RangeError(`FlatAdam: '${name}' must be finite and ≥ 0${name.startsWith("beta") ? " and < 1" : ""}; got ${value}.`);
      }
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.sizes = variables.map((v) => v.size);
    const perRun = Math.ceil(Math.sqrt(this.sizes.length));
    this.runs = [];
    for (let i = 0; i < this.sizes.length; i += perRun) {
      const sizes = this.sizes.slice(i, i + perRun);
      this.runs.push({ sizes, total: sizes.reduce((a, b) => a + b, 0) });
    }
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = slot(tf.zeros([total]));
    this.v = slot(tf.zeros([total]));
    this.accBeta1 = slot(tf.scalar(beta1));
    this.accBeta2 = slot(tf.scalar(beta2));
  }

  /**
   * One step: the loss and its gradients with respect to `variables`, then the update.
   * Returns the loss (the caller disposes it). Throws as `tf.variableGrads` does when the loss
   * is not a scalar or does not depend on any of the variables.
   */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, [...this.variables]);
      this.applyGradients(this.variables.map((v) => grads[v.name] ?? null));
      return value;
    });
  }

  /** The update from gradients given in the order of `variables` (null: no gradient). */
  applyGradients(gradients: (tf.Tensor | null)[]): void {
    if (gradients.length !== this.variables.length) {
      throw new RangeError(`FlatAdam.applyGradients: need one gradient per variable (${this.variables.length}); got ${gradients.length}.`);
    }
    tf.tidy(() => {
      const g = tf.concat(gradients.map((gi, i) => (gi ? tf.reshape(gi, [-1]) : tf.zeros([this.sizes[i]]))));
      const theta = tf.concat(this.variables.map((v) => tf.reshape(v, [-1])));
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      const mHat = tf.div(m, tf.sub(1, this.accBeta1));
      const vHat = tf.div(v, tf.sub(1, this.accBeta2));
      const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate);
      const parts = this.unflatten(tf.add(step, theta));
      this.variables.forEach((variable, i) => variable.assign(tf.reshape(parts[i], variable.shape)));
      this.m.assign(m as tf.Tensor1D);
      this.v.assign(v as tf.Tensor1D);
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
  }

  /**
   * Splits the flat vector back into one piece per variable, in two levels: first into about
   * √n runs of consecutive variables, then each run into its variables. On wasm every slice
   * copies its whole input, so one 48-way split of a 37k vector copies it 48 times; two levels
   * copy ~√n times the vector plus ~√n times each run (about 3× faster, measured).
   */
  private unflatten(flat: tf.Tensor1D): tf.Tensor[] {
    const runs = this.runs;
    if (runs.length === 1) return tf.split(flat, this.sizes);
    return tf.split(flat, runs.map((r) => r.total)).flatMap((piece, i) => (runs[i].sizes.length === 1 ? [piece] : tf.split(piece, runs[i].sizes)));
  }

  /** The optimizer's state [m, v, β1^t, β2^t] as float32 vectors, to resume training exactly (see loadState). */
  async readState(): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const t of [this.m, this.v, this.accBeta1, this.accBeta2]) out.push(Float32Array.from(await t.data()));
    return out;
  }

  /** Restores a state read by `readState` from an optimizer over the same variables. */
  loadState(state: readonly Float32Array[]): void {
    const total = this.sizes.reduce((a, b) => a + b, 0);
    if (state.length !== 4 || state[0].length !== total || state[1].length !== total || state[2].length !== 1 || state[3].length !== 1) {
      throw new RangeError(`FlatAdam.loadState: need [m, v] of ${total} numbers and [β1^t, β2^t] of 1; got lengths ${state.map((s) => s.length).join(", ")}.`);
    }
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(state[0], "float32"));
      this.v.assign(tf.tensor1d(state[1], "float32"));
      this.accBeta1.assign(tf.scalar(state[2][0], "float32"));
      this.accBeta2.assign(tf.scalar(state[3][0], "float32"));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.accBeta1, this.accBeta2]);
  }
}

/** A non-trainable variable holding `init`, which is freed (tf.variable copies it). */
function slot<R extends tf.Rank>(init: tf.Tensor<R>): tf.Variable<R> {
  try {
    return tf.variable(init, false);
  } finally {
    init.dispose();
  }
}
