/**
 * The inputs every check runs on, reproducible from a seed:
 *   - "seeded": 128 rows of N(0, 2² I), where trained flows live;
 *   - "stress": large magnitudes (±20 on each axis and mixed), exact zeros, and tiny values;
 *   - "single": a batch of one row (shape bugs such as squeezing the batch axis show up here).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/prng";

export interface NamedInput {
  label: "seeded" | "stress" | "single";
  rows: number[][];
}

export function checkInputs(dim: number, seed: number): NamedInput[] {
  const rng = new Rng(seed);
  const seeded = rng.normalRows(128, dim).map((r) => r.map((v) => 2 * v));
  const stress: number[][] = [
    new Array(dim).fill(0),
    new Array(dim).fill(20),
    new Array(dim).fill(-20),
    Array.from({ length: dim }, (_, j) => (j % 2 === 0 ? 20 : -20)),
    Array.from({ length: dim }, (_, j) => (j % 2 === 0 ? 0 : 15)),
    new Array(dim).fill(1e-6),
    ...rng.normalRows(4, dim).map((r) => r.map((v) => 10 * v)),
  ];
  const single = [rng.normalRows(1, dim)[0]];
  return [
    { label: "seeded", rows: seeded },
    { label: "stress", rows: stress },
    { label: "single", rows: single },
  ];
}

export function toTensor(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0].length], "float32");
}
