/**
 * The NLL job, inside the subject: the student's three functions of exercise (c) evaluated on the
 * grader's inputs and on a small trusted flow (DiagonalScale(D) → reverse → DiagonalScale(D)) whose
 * log-scales the grader chose. The grader computes every reference value itself, in float64.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../../src/bijectors/bijector";
import { Chain } from "../../src/bijectors/chain";
import { DiagonalScale } from "../../src/bijectors/diagonal-scale";
import { Permutation } from "../../src/bijectors/permutation";
import { loadExportedFunctions } from "./load-module";
import { answer, collected, describeError, gradientValues, mark, notImplemented, problem, readTensor, toTensor } from "./answer";
import type { NllFunction, NllJob } from "./protocol";


type Fns = Record<NllFunction, (...args: unknown[]) => unknown>;
const FUNCTIONS: NllFunction[] = ["standardNormalLogProb", "flowLogProb", "nllLoss"];

export function trustedFlow(dim: number): { flow: Bijector; scales: tf.Variable[] } {
  const first = new DiagonalScale(dim);
  const last = new DiagonalScale(dim);
  return { flow: new Chain([first, Permutation.reverse(dim), last]), scales: [first.logScale, last.logScale] };
}

export function setScales(scales: tf.Variable[], weights: [number[], number[]]): void {
  scales.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor1d(weights[i]))));
}

function apply(fns: Fns, fn: NllFunction, flow: Bijector, x: tf.Tensor2D): unknown {
  return fn === "standardNormalLogProb" ? fns.standardNormalLogProb(x) : fns[fn](flow, x);
}

export async function runNllJob(job: NllJob): Promise<void> {
  const fns = loadExportedFunctions<Fns>(job.module, FUNCTIONS);
  if (!fns) return;
  const { flow, scales } = trustedFlow(job.dim);
  setScales(scales, job.flowWeights);
  for (const c of job.calls) {
    const x = toTensor(c.input);
    let out: unknown;
    try {
      setScales(scales, c.flowWeights ?? job.flowWeights);
      out = apply(fns, c.fn, flow, x);
      const read = await readTensor(out);
      if ("problem" in read) answer({ section: "call", id: c.id, ok: false, error: problem("returned", { call: c.fn, value: read.problem }) });
      else answer({ section: "call", id: c.id, ok: true, outputShape: read.shape, output: read.values });
    } catch (err) {
      answer({ section: "call", id: c.id, ok: false, error: problem("threw", { call: c.fn, error: describeError(err) }), notImplemented: notImplemented(err) });
    } finally {
      x.dispose();
      if (out instanceof tf.Tensor && !out.isDisposed) out.dispose();
    }
  }
  setScales(scales, job.flowWeights);
  if (job.gradient) {
    const x = toTensor(job.gradient.input);
    try {
      const { value, grads } = tf.variableGrads(() => fns.nllLoss(flow, x) as tf.Scalar, scales);
      const out = await gradientValues(grads, scales);
      tf.dispose([value, ...Object.values(grads)]);
      answer({ section: "gradient", id: job.gradient.id, ok: true, grads: out });
    } catch (err) {
      answer({ section: "gradient", id: job.gradient.id, ok: false, error: problem("gradient-failed", { call: "nllLoss", error: describeError(err) }), notImplemented: notImplemented(err) });
    } finally {
      x.dispose();
    }
  }
  if (job.leak) {
    const x = toTensor(job.leak.input);
    const once = () => tf.dispose(FUNCTIONS.map((fn) => apply(fns, fn, flow, x) as tf.Tensor));
    try {
      for (let i = 0; i < job.leak.warmup; i++) once();
      const before = tf.memory().numTensors;
      mark("warm");
      for (let i = 0; i < job.leak.iterations; i++) collected(once);
      answer({ section: "leak", ok: true, tensorsPerCall: (tf.memory().numTensors - before) / Math.max(1, job.leak.iterations) });
    } catch (err) {
      answer({ section: "leak", ok: false, error: problem("functions-threw", { error: describeError(err) }), notImplemented: notImplemented(err) });
    } finally {
      x.dispose();
    }
  }
}
