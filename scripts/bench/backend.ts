/**
 * `npm run bench:backend`: median milliseconds per training step of the reference RealNVP on
 * every backend that starts here, measured one after the other in this process, and the ratio
 * of each to the fastest. Options: `--steps N` (timed steps per backend, default 40),
 * `--warmup N` (default 5).
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../src/backend";
import { MinibatchSampler } from "../../src/train";
import { nllLoss } from "../../solutions/nll";
import { arg, availableBackends, median, REFERENCE, referenceData, referenceFlow } from "./reference-config";

const steps = Number(arg("steps", "40"));
const warmup = Number(arg("warmup", "5"));

async function msPerStep(): Promise<number[]> {
  const data = referenceData();
  const x = tf.tensor2d(data.train);
  const flow = referenceFlow();
  const optimizer = tf.train.adam(REFERENCE.learningRate);
  const sampler = new MinibatchSampler(x.shape[0], REFERENCE.batchSize, REFERENCE.seed);
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    const batch = tf.tidy(() => tf.gather(x, tf.tensor1d(sampler.next(), "int32")) as tf.Tensor2D);
    const cost = optimizer.minimize(() => nllLoss(flow, batch), true, flow.trainableVariables())!;
    await cost.data();
    tf.dispose([cost, batch]);
    if (i >= warmup) times.push(performance.now() - t0);
  }
  optimizer.dispose();
  flow.dispose();
  x.dispose();
  return times;
}

console.log(`bench:backend: RealNVP ${REFERENCE.layers} couplings, MLP ${REFERENCE.hidden.join("×")}, batch ${REFERENCE.batchSize}; ${steps} timed steps after ${warmup} warm-up`);
const rows: { name: string; med: number; min: number; max: number }[] = [];
for (const { choice, line } of await availableBackends()) {
  await selectBackend(choice);
  const t = await msPerStep();
  rows.push({ name: choice, med: median(t), min: Math.min(...t), max: Math.max(...t) });
  console.log(`- ${line}`);
}
const fastest = Math.min(...rows.map((r) => r.med));
console.log("\nbackend      median ms/step   min     max     × fastest");
for (const r of rows) {
  console.log(`${r.name.padEnd(12)} ${r.med.toFixed(1).padStart(10)}   ${r.min.toFixed(1).padStart(6)}  ${r.max.toFixed(1).padStart(6)}   ${(r.med / fastest).toFixed(2)}`);
}
