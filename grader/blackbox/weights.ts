/**
 * The weights the grader gives a coupling layer's conditioner, drawn from a seed it keeps.
 *
 * The conditioner is the library's Mlp (src/nn/mlp.ts): sizes [D, h_1, …, h_L, k·D] with k = 1
 * (additive: a shift) or 2 (affine: a raw log-scale and a shift). Its trainableVariables() are the
 * weight matrices [s_l, s_{l+1}] in order, then the bias vectors [s_{l+1}]. Fresh layers are the
 * identity (the last layer starts at zero), and the identity passes every invertibility check,
 * so the grader always sets every entry to seeded noise N(0, σ²) first.
 */
import { Rng } from "../../src/random/prng";

export function mlpShapes(dim: number, hidden: readonly number[], outputsPerDim: number): number[][] {
  const sizes = [dim, ...hidden, outputsPerDim * dim];
  const weights = sizes.slice(0, -1).map((s, l) => [s, sizes[l + 1]]);
  const biases = sizes.slice(1).map((s) => [s]);
  return [...weights, ...biases];
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Seeded N(0, std²) values for every variable. */
export function randomWeights(shapes: readonly number[][], seed: number, std = 0.5): number[][] {
  const rng = new Rng(seed);
  return shapes.map((s) => Array.from({ length: sizeOf(s) }, () => std * rng.normal()));
}

/** A unit-norm random direction per variable (for directional finite differences). */
export function randomDirections(shapes: readonly number[][], seed: number): number[][] {
  const rng = new Rng(seed);
  return shapes.map((s) => {
    const v = Array.from({ length: sizeOf(s) }, () => rng.normal());
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
}

/** weights with variable k moved by t·direction. */
export function perturb(weights: readonly number[][], k: number, direction: readonly number[], t: number): number[][] {
  return weights.map((w, i) => (i === k ? w.map((x, j) => x + t * direction[j]) : [...w]));
}
