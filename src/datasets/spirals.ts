/**
 * Two interleaved spirals, as FFJORD's "2spirals" toy data (Grathwohl et al. 2019).
 *
 *   n = √u · 3π,  u ~ U[0, 1)                  (√u: uniform along the arm's area, 1.5 turns)
 *   d = (−n cos n + 0.5 v₁,  n sin n + 0.5 v₂),  v ~ U[0, 1)²   (FFJORD's uniform jitter)
 *   each point takes d or −d with probability 1/2 (the second spiral is the first turned by π)
 *   x = ±d / 3 + σ ε,  ε ~ N(0, I),  σ = 0.1
 *
 * |n| ≤ 3π ≈ 9.42, so the points lie roughly in [−4, 4]². No closed-form density, so no entropy.
 *
 *   const { train } = spirals({ nTrain: 1000, seed: 1 });
 */
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const SPIRALS_NOISE = 0.1;
/** Largest winding angle n: 540° = 1.5 turns. */
export const SPIRALS_MAX_ANGLE = 3 * Math.PI;
export const SPIRALS_JITTER = 0.5;
export const SPIRALS_SCALE = 1 / 3;

export function spirals(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("spirals", options, (rng): Point => {
    const n = Math.sqrt(rng.uniform()) * SPIRALS_MAX_ANGLE;
    const dx = -Math.cos(n) * n + SPIRALS_JITTER * rng.uniform();
    const dy = Math.sin(n) * n + SPIRALS_JITTER * rng.uniform();
    const sign = rng.uniform() < 0.5 ? 1 : -1;
    return [sign * dx * SPIRALS_SCALE + SPIRALS_NOISE * rng.normal(), sign * dy * SPIRALS_SCALE + SPIRALS_NOISE * rng.normal()];
  });
  return {
    name: "spirals",
    description: "Two spirals: interleaved arms of 1.5 turns with noise σ = 0.1",
    ...split,
  };
}
