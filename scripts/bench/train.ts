/**
 * `npm run bench:train`: for each backend, the milliseconds per training step of the reference
 * RealNVP on two moons, and the training time until the held-out NLL first reaches the target
 * (1.18 + 0.05 nats), checked every `--every` steps (default 100; evaluation time is not
 * counted) up to `--max-steps` (default 3000). `--backends wasm,cpu` restricts the list.
 * Reference (shared/FACTS.md): wasm 56 ms/step, cpu 245 ms/step, PyTorch CPU 34 ms/step.
 */
import { selectBackend, type BackendChoice } from "../../src/backend";
import { meanNll } from "../../src/eval";
import { train } from "../../src/train";
import { flowLogProb, nllLoss } from "../../solutions/nll";
import { arg, availableBackends, MOONS_TARGET_NLL, REFERENCE, referenceData, referenceFlow } from "./reference-config";

const maxSteps = Number(arg("max-steps", "3000"));
const every = Number(arg("every", "100"));
const only = arg("backends", "").split(",").filter(Boolean);

console.log(`bench:train: reference RealNVP on two moons, target held-out NLL ≤ ${MOONS_TARGET_NLL} nats, checked every ${every} steps, at most ${maxSteps}`);
const rows: string[] = [];
for (const { choice, line } of await availableBackends()) {
  if (only.length && !only.includes(choice)) continue;
  await selectBackend(choice as BackendChoice);
  console.log(`- ${line}`);
  const data = referenceData();
  const flow = referenceFlow();
  let evalMs = 0;
  let reached: { step: number; trainingMs: number; nll: number } | null = null;
  let lastNll = NaN;
  const result = await train(flow, data.train, {
    lossFn: nllLoss, steps: maxSteps, batchSize: REFERENCE.batchSize, learningRate: REFERENCE.learningRate, seed: REFERENCE.seed, progressEvery: every,
    onProgress: async (p) => {
      const t0 = performance.now();
      lastNll = await meanNll(flow, data.test, flowLogProb);
      evalMs += performance.now() - t0;
      if (lastNll <= MOONS_TARGET_NLL) {
        reached = { step: p.step, trainingMs: p.elapsedMs - evalMs, nll: lastNll };
        return "stop";
      }
    },
  });
  flow.dispose();
  const msPerStep = (result.elapsedMs - evalMs) / result.steps;
  const r = reached as { step: number; trainingMs: number; nll: number } | null;
  rows.push(
    `${choice.padEnd(11)} ${msPerStep.toFixed(1).padStart(8)} ms/step   ` +
      (r ? `target reached at step ${r.step} (held-out NLL ${r.nll.toFixed(3)}) after ${(r.trainingMs / 1000).toFixed(1)} s of training` : `target not reached in ${maxSteps} steps (held-out NLL ${lastNll.toFixed(3)})`),
  );
}
console.log("\nbackend      ms/step (mean)   time to target\n" + rows.join("\n"));
