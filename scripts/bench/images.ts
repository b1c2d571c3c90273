/**
 * `npm run bench:images`: flows on 14×14 digits, side by side on every backend that starts here.
 * For each backend and each configuration, it prints the training milliseconds per step and the
 * training time until held-out bits/dim (dequantized, 1000 test digits, with the D·log 256 term)
 * first reaches the target, checked every `--every` steps (evaluation time is not counted).
 *
 * Every configuration is multiscaleFlow({ shape: 14×14×1, levels: 1, steps: 2 }) — squeeze to
 * 7×7×4, split to 7×7×2, 6 couplings with ActNorm and 1×1 convs — and differs only in the
 * couplings' conditioner. Adam, batch 32, lr 2e-3, seeds 0: identical weights and batches on
 * every backend.
 *
 *   --backends wasm,cpu     which backends (default: all that start)
 *   --configs conv8,conv16,dense128   conditioner "conv" or "dense" and its width
 *   --target 3.5            bits/dim target       --max-steps 600     --every 50
 *   --cap-s 90              wall-clock cap per run, in seconds of training (cpu is far slower)
 *
 * Measured on the 2-core course machine (other work running at times, so ±2×): wasm conv16
 * 57–75 ms/step uncontended, 3.5 bits/dim at step 300 (22 s); 1000 steps → 2.84, 2000 → 2.71.
 * wasm dense128 95 ms/step, 3.78 after 600 steps. cpu: 765–1410 ms/step (10–19× wasm).
 * Per-step time on wasm looks dominated by fixed per-kernel cost, not arithmetic: one forward and
 * backward of this flow took 197 ms at batch 1, 249 ms at 16 and 555 ms at 64 (measured under
 * load), so larger batches are nearly free and extra layers are what cost.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend, type BackendChoice } from "../../src/backend";
import { imageShape, initializeActNorms, multiscaleFlow, type ConditionerKind } from "../../src/bijectors/image";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizedBitsPerDim, dequantizedNllLoss, uniformDequantize } from "../../src/eval/dequantization";
import { train } from "../../src/train";
import { arg, availableBackends } from "./reference-config";

const target = Number(arg("target", "3.5"));
const maxSteps = Number(arg("max-steps", "600"));
const every = Number(arg("every", "50"));
const capMs = 1000 * Number(arg("cap-s", "90"));
const only = arg("backends", "").split(",").filter(Boolean);
const configs = arg("configs", "conv8,conv16,dense128").split(",").map((c) => {
  const m = /^(conv|dense)(\d+)$/.exec(c.trim());
  if (!m) throw new RangeError(`bench:images: --configs entries look like conv16 or dense128; got "${c}".`);
  return { label: c.trim(), conditioner: m[1] as ConditionerKind, hidden: Number(m[2]) };
});
const BATCH = 32;
const LR = 2e-3;

const digits = await loadDigits({ size: 14, nTrain: 8000, nTest: 1000, seed: 0 });
console.log(
  `bench:images: multiscale flow (levels 1, steps 2) on 14×14 digits (8000 train, 1000 test), batch ${BATCH}, lr ${LR}; ` +
    `target ${target} bits/dim, checked every ${every} steps, at most ${maxSteps} steps or ${capMs / 1000} s of training per run`,
);
const rows: string[] = [];
for (const { choice, line } of await availableBackends()) {
  if (only.length && !only.includes(choice)) continue;
  await selectBackend(choice as BackendChoice);
  console.log(`- ${line}`);
  for (const cfg of configs) {
    const xTrain = digitsTensor(digits.train);
    const xTest = digitsTensor(digits.test);
    const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 2, conditioner: cfg.conditioner, hidden: cfg.hidden, seed: 0 });
    const params = flow.trainableVariables().reduce((a, v) => a + v.size, 0);
    const first = tf.slice(xTrain, [0, 0], [512, 196]) as tf.Tensor2D;
    const y0 = uniformDequantize(first, { seed: 99 });
    initializeActNorms(flow, y0);
    tf.dispose([first, y0]);
    let evalMs = 0;
    let lastBpd = NaN;
    let reached: { step: number; seconds: number; bpd: number } | null = null;
    const result = await train(flow, xTrain, {
      lossFn: dequantizedNllLoss({ seed: 0 }), steps: maxSteps, batchSize: BATCH, learningRate: LR, seed: 0, progressEvery: every,
      onProgress: async (p) => {
        const t0 = performance.now();
        lastBpd = await dequantizedBitsPerDim(flow, xTest, { seed: 1 });
        evalMs += performance.now() - t0;
        const trainingMs = p.elapsedMs - evalMs;
        console.log(`  ${choice} ${cfg.label}: step ${p.step}, held-out ${lastBpd.toFixed(3)} bits/dim, ${(trainingMs / 1000).toFixed(1)} s of training`);
        if (lastBpd <= target) {
          reached = { step: p.step, seconds: trainingMs / 1000, bpd: lastBpd };
          return "stop";
        }
        if (trainingMs > capMs) return "stop";
      },
    });
    flow.dispose();
    tf.dispose([xTrain, xTest]);
    const msPerStep = (result.elapsedMs - evalMs) / result.steps;
    const r = reached as { step: number; seconds: number; bpd: number } | null;
    rows.push(
      `${choice.padEnd(8)} ${cfg.label.padEnd(9)} ${String(params).padStart(8)} ${msPerStep.toFixed(0).padStart(8)}   ` +
        (r
          ? `reached at step ${r.step} (${r.bpd.toFixed(3)} bits/dim) after ${r.seconds.toFixed(1)} s`
          : `not reached: ${lastBpd.toFixed(3)} bits/dim after ${result.steps} steps (${((result.elapsedMs - evalMs) / 1000).toFixed(0)} s)`),
    );
  }
}
console.log(`\nbackend  config      params  ms/step   time to ${target} bits/dim (held-out)\n` + rows.join("\n"));
