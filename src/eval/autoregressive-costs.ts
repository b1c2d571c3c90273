/**
 * Measured costs of MAF and IAF as the dimension D grows: the time of one layer's density pass
 * (forward, data → latent) and sampling pass (inverse, latent → data).
 *
 *   MAF: density 1 MADE pass,  sampling D passes (each coordinate needs the ones before it)
 *   IAF: density D passes,     sampling 1 MADE pass
 *
 * Each time is the median of `repeats` calls after a warm-up call, including the read-back of
 * the output (`await data()`), so that asynchronous backends are timed fully. The MADE's hidden
 * width is max(hidden, D), so that every degree 1 … D − 1 has a unit.
 *
 * @example
 *   const rows = await measureAutoregressiveCosts({ maf: mine.AffineMAF, dims: [2, 8, 32], batch: 256 });
 *   console.log(formatAutoregressiveCosts(rows));
 */
import * as tf from "@tensorflow/tfjs";
import { AffineIAF, type MafClass } from "../bijectors/affine-iaf";
import type { Bijector } from "../bijectors/bijector";
import { Rng } from "../random/prng";

export interface AutoregressiveCostOptions {
  /** The MAF layer class measured (yours, exercise (g)); the IAF is the same class inverted. */
  maf: MafClass;
  /** Default [2, 4, 8, 16, 32, 64]. */
  dims?: number[];
  /** Rows per call. Default 256. */
  batch?: number;
  /** Minimum hidden width of the MADE's two hidden layers. Default 64. */
  hidden?: number;
  /** Timed calls per measurement (the median is kept). Default 11 (5 was visibly noisy on a 2-core machine). */
  repeats?: number;
  seed?: number;
}

export interface AutoregressiveCostRow {
  dim: number;
  batch: number;
  /** MADE passes: MAF density 1, sampling D; IAF the reverse. */
  sequentialPasses: number;
  mafDensityMs: number;
  mafSamplingMs: number;
  iafDensityMs: number;
  iafSamplingMs: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of one call of `layer[direction]` on `x`, read back. */
async function timeCall(layer: Bijector, direction: "forward" | "inverse", x: tf.Tensor2D, repeats: number): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    const r = layer[direction](x);
    await r.output.data();
    await r.logDet.data();
    const ms = performance.now() - t0;
    r.output.dispose();
    r.logDet.dispose();
    return ms;
  };
  await once(); // warm-up: kernels and constants are created on first use
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await once());
  return median(times);
}

export async function measureAutoregressiveCosts(options: AutoregressiveCostOptions): Promise<AutoregressiveCostRow[]> {
  const { maf: Maf, dims = [2, 4, 8, 16, 32, 64], batch = 256, hidden = 64, repeats = 11, seed = 0 } = options;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`measureAutoregressiveCosts: 'repeats' must be a positive integer; got ${repeats}.`);
  const rows: AutoregressiveCostRow[] = [];
  for (const dim of dims) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`measureAutoregressiveCosts: every entry of 'dims' must be a positive integer; got ${dim}.`);
    const width = Math.max(hidden, dim);
    const maf = new Maf(dim, { hidden: [width, width], seed });
    const iaf = new AffineIAF(Maf, dim, { hidden: [width, width], seed });
    const x = tf.tensor2d(new Rng(seed).normalRows(batch, dim), [batch, dim], "float32");
    try {
      rows.push({
        dim,
        batch,
        sequentialPasses: dim,
        mafDensityMs: await timeCall(maf, "forward", x, repeats),
        mafSamplingMs: await timeCall(maf, "inverse", x, repeats),
        iafDensityMs: await timeCall(iaf, "forward", x, repeats),
        iafSamplingMs: await timeCall(iaf, "inverse", x, repeats),
      });
    } finally {
      x.dispose();
      maf.dispose();
      iaf.dispose();
    }
  }
  return rows;
}

/** The rows as a Markdown table, with the sampling/density ratio of each. */
export function formatAutoregressiveCosts(rows: readonly AutoregressiveCostRow[]): string {
  const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
  const lines = [
    "| D | MAF density (1 pass) ms | MAF sampling (D passes) ms | per pass ms | MAF sampling ÷ density | IAF density (D passes) ms | per pass ms | IAF sampling (1 pass) ms | IAF density ÷ sampling |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const perPass = (ms: number) => f(ms / r.sequentialPasses);
    lines.push(`| ${r.dim} | ${f(r.mafDensityMs)} | ${f(r.mafSamplingMs)} | ${perPass(r.mafSamplingMs)} | ${(r.mafSamplingMs / r.mafDensityMs).toFixed(1)}× | ${f(r.iafDensityMs)} | ${perPass(r.iafDensityMs)} | ${f(r.iafSamplingMs)} | ${(r.iafDensityMs / r.iafSamplingMs).toFixed(1)}× |`);
  }
  return lines.join("\n");
}
