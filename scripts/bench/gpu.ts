/**
 * `npm run bench:gpu`: the GPU path measured against the CPU backends, side by side in one run.
 *
 * For every backend that starts here (tensorflow, webgpu, wasm, cpu; the WebGPU adapter is printed,
 * and marked when it is software) it prints **ms per training step, median, min and max**, for
 *   - `2d`:  the reference RealNVP step (8 affine couplings, MLP 64×64; solutions' classes), and
 *   - `img`: notebook 05's multiscale flow (2 steps at 14×14×1, squeeze, 2 at 7×7×4, split,
 *            2 at 7×7×2; conv conditioners with 16 channels; solutions' ActNorm and 1×1 conv),
 * at each batch size of `--batches` (default 64,256,1024). A step's time is measured over blocks of
 * `--block` steps (default 5) with one loss read-back per block, as train() does; `--read-every-step`
 * times one read-back per step instead (the difference is the read-back's cost: a profile).
 * Then the **training time to a held-out bits/dim target** on the image flow with the notebook's
 * settings (batch 32, lr 3e-3, fresh dequantization noise each step; held-out bits/dim on 1000
 * test digits, checked every `--every` steps; evaluation not counted), per backend.
 *
 *   --steps 20  --warmup 3  --block 5  --batches 64,256,1024  --workloads 2d,img
 *   --target 3.0  --every 100  --max-steps 1000  --cap-s 120   (--target 0 skips it)
 *   --backends webgpu,wasm      (default: every backend that starts)
 *
 * Kernels per 2D step (`tf.profile`) are printed per backend: on a GPU each kernel is one dispatch,
 * so this count, not the FLOPs, bounds the small-batch step time.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend, type BackendChoice } from "../../src/backend";
import { imageShape, initializeActNorms, multiscaleFlow } from "../../src/bijectors/image";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizationNoise, dequantizedBitsPerDim, dequantizedTrainingLoss } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { train, type LossFn } from "../../src/train";
import { ActNorm, AffineCoupling, Invertible1x1Conv, nllLoss } from "../../solutions";
import { kernelsPerStep } from "./kernel-count";
import { arg, availableBackends, median, REFERENCE, referenceData, referenceFlow } from "./reference-config";

const steps = Number(arg("steps", "20"));
const warmup = Number(arg("warmup", "3"));
const block = Number(arg("block", "5"));
const batches = arg("batches", "64,256,1024").split(",").map(Number);
const workloads = arg("workloads", "2d,img").split(",");
const target = Number(arg("target", "3.0"));
const every = Number(arg("every", "100"));
const maxSteps = Number(arg("max-steps", "1000"));
const capMs = 1000 * Number(arg("cap-s", "120"));
const only = arg("backends", "").split(",").filter(Boolean);
const readEveryStep = process.argv.includes("--read-every-step");
for (const [name, v] of [["steps", steps], ["block", block], ["every", every], ["max-steps", maxSteps]] as const) {
  if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`bench:gpu: --${name} must be a positive integer; got ${v}.`);
}
if (batches.some((b) => !(Number.isInteger(b) && b > 0))) throw new RangeError(`bench:gpu: --batches must be positive integers; got ${arg("batches", "")}.`);

const digits = await loadDigits({ size: 14, nTrain: 8000, nTest: 1000, seed: 0 });
/** Notebook 05's multiscale flow, built from the solutions' classes. */
const imageFlow = (x: tf.Tensor2D) => {
  const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 2, conditioner: "conv", hidden: 16, seed: 0, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
  tf.tidy(() => initializeActNorms(flow, deq.uniformDequantize(tf.slice(x, [0, 0], [512, 196]) as tf.Tensor2D, dequantizationNoise([512, 196], 99))));
  return flow;
};

