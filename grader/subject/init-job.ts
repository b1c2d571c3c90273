/**
 * The init job, inside the subject (exercise (d)): a fresh ActNorm from the student's module, no
 * weights set, then initialize(first), forward(first), initialize(second), forward(first). Every
 * answer is numbers: the outputs, and `initialized` as 0/1 ("flag:*" calls of shape [1]). The
 * grader measures the per-channel statistics and the change itself (blackbox/image-verdicts.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../../src/bijectors/bijector";
import { answer, describeError, notImplemented, problem, readTensor, toTensor } from "./answer";
import { buildBijector } from "./bijector-job";
import type { InitJob, Rows } from "./protocol";

type Initializable = Bijector & { initialize?: (x: tf.Tensor2D) => void; initialized?: unknown };

const flag = (id: string, layer: Initializable) => answer({ section: "call", id, ok: true, outputShape: [1], output: [layer.initialized === true ? 1 : 0] });

export async function runInitJob(job: InitJob): Promise<void> {
  const built = buildBijector(job.build);
  if (!built.bijector) {
    answer({ section: "api", ok: false, problem: built.problem, notImplemented: built.notImplemented });
    return;
  }
  const layer = built.bijector as Initializable;
  if (typeof layer.initialize !== "function") {
    answer({ section: "api", ok: false, problem: problem("no-initialize", {}) });
    return;
  }
  answer({ section: "api", ok: true, dim: layer.dim });
  flag("flag:fresh", layer);
  const step = async (id: string, rows: Rows): Promise<boolean> => {
    const init = toTensor(rows);
    const x = toTensor(job.first);
    try {
      layer.initialize!(init);
      flag(`flag:${id}`, layer);
      const r = layer.forward(x);
      const out = await readTensor(r?.output);
      for (const t of [r?.output, r?.logDet] as unknown[]) if (t instanceof tf.Tensor && !t.isDisposed) t.dispose();
      if ("problem" in out) answer({ section: "call", id, ok: false, error: problem("returned-output", { call: "forward", value: out.problem }) });
      else answer({ section: "call", id, ok: true, outputShape: out.shape, output: out.values });
      return true;
    } catch (err) {
      answer({ section: "call", id, ok: false, error: problem("init-threw", { error: describeError(err) }), notImplemented: notImplemented(err) });
      return false;
    } finally {
      tf.dispose([init, x]);
    }
  };
  if (await step("init:a", job.first)) await step("init:again", job.second);
}
