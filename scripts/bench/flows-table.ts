/**
 * The results table of issue 11: held-out NLL of additive, affine, spline and MAF flows on the
 * six 2-D datasets at one fixed, seeded budget, with the true entropy and the gap where known.
 * Prints each row as it finishes, then the Markdown table, the total wall time and (with
 * --json) writes the rows.
 *
 *   npx tsx scripts/bench/flows-table.ts [--steps 1000] [--layers 4] [--hidden 64,64] [--batch 256]
 *     [--lr 2e-3] [--bins 8] [--datasets moons,checkerboard] [--flows affine,spline] [--json out.json]
 *
 * The coupling layers are the reference solutions'.
 */
import { writeFileSync } from "node:fs";
import { selectBackend } from "../../src/backend";
import { DATASET_NAMES, type DatasetName } from "../../src/datasets";
import { compareFlows, formatFlowTable, standardFlows } from "../../src/eval";
import { AdditiveCoupling, AffineCoupling, AffineMAF } from "../../solutions";
import * as nll from "../../solutions/nll";
import { arg } from "./reference-config";

const steps = Number(arg("steps", "1000"));
const layers = Number(arg("layers", "4"));
const hidden = arg("hidden", "64,64").split(",").map(Number);
const batchSize = Number(arg("batch", "256"));
const learningRate = Number(arg("lr", "2e-3"));
const bins = Number(arg("bins", "8"));
const datasets = arg("datasets", DATASET_NAMES.join(",")).split(",") as DatasetName[];
const only = arg("flows", "").split(",").filter(Boolean);
const json = arg("json", "");

const backend = await selectBackend();
console.log(backend.line);
const flows = standardFlows({ AdditiveCoupling, AffineCoupling, AffineMAF }, { layers, hidden, bins }).filter((f) => only.length === 0 || only.some((o) => f.name.toLowerCase().startsWith(o.toLowerCase())));
console.log(`flows-table: ${flows.map((f) => f.name).join(", ")}; ${layers} layers, hidden [${hidden}], ${steps} steps, batch ${batchSize}, Adam ${learningRate}, seed 0`);
const t0 = performance.now();
const rows = await compareFlows({
  nll,
  flows, datasets, steps, batchSize, learningRate, seed: 0,
  onRow: (r) => console.log(`${r.dataset.padEnd(16)} ${r.flow.padEnd(17)} NLL ${r.testNll.toFixed(3)}${r.gap === null ? "" : `  gap ${r.gap.toFixed(3)}`}  ${r.parameters} params  ${(r.trainMs / 1000).toFixed(1)} s (${r.msPerStep.toFixed(1)} ms/step)${r.error ? `  ERROR ${r.error}` : ""}`),
});
const wallS = (performance.now() - t0) / 1000;
console.log("\n" + formatFlowTable(rows));
const perFlow = flows.map((f) => {
  const mine = rows.filter((r) => r.flow === f.name);
  return `${f.name}: ${(mine.reduce((a, r) => a + r.trainMs, 0) / 1000).toFixed(1)} s, ${(mine.reduce((a, r) => a + r.msPerStep, 0) / mine.length).toFixed(1)} ms/step`;
});
console.log(`\nwall time ${wallS.toFixed(1)} s (${perFlow.join("; ")})`);
if (json) writeFileSync(json, JSON.stringify({ config: { steps, layers, hidden, batchSize, learningRate, bins, backend: backend.line }, wallS, rows }, null, 1));
