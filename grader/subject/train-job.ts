/**
 * The training job of the likelihood check, inside the subject: a flow of the student's coupling
 * layers (built by the library's couplingFlow), trained with the student's nllLoss for a FIXED
 * number of Adam steps (no time budget: the same submission trains the same on an idle and on a
 * busy machine). It answers with the trained weights; the grader measures the held-out NLL itself.
 */
import * as tf from "@tensorflow/tfjs";
import { train, type LossFn } from "../../src/train/train";
import { loadStudentModule, moduleFile } from "./load-module";
import { answer, describeError, notImplemented, problem, problemOf } from "./answer";
import { buildBijector } from "./bijector-job";
import type { TrainJob } from "./protocol";


/** At most this many loss values travel back (evenly spaced), for the report. */
const MAX_LOSSES = 200;

export async function runTrainJob(job: TrainJob): Promise<void> {
  const built = buildBijector(job.build);
  let lossFn: LossFn | undefined;
  try {
    lossFn = loadStudentModule(job.lossModule).nllLoss as LossFn;
  } catch (err) {
    answer({ section: "api", ok: false, problem: problemOf(err, (error) => problem("file-load-failed", { file: moduleFile(job.lossModule), error })), notImplemented: notImplemented(err) });
    return;
  }
  if (!built.bijector) {
    answer({ section: "api", ok: false, problem: built.problem, notImplemented: built.notImplemented });
    return;
  }
  if (typeof lossFn !== "function") {
    answer({ section: "api", ok: false, problem: problem("no-function", { file: moduleFile(job.lossModule), name: "nllLoss" }) });
    return;
  }
  answer({ section: "api", ok: true });
  const flow = built.bijector;
  const data = tf.tensor2d(job.data.values, [job.data.rows, job.data.dim]);
  try {
    const t = await train(flow, data, { lossFn, steps: job.steps, batchSize: job.batchSize, learningRate: job.learningRate, seed: job.seed });
    const weights: number[][] = [];
    for (const v of flow.trainableVariables()) weights.push(Array.from(await v.data()));
    const every = Math.max(1, Math.ceil(t.lossHistory.length / MAX_LOSSES));
    answer({ section: "trained", ok: true, steps: t.steps, weights, losses: t.lossHistory.filter((_, i) => i % every === 0) });
  } catch (err) {
    answer({ section: "trained", ok: false, error: problem("training-threw", { error: describeError(err) }), notImplemented: notImplemented(err) });
  } finally {
    data.dispose();
  }
}
