/**
 * The image likelihood's training job, inside the subject (exercises (d), (e)): the library's
 * multiscaleFlow with no coupling (affineCoupling: "none", a linear flow behind a fixed Logit layer)
 * built from the student's ActNorm and Invertible1x1Conv, every ActNorm initialised
 * on the first batch (initializeActNorms calls the student's initialize), then a FIXED number of
 * Adam steps on a training energy with fresh uniform noise each step, y = (x + u)/K:
 *
 *   E(y) = mean over rows of  ½ |f(y)|² − log|det ∂f/∂y|
 *
 * the dequantized NLL up to its constant (D/2) log 2π, so every gradient, every Adam step and the
 * trained weights are those of the NLL. The subject's runtime holds no NLL, log-density or
 * bits/dim (exercises (c) and (f)): the grader measures the held-out bits/dim itself
 * (blackbox/image-likelihood.ts). It answers with the variables' shapes and the trained weights.
 */
import * as tf from "@tensorflow/tfjs";
import { initializeActNorms } from "../../src/bijectors/image/data-init";
import type { Bijector } from "../../src/bijectors/bijector";
import { train } from "../../src/train/train";
import { answer, describeError, notImplemented, problem, toTensor } from "./answer";
import { buildBijector } from "./bijector-job";
import type { ImageTrainJob } from "./protocol";

/** y = (x + u)/K with u ~ U[0, 1) drawn from `seed` (the same numbers on every backend). */
function dequantized(pixels: tf.Tensor2D, levels: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.add(pixels, tf.randomUniform(pixels.shape, 0, 1, "float32", seed)), levels) as tf.Tensor2D);
}

/** The training energy E above, with the noise of call k drawn from seed + k. */
function trainingEnergy(levels: number, seed: number): (flow: Bijector, x: tf.Tensor2D) => tf.Scalar {
  let calls = 0;
  return (flow, x) => {
    const callSeed = seed + calls++;
    return tf.tidy(() => {
      const { output, logDet } = flow.forward(dequantized(x, levels, callSeed));
      const halfSquaredNorm = tf.mul(tf.sum(tf.mul(output, output), 1), 0.5);
      return tf.mean(tf.sub(halfSquaredNorm, logDet)) as tf.Scalar;
    });
  };
}

export async function runImageTrainJob(job: ImageTrainJob): Promise<void> {
  const built = buildBijector(job.build);
  if (!built.bijector) {
    answer({ section: "api", ok: false, problem: built.problem, notImplemented: built.notImplemented });
    return;
  }
  const flow = built.bijector;
  const variables = flow.trainableVariables();
  answer({ section: "api", ok: true, dim: flow.dim, variableShapes: variables.map((v) => [...v.shape]) });
  const data = toTensor(job.data);
  try {
    tf.tidy(() => {
      initializeActNorms(flow, dequantized(tf.slice(data, [0, 0], [job.batchSize, -1]) as tf.Tensor2D, job.levels, job.seed));
    });
    const t = await train(flow, data, { lossFn: trainingEnergy(job.levels, job.seed + 1), steps: job.steps, batchSize: job.batchSize, learningRate: job.learningRate, seed: job.seed });
    const weights: number[][] = [];
    for (const v of flow.trainableVariables()) weights.push(Array.from(await v.data()));
    const every = Math.max(1, Math.ceil(t.lossHistory.length / 200));
    answer({ section: "trained", ok: true, steps: t.steps, weights, losses: t.lossHistory.filter((_, i) => i % every === 0) });
  } catch (err) {
    answer({ section: "trained", ok: false, error: problem("training-threw", { error: describeError(err) }), notImplemented: notImplemented(err) });
  } finally {
    data.dispose();
  }
}
