/**
 * The bridge between flows (tensors) and the chart builders (plain points): push points, grid
 * lines and densities through a bijector, and read them back as arrays for `charts.ts`.
 *
 * Everything reads tensors with `await t.array()` (never `dataSync`, so every backend works) and
 * frees the tensors it makes.
 *
 * @example
 *   const lines = gridLines({ x: [-2, 2], y: [-2, 2] }, 11);
 *   await show(warpedGridChart(await mapLinesThrough(flow, lines), { title: "f(grid)" }));
 *   const stages = await traceLines(flow, lines);           // the grid after each layer
 *   const density = await flowDensityGrid(flow, flowLogProb, { x: [-2, 3], y: [-1.5, 2] }, 60);   // your exercise (c)
 *   await show(densityHeatmap(density, { colorTitle: "p(x)" }));
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import type { Chain } from "../bijectors/chain";
import type { Point } from "../datasets/dataset";
import { assertLogProb, sample, type FlowLogProb } from "../flows/density";
import { flattenPolylines, gridCenters, withPoints, type Grid2D, type Polyline, type Range2D } from "./charts";

export type Direction = "forward" | "inverse";

/** Runs `body` on the points as a float32 [n, 2] tensor, which is freed afterwards, also when `body` throws. */
async function withPointsTensor<T>(points: readonly (readonly number[])[], body: (x: tf.Tensor2D) => Promise<T>): Promise<T> {
  const x = tf.tensor2d(points.map((p) => [p[0], p[1]]), [points.length, 2], "float32");
  try {
    return await body(x);
  } finally {
    x.dispose();
  }
}

function asPoints(rows: number[][]): Point[] {
  return rows.map((r) => [r[0], r[1]] as Point);
}

/**
 * The images of `points` under `bijector.forward` (data → latent, the default) or
 * `bijector.inverse` (latent → data), as plain points.
 */
export async function bijectorPoints(bijector: Bijector, points: readonly (readonly number[])[], direction: Direction = "forward"): Promise<Point[]> {
  if (points.length === 0) return [];
  return withPointsTensor(points, async (x) => {
    const { output, logDet } = direction === "forward" ? bijector.forward(x) : bijector.inverse(x);
    try {
      return asPoints((await output.array()) as number[][]);
    } finally {
      tf.dispose([output, logDet]);
    }
  });
}

export async function mapLinesThrough(bijector: Bijector, lines: readonly Polyline[], direction: Direction = "forward"): Promise<Polyline[]> {
  return withPoints(lines, await bijectorPoints(bijector, flattenPolylines(lines), direction));
}

/**
 * The points after each layer of a chain: `[x, f₁(x), f₂(f₁(x)), …, f(x)]` (K + 1 stages for K
 * layers), from `Chain#forwardTrace`.
 */
export async function tracePoints(chain: Chain, points: readonly (readonly number[])[]): Promise<Point[][]> {
  return withPointsTensor(points, async (x) => {
    const trace = chain.forwardTrace(x);
    try {
      const stages: Point[][] = [];
      for (const t of trace) stages.push(asPoints((await t.array()) as number[][]));
      return stages;
    } finally {
      tf.dispose(trace);
    }
  });
}

/** The grid lines after each layer of a chain (K + 1 stages, the input first). */
export async function traceLines(chain: Chain, lines: readonly Polyline[]): Promise<Polyline[][]> {
  return (await tracePoints(chain, flattenPolylines(lines))).map((stage) => withPoints(lines, stage));
}

/** `n` samples x = f⁻¹(z), z ~ N(0, I) from `seed`, as plain points. */
export async function flowSamples(flow: Bijector, n: number, seed: number): Promise<Point[]> {
  const x = sample(flow, n, seed);
  try {
    return asPoints((await x.array()) as number[][]);
  } finally {
    x.dispose();
  }
}

/**
 * The flow's density p(x) = exp(log p(x)) on the cell centres of an nx × ny grid over `range`,
 * ready for `densityHeatmap`, with log p(x) from `logProb` (exercise (c)'s flowLogProb). With
 * `log: true`, the values are log p(x) instead.
 */
export async function flowDensityGrid(flow: Bijector, logProb: FlowLogProb, range: Range2D, nx: number, ny: number = nx, options: { log?: boolean } = {}): Promise<Grid2D & { values: number[] }> {
  assertLogProb(logProb, "flowDensityGrid");
  const grid = gridCenters(range, nx, ny);
  return withPointsTensor(grid.centers, async (x) => {
    const lp = logProb(flow, x);
    try {
      const logValues = Array.from(await lp.data());
      return { ...grid, values: options.log ? logValues : logValues.map(Math.exp) };
    } finally {
      lp.dispose();
    }
  });
}
