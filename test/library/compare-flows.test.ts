/**
 * The results-table engine (src/eval/compare-flows.ts) and the MAF/IAF cost measurement
 * (src/eval/autoregressive-costs.ts), on a tiny budget: the numbers are not the point here
 * (scripts/bench/flows-table.ts measures them), the bookkeeping is.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { selectBackend } from "../../src/backend";
import { DiagonalScale, type BijectorResult } from "../../src/bijectors";
import { NotImplementedError } from "../../src/bijectors/errors";
import { whenDone } from "../../src/checks/when-done";
import { makeDataset } from "../../src/datasets";
import { compareFlows, formatAutoregressiveCosts, formatFlowTable, measureAutoregressiveCosts, standardFlows, type FlowTableRow } from "../../src/eval";
import { AdditiveCoupling, AffineCoupling, AffineMAF } from "../../solutions";
import * as nll from "../../solutions/nll";

beforeAll(async () => {
  await selectBackend("wasm");
});

const tiny = { steps: 5, batchSize: 64, nTrain: 300, nTest: 200, seed: 0, nll } as const;
const tinyFlows = () => standardFlows({ AdditiveCoupling, AffineCoupling, AffineMAF }, { layers: 1, hidden: [8] });

describe("compareFlows", () => {
  it("trains every flow on every dataset, reports held-out NLL, the entropy and the gap where known, and leaks nothing", async () => {
    const seen: FlowTableRow[] = [];
    const before = tf.memory().numTensors;
    const rows = await compareFlows({ ...tiny, flows: tinyFlows(), datasets: ["eight-gaussians", "moons"], onRow: (r) => void seen.push(r) });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => `${r.dataset}/${r.flow}`)).toEqual([
      "eight-gaussians/additive (NICE)", "eight-gaussians/affine (RealNVP)", "eight-gaussians/spline (NSF)", "eight-gaussians/MAF",
      "moons/additive (NICE)", "moons/affine (RealNVP)", "moons/spline (NSF)", "moons/MAF",
    ]);
    expect(seen).toEqual(rows);
    const entropy = makeDataset("eight-gaussians").entropy!;
    for (const r of rows) {
      expect(r.error, `${r.dataset}/${r.flow}`).toBeNull();
      expect(Number.isFinite(r.testNll)).toBe(true);
      expect(r.steps).toBe(5);
      expect(r.parameters).toBeGreaterThan(0);
      if (r.dataset === "eight-gaussians") {
        expect(r.entropy).toBe(entropy);
        expect(r.gap).toBeCloseTo(r.testNll - entropy, 10);
      } else {
        expect(r.entropy).toBeNull();
        expect(r.gap).toBeNull();
      }
    }
    const table = formatFlowTable(rows);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toMatch(/^\| dataset \| additive \(NICE\) NLL \| affine \(RealNVP\) NLL \| spline \(NSF\) NLL \| MAF NLL \| entropy H\(p\) \|/);
    expect(table).toMatch(/\| moons \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| – \| – \| – \| – \| – \|/);
  });

  it("is reproducible: the same seed gives the same held-out NLL", async () => {
    const run = () => compareFlows({ ...tiny, flows: tinyFlows().slice(2, 4), datasets: ["checkerboard"] });
    const [a, b] = [await run(), await run()];
    expect(a.map((r) => r.testNll)).toEqual(b.map((r) => r.testNll));
    expect(a[0].gap).toBeCloseTo(a[0].testNll - Math.log(8), 10);
  });

  it("a flow whose training fails gets a row with the error, NaN and 'failed' in the table, and the others still run", async () => {
    class NanScale extends DiagonalScale {
      override forward(x: tf.Tensor2D): BijectorResult {
        const r = super.forward(x);
        r.logDet.dispose();
        return { output: r.output, logDet: tf.fill([x.shape[0]], NaN) as tf.Tensor1D };
      }
    }
    const before = tf.memory().numTensors;
    const rows = await compareFlows({ ...tiny, flows: [{ name: "broken", build: (dim) => new NanScale(dim) }, tinyFlows()[1]], datasets: ["moons"] });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows[0].error).toMatch(/NonFiniteLossError: train: the loss is NaN at step 1/);
    expect(rows[0].testNll).toBeNaN();
    expect(rows[1].error).toBeNull();
    expect(formatFlowTable(rows)).toMatch(/\| moons \| failed \| [\d.]+ \|/);
  });

  it("refuses an empty list of flows", async () => {
    await expect(compareFlows({ flows: [], nll })).rejects.toThrow(/'flows' must be a non-empty array/);
  });

  it("an unwritten exercise (c) is not a failed training: compareFlows throws its NotImplementedError, which whenDone turns into one line, and leaks nothing", async () => {
    const unwritten = { flowLogProb: nll.flowLogProb, nllLoss: () => { throw new NotImplementedError("Exercise (c) nllLoss", "exercises/nll.ts"); } };
    const before = tf.memory().numTensors;
    await expect(compareFlows({ ...tiny, nll: unwritten, flows: tinyFlows().slice(1, 2), datasets: ["moons"] })).rejects.toThrow(/Exercise \(c\) nllLoss is not implemented/);
    expect(tf.memory().numTensors).toBe(before);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await whenDone("nll", () => compareFlows({ ...tiny, nll: unwritten, flows: tinyFlows().slice(1, 2), datasets: ["moons"] }))).toBeUndefined();
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^Finish exercise \(c\) first: .*exercises\/nll\.ts \(Exercise \(c\) nllLoss is not implemented yet\)/)]);
    } finally {
      log.mockRestore();
    }
  });
});

describe("measureAutoregressiveCosts", () => {
  it("times MAF and IAF in both directions for each D, frees everything, and formats a table", async () => {
    const before = tf.memory().numTensors;
    const rows = await measureAutoregressiveCosts({ maf: AffineMAF, dims: [2, 5], batch: 16, hidden: 8, repeats: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => [r.dim, r.sequentialPasses])).toEqual([[2, 2], [5, 5]]);
    for (const r of rows) for (const ms of [r.mafDensityMs, r.mafSamplingMs, r.iafDensityMs, r.iafSamplingMs]) expect(ms).toBeGreaterThan(0);
    const table = formatAutoregressiveCosts(rows);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toMatch(/^\| D \| MAF density \(1 pass\) ms/);
    await expect(measureAutoregressiveCosts({ maf: AffineMAF, dims: [0] })).rejects.toThrow(/'dims' must be a positive integer; got 0/);
  });
});
