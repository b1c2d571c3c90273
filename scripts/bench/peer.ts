/**
 * `npm run bench:peer`: FlowLab's reference training step side by side with the identical model
 * in PyTorch, interleaved in one run, and the ratio of the medians:
 *
 *   ratio = median(FlowLab ms/step) / median(PyTorch ms/step)      (≤ 1: FlowLab is as fast)
 *
 * Same model, same start, same data: the PyTorch twin (peer_torch.py) receives the flow's initial
 * weights, the training rows and the batch order that `train()` will draw (the same
 * MinibatchSampler and seed), and uses Adam with the same learning rate and epsilon. Both sides
 * take `--chunk` steps in turn, so machine noise hits them alike; the first `--warmup` steps of
 * each are not timed. The losses of the two runs are compared step by step: they agree to float32
 * rounding when the models are the same.
 *
 * PyTorch comes from Debian (`apt-get install python3-torch`, for /usr/bin/python3), used only
 * here and never by the course; without it the script says so and prints FlowLab's figures alone.
 *
 * Options: `--steps N` timed steps per side (default 60), `--warmup N` (10), `--chunk N` (5),
 * `--torch-threads 2,1` (one PyTorch twin per thread count, default 2 (the machine's cores) and
 * 1: on a busy 2-core machine PyTorch's two OpenMP threads can be the slower of the two, and
 * the headline ratio is against the faster twin), `--python PATH` (/usr/bin/python3),
 * `--no-kernels` to skip counting kernels per step.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../src/backend/index";
import { alternatingMask } from "../../src/bijectors/bijector";
import { MinibatchSampler, train } from "../../src/train/index";
import { nllLoss } from "../../solutions/nll";
import { formatKernelCount, kernelsPerStep } from "./kernel-count";
import { arg, median, REFERENCE, referenceData, referenceFlow } from "./reference-config";

const steps = Number(arg("steps", "60"));
const warmup = Number(arg("warmup", "10"));
const chunk = Number(arg("chunk", "5"));
const torchThreads = arg("torch-threads", "2,1").split(",").map(Number);
const python = arg("python", "/usr/bin/python3");
/** tfjs Adam's default epsilon on float32 backends (`backend.epsilon()`); PyTorch's is 1e-8. */
const ADAM_EPSILON = 1e-7;

/** One line from the PyTorch twin. */
interface TorchChunk {
  ms: number[];
  loss: number[];
}

interface Twin {
  name: string;
  line: string;
  run: (k: number) => Promise<TorchChunk>;
  stop: () => void;
}

/** Whether Debian's PyTorch imports; says why not, once. */
function torchPresent(): boolean {
  const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status === 0) return true;
  const why = probe.error ? `${python} not found` : (probe.stderr.trim().split("\n").pop() ?? "import torch failed");
  console.log(`- PyTorch absent (${why}): FlowLab's figures only. For the side-by-side, as root: apt-get update && apt-get install -y python3-torch`);
  return false;
}

