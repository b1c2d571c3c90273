/**
 * The checks specific to ActNorm's data-dependent initialisation (exercise (d)), in-process.
 * The grader re-derives the same two verdicts from numbers (grader/blackbox/image-verdicts.ts).
 *
 *   init-normalizes  after initialize(A), forward(A) has, per channel c (over the batch and all
 *                    H·W pixels), mean 0 and variance 1:  max_c |mean_c| and max_c |var_c − 1|
 *                    ≤ TOLERANCES.actNormInit; and `initialized` is true
 *   init-once        a second initialize(B), on data with other statistics, changes nothing:
 *                    max |forward(A) after − forward(A) before| ≤ TOLERANCES.determinism
 *
 * The batches have per-channel offsets and spreads far from 0 and 1 (initInputs), so an
 * initialisation that does nothing, or uses the wrong statistics, is visible.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import type { ImageShape } from "../bijectors/image/image-shape";
import { Rng } from "../random/prng";
import { TOLERANCES } from "../tolerances";
import { hintTable, message, text } from "../i18n/catalogue";
import { guarded, measuredResult, type CheckResult } from "./check-result";

export const ACTNORM_INIT_HINTS = hintTable("hint.actnorm.", ["init-normalizes", "init-once"]);

/** A with channel c ~ N(3c − 2, (0.5 + c)²) and B with other offsets and spreads, `rows` images each, flattened NHWC. */
export function initInputs(shape: ImageShape, seed: number, rows = 64): { a: number[][]; b: number[][] } {
  const rng = new Rng(seed);
  const make = (offset: (c: number) => number, spread: (c: number) => number) =>
    Array.from({ length: rows }, () => Array.from({ length: shape.height * shape.width * shape.channels }, (_, i) => offset(i % shape.channels) + spread(i % shape.channels) * rng.normal()));
  return { a: make((c) => 3 * c - 2, (c) => 0.5 + c), b: make((c) => 5 - c, (c) => 3 + 0.5 * c) };
}

/** Per-channel mean and population variance of rows [N, H·W·C] (NHWC), in float64. */
export function channelMoments(values: ArrayLike<number>, channels: number): { mean: number[]; variance: number[] } {
  const sum = new Array(channels).fill(0);
  const count = new Array(channels).fill(0);
  for (let i = 0; i < values.length; i++) {
    sum[i % channels] += values[i];
    count[i % channels] += 1;
  }
  const mean = sum.map((s, c) => s / count[c]);
  const sq = new Array(channels).fill(0);
  for (let i = 0; i < values.length; i++) sq[i % channels] += (values[i] - mean[i % channels]) ** 2;
  return { mean, variance: sq.map((s, c) => s / count[c]) };
}

/** The worst deviation from zero mean and unit variance over the channels. */
export function normalizationError(values: ArrayLike<number>, channels: number): number {
  const { mean, variance } = channelMoments(values, channels);
  return Math.max(...mean.map(Math.abs), ...variance.map((v) => Math.abs(v - 1)));
}

/** max_i |a_i − b_i| (NaN if any entry is NaN). */
function largestChange(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    worst = Math.max(worst, d);
  }
  return worst;
}

type Initializable = Bijector & { initialize(x: tf.Tensor2D): void; initialized?: boolean };

async function forwardValues(b: Bijector, rows: number[][]): Promise<Float32Array> {
  const x = tf.tensor2d(rows, [rows.length, rows[0].length], "float32");
  try {
    const r = b.forward(x);
    const v = (await r.output.data()) as Float32Array;
    tf.dispose([r.output, r.logDet]);
    return v;
  } finally {
    x.dispose();
  }
}

/**
 * Both checks on a FRESH layer (`make()` builds one; each check gets its own).
 */
export async function checkActNormInit(make: () => Bijector, shape: ImageShape, seed: number): Promise<CheckResult[]> {
  const { a, b } = initInputs(shape, seed);
  const results: CheckResult[] = [];
  const withFresh = async (check: keyof typeof ACTNORM_INIT_HINTS, body: (layer: Initializable, subject: string) => Promise<CheckResult>) => {
    let layer: Initializable | undefined;
    let subject = "ActNorm";
    results.push(
      await guarded(check, subject, async () => {
        layer = make() as Initializable;
        subject = layer.name ?? subject;
        if (typeof layer.initialize !== "function") return { check, subject, passed: false, message: `${subject}: ${text("subject.no-initialize")}` };
        return body(layer, subject);
      }),
    );
    layer?.dispose();
  };
  const init = (layer: Initializable, rows: number[][]) => {
    const x = tf.tensor2d(rows, [rows.length, rows[0].length], "float32");
    try {
      layer.initialize(x);
    } finally {
      x.dispose();
    }
  };
  await withFresh("init-normalizes", async (layer, subject) => {
    init(layer, a);
    if (layer.initialized !== true) return { check: "init-normalizes", subject, passed: false, message: message("fail.init.flag.got", { subject, got: String(layer.initialized) }), hint: ACTNORM_INIT_HINTS["init-normalizes"] };
    const err = normalizationError(await forwardValues(layer, a), shape.channels);
    return measuredResult("init-normalizes", subject, text("what.lib.init-normalizes"), err, TOLERANCES.actNormInit, ACTNORM_INIT_HINTS["init-normalizes"]);
  });
  await withFresh("init-once", async (layer, subject) => {
    init(layer, a);
    const before = await forwardValues(layer, a);
    init(layer, b);
    const after = await forwardValues(layer, a);
    return measuredResult("init-once", subject, text("what.init-once"), largestChange(after, before), TOLERANCES.determinism, ACTNORM_INIT_HINTS["init-once"]);
  });
  return results;
}
