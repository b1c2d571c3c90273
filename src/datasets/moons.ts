/**
 * Two interleaving half circles ("two moons", as scikit-learn's make_moons), with Gaussian noise.
 *
 *   upper moon:  (cos t, sin t),            t ~ U[0, π]
 *   lower moon:  (1 − cos t, 0.5 − sin t),  t ~ U[0, π]
 *   x = moon point + σ ε,  ε ~ N(0, I),  σ = 0.1
 *
 * No closed-form density (the noise blurs a curve), so no exact entropy.
 */
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const MOONS_NOISE = 0.1;

export function moons(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("moons", options, (rng): Point => {
    const t = rng.range(0, Math.PI);
    const upper = rng.uniform() < 0.5;
    const [cx, cy] = upper ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [cx + MOONS_NOISE * rng.normal(), cy + MOONS_NOISE * rng.normal()];
  });
  return { name: "moons", description: "Two moons: interleaving half circles with noise σ = 0.1", ...split };
}