/** A PyTorch twin with `threads` threads, as a child process that runs `run K` commands. */
async function startTorch(folder: string, threads: number): Promise<Twin> {
  const script = fileURLToPath(new URL("./peer_torch.py", import.meta.url));
  const child = spawn(python, [script, folder, String(threads)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error("bench:peer: the PyTorch twin exited early (see its error above).");
    return JSON.parse(r.value);
  };
  const hello = await next();
  return {
    name: `PyTorch ${hello.threads}T`,
    line: `PyTorch ${hello.torch} CPU, ${hello.threads} thread${hello.threads === 1 ? "" : "s"} (${python})`,
    run: async (k) => {
      child.stdin.write(`run ${k}\n`);
      return (await next()) as TorchChunk;
    },
    stop: () => void child.stdin.end("quit\n"),
  };
}

/** Writes what the twin needs: config, rows, batch order, initial weights (see peer_torch.py). */
async function exportTwin(folder: string, flow: ReturnType<typeof referenceFlow>, rows: number[][], total: number): Promise<void> {
  const sampler = new MinibatchSampler(rows.length, REFERENCE.batchSize, REFERENCE.seed);
  const batches = new Int32Array(total * REFERENCE.batchSize);
  for (let s = 0; s < total; s++) batches.set(sampler.next(), s * REFERENCE.batchSize);
  const weights = await Promise.all(flow.trainableVariables().map((v) => v.data() as Promise<Float32Array>));
  const flat = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
  weights.reduce((at, w) => (flat.set(w, at), at + w.length), 0);
  writeFileSync(join(folder, "data.f32"), new Float32Array(rows.flat()));
  writeFileSync(join(folder, "batches.i32"), batches);
  writeFileSync(join(folder, "weights.f32"), flat);
  const masks = Array.from({ length: REFERENCE.layers }, (_, k) => alternatingMask(2, k));
  const config = { dim: 2, hidden: REFERENCE.hidden, masks, batch: REFERENCE.batchSize, lr: REFERENCE.learningRate, eps: ADAM_EPSILON };
  writeFileSync(join(folder, "config.json"), JSON.stringify(config));
}

const fmt = (ms: number) => ms.toFixed(1).padStart(7);

const backend = await selectBackend();
console.log(`bench:peer: RealNVP ${REFERENCE.layers} couplings, MLP ${REFERENCE.hidden.join("×")}, batch ${REFERENCE.batchSize}, two moons; ${steps} timed steps a side after ${warmup} warm-up, interleaved ${chunk} at a time`);
console.log(`- ${backend.line}`);
if (!process.argv.includes("--no-kernels")) console.log(`- FlowLab kernels per step: ${formatKernelCount(await kernelsPerStep())}`);

const folder = mkdtempSync(join(tmpdir(), "bench-peer-"));
const total = warmup + steps;
const flow = referenceFlow();
const rows = referenceData().train;
const twins: Twin[] = [];
try {
  await exportTwin(folder, flow, rows, total);
  if (torchPresent()) for (const threads of torchThreads) twins.push(await startTorch(folder, threads));
  for (const t of twins) console.log(`- ${t.line}`);
  const ours: number[] = [];
  const theirs: TorchChunk[] = twins.map(() => ({ ms: [], loss: [] }));
  let last = performance.now();
  const result = await train(flow, rows, {
    lossFn: nllLoss, steps: total, batchSize: REFERENCE.batchSize, learningRate: REFERENCE.learningRate, seed: REFERENCE.seed, progressEvery: 1,
    onProgress: async (p) => {
      ours.push(performance.now() - last);
      if (p.step % chunk === 0 || p.step === total) {
        for (const [i, twin] of twins.entries()) {
          const c = await twin.run(p.step - theirs[i].ms.length);
          theirs[i].ms.push(...c.ms);
          theirs[i].loss.push(...c.loss);
        }
      }
      last = performance.now();
    },
  });
  const a = ours.slice(warmup);
  console.log(`\n                 median ms/step    min      max`);
  console.log(`FlowLab (${tf.getBackend()})`.padEnd(17) + `${fmt(median(a))}        ${fmt(Math.min(...a))}  ${fmt(Math.max(...a))}`);
  const medians = twins.map((twin, i) => {
    const b = theirs[i].ms.slice(warmup);
    console.log(twin.name.padEnd(17) + `${fmt(median(b))}        ${fmt(Math.min(...b))}  ${fmt(Math.max(...b))}`);
    return median(b);
  });
  if (twins.length) {
    console.log("");
    twins.forEach((twin, i) => console.log(`ratio FlowLab / ${twin.name} (medians): ${(median(a) / medians[i]).toFixed(2)}×`));
    const best = Math.min(...medians);
    console.log(`ratio FlowLab / the faster PyTorch: ${(median(a) / best).toFixed(2)}×`);
    const diffs = result.lossHistory.map((l, i) => Math.abs(l - theirs[0].loss[i]));
    console.log(`same model: |loss FlowLab − loss PyTorch| ≤ ${Math.max(...diffs.slice(0, 10)).toExponential(1)} over the first 10 steps, ${Math.max(...diffs).toExponential(1)} over all ${total} (step 1 loss ${result.lossHistory[0].toFixed(4)} vs ${theirs[0].loss[0].toFixed(4)})`);
  }
} finally {
  for (const t of twins) t.stop();
  flow.dispose();
  rmSync(folder, { recursive: true, force: true });
}