/** ms per step over blocks of `block` steps (one read-back per block), after `warmup` steps. */
async function stepTimes(workload: string, batchSize: number): Promise<number[]> {
  const img = workload === "img";
  const x = img ? digitsTensor(digits.train) : tf.tensor2d(referenceData().train);
  const flow = img ? imageFlow(x) : referenceFlow();
  const lossFn: LossFn = img ? dequantizedTrainingLoss(deq, { seed: 0 }) : nllLoss;
  const per = readEveryStep ? 1 : block;
  const blocks = Math.max(1, Math.round(steps / per));
  const stamps: number[] = [];
  try {
    await train(flow, x, {
      lossFn, steps: warmup + blocks * per, batchSize, learningRate: img ? 3e-3 : REFERENCE.learningRate, seed: 0,
      lossReadEvery: per, progressEvery: 1, onProgress: (p) => void (p.step >= warmup && (p.step - warmup) % per === 0 && stamps.push(p.elapsedMs)),
    });
  } finally {
    flow.dispose();
    x.dispose();
  }
  return stamps.slice(1).map((t, i) => (t - stamps[i]) / per);
}

/** Training time (evaluation excluded) until held-out bits/dim ≤ target, notebook settings. */
async function timeToTarget(): Promise<string> {
  const xTrain = digitsTensor(digits.train);
  const xTest = digitsTensor(digits.test);
  const flow = imageFlow(xTrain);
  let trainingMs = 0;
  let last = 0;
  let lastBpd = NaN;
  let reached = "";
  try {
    const r = await train(flow, xTrain, {
      lossFn: dequantizedTrainingLoss(deq, { seed: 0 }), steps: maxSteps, batchSize: 32, learningRate: 3e-3, seed: 0, progressEvery: every,
      onProgress: async (p) => {
        trainingMs += p.elapsedMs - last;
        const entered = performance.now();
        lastBpd = await dequantizedBitsPerDim(flow, xTest, deq, { seed: 1 });
        last = p.elapsedMs + (performance.now() - entered);
        if (lastBpd <= target) {
          reached = `${(trainingMs / 1000).toFixed(1)} s (step ${p.step}, ${lastBpd.toFixed(3)} bits/dim)`;
          return "stop";
        }
        return trainingMs > capMs ? "stop" : undefined;
      },
    });
    return reached || `not reached: ${lastBpd.toFixed(3)} bits/dim after ${r.steps} steps, ${(trainingMs / 1000).toFixed(1)} s`;
  } finally {
    flow.dispose();
    tf.dispose([xTrain, xTest]);
  }
}

console.log(
  `bench:gpu: ms per training step (median, min, max over ${readEveryStep ? "single steps, one read-back each" : `blocks of ${block} steps, one read-back per block`}; ` +
    `${steps} timed steps after ${warmup} warm-up), batches ${batches.join(", ")}; workloads ${workloads.join(", ")}` +
    (target > 0 ? `; then time to ${target} held-out bits/dim (notebook 05 settings, checked every ${every} steps, cap ${capMs / 1000} s)` : ""),
);
const rows: string[] = [];
const targets: string[] = [];
let software: boolean | undefined;
for (const { choice, line } of await availableBackends()) {
  if (only.length && !only.includes(choice)) continue;
  const r = await selectBackend(choice as BackendChoice);
  if (choice === "webgpu") software = r.adapter?.software;
  console.log(`- ${line.replace("\n", "\n  ")}`);
  const kernels = await kernelsPerStep();
  console.log(`  ${choice}: ${kernels.perStep} kernels per 2D step`);
  for (const w of workloads) {
    for (const b of batches) {
      const t = await stepTimes(w, b);
      const row = `${choice.padEnd(10)} ${w.padEnd(4)} ${String(b).padStart(6)} ${median(t).toFixed(1).padStart(9)} ${Math.min(...t).toFixed(1).padStart(8)} ${Math.max(...t).toFixed(1).padStart(8)}`;
      console.log(`  ${row}`);
      rows.push(row);
    }
  }
  if (target > 0) {
    const t = await timeToTarget();
    console.log(`  ${choice}: time to ${target} bits/dim: ${t}`);
    targets.push(`${choice.padEnd(10)} ${t}`);
  }
}
console.log(`\nbackend    load  batch  median ms   min ms   max ms\n${rows.join("\n")}`);
if (targets.length) console.log(`\ntime to ${target} held-out bits/dim (image flow, batch 32):\n${targets.join("\n")}`);
console.log(
  software === undefined
    ? "\nWebGPU: not measured (no adapter, or not asked)."
    : software
      ? "\nWebGPU ran on a SOFTWARE adapter (a CPU rasterizer): its figures say nothing about a GPU."
      : "\nWebGPU ran on a hardware adapter (a GPU).",
);
