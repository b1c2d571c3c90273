/**
 * The dequantization job, inside the subject (exercise (f)): the student's three functions on the
 * grader's pixels, noise and (nll, D, K) triples, and the loss on a trusted flow whose log-scales
 * the grader chose (the same flow as the NLL job's). Numbers only; the grader computes every
 * reference in float64 (blackbox/dequantization-verdicts.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../../src/bijectors/bijector";
import { answer, describeError, notImplemented, problem, readTensor, toTensor } from "./answer";
import { loadExportedFunctions } from "./load-module";
import { setScales, trustedFlow } from "./nll-job";
import type { DequantizationJob } from "./protocol";

const FUNCTIONS = ["uniformDequantize", "discreteBitsPerDim", "dequantizedNllLoss"] as const;
type Fns = {
  uniformDequantize: (pixels: tf.Tensor2D, noise: tf.Tensor2D, levels: number) => unknown;
  discreteBitsPerDim: (nll: number, dim: number, levels: number) => unknown;
  dequantizedNllLoss: (flow: Bijector, pixels: tf.Tensor2D, noise: tf.Tensor2D, levels: number) => unknown;
};

async function tensorCall(id: string, what: string, run: () => unknown): Promise<void> {
  let out: unknown;
  try {
    out = run();
    const t = await readTensor(out);
    if ("problem" in t) answer({ section: "call", id, ok: false, error: problem("returned", { call: what, value: t.problem }) });
    else answer({ section: "call", id, ok: true, outputShape: t.shape, output: t.values });
  } catch (err) {
    answer({ section: "call", id, ok: false, error: problem("threw", { call: what, error: describeError(err) }), notImplemented: notImplemented(err) });
  } finally {
    if (out instanceof tf.Tensor && !out.isDisposed) out.dispose();
  }
}

export async function runDequantizationJob(job: DequantizationJob): Promise<void> {
  const fns = loadExportedFunctions<Fns>(job.module, FUNCTIONS);
  if (!fns) return;
  const pixels = toTensor(job.pixels);
  const noise = toTensor(job.noise);
  const { flow, scales } = trustedFlow(job.pixels.dim);
  try {
    setScales(scales, job.flowWeights);
    await tensorCall("y", "uniformDequantize", () => fns.uniformDequantize(pixels, noise, job.levels));
    try {
      const values = job.triples.map(([nll, dim, levels]) => fns.discreteBitsPerDim(nll, dim, levels));
      const bad = values.findIndex((v) => typeof v !== "number");
      if (bad >= 0) answer({ section: "call", id: "bpd", ok: false, error: problem("not-number", { call: "discreteBitsPerDim", type: typeof values[bad] }) });
      else answer({ section: "call", id: "bpd", ok: true, outputShape: [values.length], output: values as number[] });
    } catch (err) {
      answer({ section: "call", id: "bpd", ok: false, error: problem("threw", { call: "discreteBitsPerDim", error: describeError(err) }), notImplemented: notImplemented(err) });
    }
    await tensorCall("loss", "dequantizedNllLoss", () => fns.dequantizedNllLoss(flow, pixels, noise, job.levels));
  } finally {
    tf.dispose([pixels, noise]);
    flow.dispose();
  }
}
