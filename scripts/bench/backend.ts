/**
 * `npm run bench:backend`: median milliseconds per training step of the reference RealNVP on
 * every backend that starts here, measured one after the other in this process, and the ratio
 * of each to the fastest, then whether the multi-threaded wasm build can start under Node (a child
 * process runs ./wasm-threads-probe.ts: today it cannot, and the line says why). Options:
 * `--steps N` (timed steps per backend, default 40), `--warmup N` (default 5).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { selectBackend } from "../../src/backend/index";
import { train } from "../../src/train/index";
import { nllLoss } from "../../solutions/nll";
import { arg, availableBackends, median, REFERENCE, referenceData, referenceFlow } from "./reference-config";

const steps = Number(arg("steps", "40"));
const warmup = Number(arg("warmup", "5"));

/** Per-step wall times of the library's own training loop, from its progress callback. */
async function msPerStep(): Promise<number[]> {
  const flow = referenceFlow();
  const stamps = [0];
  await train(flow, referenceData().train, {
    lossFn: nllLoss, steps: warmup + steps, batchSize: REFERENCE.batchSize, learningRate: REFERENCE.learningRate, seed: REFERENCE.seed,
    progressEvery: 1, onProgress: (p) => void stamps.push(p.elapsedMs),
  });
  flow.dispose();
  return stamps.slice(1).map((t, i) => t - stamps[i]).slice(warmup);
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

const probe = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./wasm-threads-probe.ts", import.meta.url))], { encoding: "utf8", timeout: 60_000 });
console.log(`\n${probe.stdout.trim().split("\n").pop() || `wasm threads: the probe failed (${probe.error?.message ?? probe.stderr.trim().split("\n").pop()})`}`);
