/**
 * The results table: several flow families trained on the toy datasets at one fixed, seeded
 * budget, scored by held-out NLL with the library's trusted density, next to the true entropy
 * where the dataset knows it.
 *
 *   test NLL = −(1/N) Σ log q(x_i) over the held-out points          (nats)
 *   gap      = test NLL − H(p) ≥ 0 in expectation (Gibbs: E_p[−log q] = H(p) + KL(p‖q))
 *
 * A gap slightly below 0 is sampling noise of the test set (and, for 8 gaussians, of the Monte
 * Carlo entropy), not a model beating the floor. Datasets without a known density (moons,
 * circles, pinwheel, spirals) get `entropy: null` and `gap: null`.
 *
 * Every run is seeded (data, weights, minibatch order), so the table is reproducible on one
 * backend. The flows are given as named builders, so a notebook can pass the student's
 * couplings; {@link standardFlows} gives the four of the course. The loss and the density are
 * exercise (c)'s (`nll`: its `nllLoss` trains, its `flowLogProb` scores): the library has none.
 *
 * @example
 *   import * as nll from "./exercises/nll";
 *   const rows = await compareFlows({ flows: standardFlows({ AdditiveCoupling, AffineCoupling, AffineMAF }), nll, steps: 500 });
 *   console.log(formatFlowTable(rows));
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import type { MafClass } from "../bijectors/affine-iaf";
import { DATASET_NAMES, type DatasetName } from "../datasets/dataset";
import { makeDataset } from "../datasets/index";
import { autoregressiveFlow } from "../flows/autoregressive-flow";
import { couplingFlow, type CouplingClass } from "../flows/coupling-flow";
import { assertLogProb, type FlowLogProb } from "../flows/density";
import { splineFlow } from "../flows/spline-flow";
import { train, type LossFn } from "../train/train";
import { meanNll } from "./nll";

/** A flow family for the table: its label and how to build a fresh flow. */
export interface FlowEntry {
  name: string;
  build: (dim: number, seed: number) => Bijector;
}

/** Exercise (c)'s functions (exercises/nll.ts or solutions/nll.ts): the loss that trains and the density that scores. */
export interface NllFunctions {
  nllLoss: LossFn;
  flowLogProb: FlowLogProb;
}

export interface CompareFlowsOptions {
  flows: FlowEntry[];
  /** Exercise (c): `nllLoss` trains every flow, `flowLogProb` scores the held-out points. */
  nll: NllFunctions;
  /** Default: all six. */
  datasets?: readonly DatasetName[];
  /** Adam steps per (dataset, flow). Default 1000. */
  steps?: number;
  /** Default 256. */
  batchSize?: number;
  /** Adam learning rate. Default 2e-3. */
  learningRate?: number;
  /** Seeds the data, the weights and the minibatch order. Default 0. */
  seed?: number;
  /** Training points per dataset. Default 10000. */
  nTrain?: number;
  /** Held-out points per dataset. Default 2000. */
  nTest?: number;
  /** Called after each (dataset, flow) with its row, e.g. to print progress in a notebook. */
  onRow?: (row: FlowTableRow) => void | Promise<void>;
}

export interface FlowTableRow {
  dataset: DatasetName;
  flow: string;
  /** Held-out mean NLL, nats (NaN when training failed; see `error`). */
  testNll: number;
  /** H(p) in nats where the dataset knows it, else null. */
  entropy: number | null;
  entropyNote: string | null;
  /** testNll − entropy, or null. */
  gap: number | null;
  /** Mean loss of the last 10% of steps (training batches), nats. */
  finalTrainLoss: number;
  parameters: number;
  steps: number;
  trainMs: number;
  msPerStep: number;
  /** Set when training stopped with an error (e.g. a non-finite loss). An exercise not written yet (NotImplementedError) is thrown instead. */
  error: string | null;
}

export function countParameters(flow: Bijector): number {
  return flow.trainableVariables().reduce((n, v) => n + v.size, 0);
}

