/**
 * Maximum-likelihood training with Adam on seeded minibatches.
 *
 * Each step draws a batch B, evaluates the loss L(θ) = NLL(B) with the loss function you pass
 * (in the notebooks, the student's `nllLoss`), and takes one Adam step
 *   θ ← θ − η m̂/(√v̂ + ε)   (Kingma & Ba, 2015).
 * The loss of every step is recorded, but read back in blocks: each step's loss stays on the
 * device, and every `lossReadEvery` steps (and at each progress report and the last step) the
 * pending losses are stacked and read with one `await data()` (never `dataSync`, which throws on
 * webgpu). A per-step read-back would make a GPU backend wait for every step to finish before
 * the next is queued. A NaN is therefore noticed up to `lossReadEvery` steps late; the error
 * still names the first step whose loss was not finite. `onProgress` is called every `progressEvery` steps and at the end; it
 * may return "stop" to end training early (e.g. once a held-out target is reached).
 * `timeBudgetMs` ends training when the time is spent (the grader's budget).
 *
 * Yielding: on cpu and wasm, `await data()` resolves without giving the event loop a turn, so
 * the loop yields (a zero-delay timer) at least every 50 ms. Without it, a notebook's live
 * display messages and a test runner's heartbeats would wait until training ends.
 *
 * Tensors: each step runs in `optimizer.minimize`, which frees its intermediates; the batch and
 * the returned cost are disposed right after, so memory stays flat.
 *
 * The optimizer is {@link FlatAdam}: the same numbers as `tf.train.adam`, in ~20 kernels a step
 * for all the variables together instead of ~10 per variable.
 *
 * @example
 *   const result = await train(flow, data, { lossFn: nllLoss, steps: 2000, batchSize: 512,
 *     learningRate: 1e-3, seed: 0, onProgress: (p) => console.log(p.step, p.loss) });
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { FlatAdam } from "./flat-adam";
import { MinibatchSampler } from "./minibatches";

export type LossFn = (flow: Bijector, x: tf.Tensor2D) => tf.Scalar;

export interface TrainProgress {
  step: number;
  steps: number;
  /** The loss of this step's batch, nats. */
  loss: number;
  /** Mean loss over the last `progressEvery` steps. */
  recentMeanLoss: number;
  elapsedMs: number;
}

export interface TrainOptions {
  lossFn: LossFn;
  steps?: number;
  batchSize?: number;
  learningRate?: number;
  /** Seeds the minibatch order. Default 0. */
  seed?: number;
  progressEvery?: number;
  onProgress?: (p: TrainProgress) => void | "stop" | Promise<void | "stop">;
  /** Stop when this much wall time has passed. Default: no limit. */
  timeBudgetMs?: number;
  /** Stop early, with an error, when the loss is NaN or infinite. Default true. */
  stopOnNonFinite?: boolean;
  /** Read the pending losses back every this many steps (one read for all of them). Default 25. */
  lossReadEvery?: number;
}

export interface TrainResult {
  lossHistory: number[];
  /** Steps actually taken (fewer than asked when stopped early). */
  steps: number;
  /** Why training ended. */
  stoppedBy: "steps" | "onProgress" | "timeBudget";
  elapsedMs: number;
  msPerStep: number;
}

/** The loss became NaN or infinite: the message names the step. */
const YIELD_EVERY_MS = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class NonFiniteLossError extends Error {
  override name = "NonFiniteLossError";
}

export async function train(flow: Bijector, data: tf.Tensor2D | number[][], options: TrainOptions): Promise<TrainResult> {
  const { lossFn, steps = 2000, batchSize = 512, learningRate = 1e-3, seed = 0, progressEvery = 100, onProgress, timeBudgetMs = Infinity, stopOnNonFinite = true, lossReadEvery = 25 } = options;
  if (typeof lossFn !== "function") throw new TypeError("train: 'lossFn' must be a function (flow, x) => tf.Scalar.");
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`train: 'steps' must be a positive integer; got ${steps}.`);
  if (!Number.isInteger(lossReadEvery) || lossReadEvery < 1) throw new RangeError(`train: 'lossReadEvery' must be a positive integer; got ${lossReadEvery}.`);
  const x: tf.Tensor2D = data instanceof tf.Tensor ? data : tf.tensor2d(data);
  const variables = flow.trainableVariables();
  if (variables.length === 0) throw new RangeError(`train: ${flow.name} has no trainable variables.`);
  let optimizer: FlatAdam;
  try {
    optimizer = new FlatAdam(variables, { learningRate });
  } catch (err) {
    if (x !== data) x.dispose();
    throw err;
  }
  const sampler = new MinibatchSampler(x.shape[0], batchSize, seed);
  const lossHistory: number[] = [];
  const start = performance.now();
  let stoppedBy: TrainResult["stoppedBy"] = "steps";
  let lastYield = start;
  /** Losses of the steps since the last read, still on the device. */
  const pending: tf.Scalar[] = [];
  /** Reads the pending losses in one go, appends them, and checks them. */
  const readPending = async () => {
    if (pending.length === 0) return;
    const stacked = tf.stack(pending);
    const firstStep = lossHistory.length + 1;
    let values: Float32Array | Int32Array | Uint8Array;
    try {
      values = await stacked.data();
    } finally {
      tf.dispose([stacked, ...pending]);
      pending.length = 0;
    }
    for (const [i, value] of Array.from(values).entries()) {
      lossHistory.push(value);
      if (stopOnNonFinite && !Number.isFinite(value)) {
        throw new NonFiniteLossError(`train: the loss is ${value} at step ${firstStep + i}; check the log-det and the loss for NaN or overflow.`);
      }
    }
  };
  try {
    for (let step = 1; step <= steps; step++) {
      const batch = tf.tidy(() => tf.gather(x, tf.tensor1d(sampler.next(), "int32")) as tf.Tensor2D);
      let cost: tf.Scalar;
      try {
        cost = optimizer.minimize(() => lossFn(flow, batch));
      } finally {
        batch.dispose();
      }
      pending.push(cost);
      const report = onProgress !== undefined && (step % progressEvery === 0 || step === steps);
      if (pending.length >= lossReadEvery || report || step === steps) await readPending();
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (report) {
        const loss = lossHistory[lossHistory.length - 1];
        const recent = lossHistory.slice(-progressEvery);
        const answer = await onProgress({ step, steps, loss, recentMeanLoss: recent.reduce((a, b) => a + b, 0) / recent.length, elapsedMs: performance.now() - start });
        if (answer === "stop" && step < steps) {
          stoppedBy = "onProgress";
          break;
        }
      }
      if (performance.now() - start > timeBudgetMs && step < steps) {
        await readPending();
        stoppedBy = "timeBudget";
        break;
      }
    }
  } finally {
    tf.dispose(pending);
    optimizer.dispose();
    if (x !== data) x.dispose();
  }
  const elapsedMs = performance.now() - start;
  return { lossHistory, steps: lossHistory.length, stoppedBy, elapsedMs, msPerStep: elapsedMs / lossHistory.length };
}
