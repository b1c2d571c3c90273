/**
 * The image likelihood's training job, inside the subject (exercises (d), (e)): the library's
 * multiscaleFlow built from the student's ActNorm and Invertible1x1Conv, every ActNorm initialised
 * on the first batch (initializeActNorms calls the student's initialize), then a FIXED number of
 * Adam steps on the library's dequantized NLL: fresh uniform noise each step, y = (x + u)/K. It
 * answers with the variables' shapes and the trained weights; the grader measures the held-out
 * bits/dim itself (blackbox/image-likelihood.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { initializeActNorms } from "../../src/bijectors/image/data-init";
import { dequantizedNllLoss, uniformDequantize } from "../../src/eval/dequantization";
import { train } from "../../src/train/train";
import { answer, describeError, notImplemented, toTensor } from "./answer";
import { buildBijector } from "./bijector-job";
import type { ImageTrainJob } from "./protocol";

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
      initializeActNorms(flow, uniformDequantize(tf.slice(data, [0, 0], [job.batchSize, -1]) as tf.Tensor2D, { levels: job.levels, seed: job.seed }));
    });
    const t = await train(flow, data, { lossFn: dequantizedNllLoss({ levels: job.levels, seed: job.seed + 1 }), steps: job.steps, batchSize: job.batchSize, learningRate: job.learningRate, seed: job.seed });
    const weights: number[][] = [];
    for (const v of flow.trainableVariables()) weights.push(Array.from(await v.data()));
    const every = Math.max(1, Math.ceil(t.lossHistory.length / 200));
    answer({ section: "trained", ok: true, steps: t.steps, weights, losses: t.lossHistory.filter((_, i) => i % every === 0) });
  } catch (err) {
    answer({ section: "trained", ok: false, error: `training threw ${describeError(err)}`, notImplemented: notImplemented(err) });
  } finally {
    data.dispose();
  }
}