export async function compareFlows(options: CompareFlowsOptions): Promise<FlowTableRow[]> {
  const { flows, nll, datasets = DATASET_NAMES, steps = 1000, batchSize = 256, learningRate = 2e-3, seed = 0, nTrain = 10000, nTest = 2000, onRow } = options;
  if (!Array.isArray(flows) || flows.length === 0) throw new RangeError("compareFlows: 'flows' must be a non-empty array of { name, build }.");
  if (typeof nll?.nllLoss !== "function") throw new TypeError("compareFlows: 'nll' must be exercise (c)'s module (nllLoss and flowLogProb, e.g. import * as nll from \"./exercises/nll\").");
  assertLogProb(nll.flowLogProb, "compareFlows");
  const rows: FlowTableRow[] = [];
  for (const name of datasets) {
    const data = makeDataset(name, { nTrain, nTest, seed });
    const xTrain = tf.tensor2d(data.train, [data.train.length, 2], "float32");
    const xTest = tf.tensor2d(data.test, [data.test.length, 2], "float32");
    try {
      for (const entry of flows) {
        const flow = entry.build(2, seed);
        let row: FlowTableRow;
        try {
          const start = performance.now();
          let testNll = NaN;
          let finalTrainLoss = NaN;
          let error: string | null = null;
          let taken = 0;
          try {
            const result = await train(flow, xTrain, { lossFn: nll.nllLoss, steps, batchSize, learningRate, seed });
            taken = result.steps;
            const tail = result.lossHistory.slice(-Math.max(1, Math.floor(result.steps / 10)));
            finalTrainLoss = tail.reduce((a, b) => a + b, 0) / tail.length;
          } catch (err) {
            if ((err as Error).name === "NotImplementedError") throw err; // an exercise not written yet, not a failed training
            error = `${(err as Error).name}: ${(err as Error).message}`;
          }
          const trainMs = performance.now() - start;
          if (error === null) testNll = await meanNll(flow, xTest, nll.flowLogProb);
          const entropy = data.entropy ?? null;
          row = {
            dataset: name,
            flow: entry.name,
            testNll,
            entropy,
            entropyNote: data.entropyNote ?? null,
            gap: entropy === null ? null : testNll - entropy,
            finalTrainLoss,
            parameters: countParameters(flow),
            steps: taken,
            trainMs,
            msPerStep: taken > 0 ? trainMs / taken : NaN,
            error,
          };
        } finally {
          flow.dispose();
        }
        rows.push(row);
        if (onRow) await onRow(row);
      }
    } finally {
      xTrain.dispose();
      xTest.dispose();
    }
  }
  return rows;
}

export interface StandardFlowsConfig {
  /** Coupling or autoregressive layers per flow. Default 4. */
  layers?: number;
  /** Hidden widths of every conditioner. Default [64, 64]. */
  hidden?: number[];
  /** Spline bins K. Default 8. */
  bins?: number;
  /** Spline interval [−B, B]. Default 4. */
  bound?: number;
}

/**
 * The course's four families at one size: NICE (additive couplings and a final scale),
 * RealNVP (affine couplings), a neural spline flow (RQ spline couplings) and a MAF (affine
 * autoregressive layers with reversals). The coupling and MAF classes are passed in (the
 * solutions' or the student's), since they are the exercises.
 */
export function standardFlows(couplings: { AdditiveCoupling: CouplingClass; AffineCoupling: CouplingClass; AffineMAF: MafClass }, config: StandardFlowsConfig = {}): FlowEntry[] {
  const { layers = 4, hidden = [64, 64], bins = 8, bound = 4 } = config;
  return [
    { name: "additive (NICE)", build: (dim, seed) => couplingFlow(couplings.AdditiveCoupling, { dim, layers, hidden, seed, finalScale: true }) },
    { name: "affine (RealNVP)", build: (dim, seed) => couplingFlow(couplings.AffineCoupling, { dim, layers, hidden, seed }) },
    { name: "spline (NSF)", build: (dim, seed) => splineFlow({ dim, layers, hidden, bins, bound, seed }) },
    { name: "MAF", build: (dim, seed) => autoregressiveFlow({ maf: couplings.AffineMAF, kind: "maf", dim, layers, hidden, seed }) },
  ];
}

/**
 * The rows as a Markdown table: one line per dataset, one column of held-out NLL per flow,
 * then the entropy and each flow's gap where it is known.
 */
export function formatFlowTable(rows: readonly FlowTableRow[], digits = 3): string {
  const flows = [...new Set(rows.map((r) => r.flow))];
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const f = (v: number | null) => (v === null ? "–" : Number.isNaN(v) ? "failed" : v.toFixed(digits));
  const header = ["dataset", ...flows.map((n) => `${n} NLL`), "entropy H(p)", ...flows.map((n) => `${n} gap`)];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`];
  for (const d of datasets) {
    const byFlow = flows.map((n) => rows.find((r) => r.dataset === d && r.flow === n));
    const entropy = byFlow.find((r) => r)?.entropy ?? null;
    lines.push(`| ${[d, ...byFlow.map((r) => (r ? f(r.testNll) : "")), f(entropy), ...byFlow.map((r) => (r ? f(r.gap) : ""))].join(" | ")} |`);
  }
  return lines.join("\n");
}
