/**
 * Two concentric circles (as scikit-learn's make_circles with factor 0.5), with Gaussian noise.
 *
 *   outer circle:  (cos t, sin t),              t ~ U[0, 2π)
 *   inner circle:  0.5 · (cos t, sin t),        t ~ U[0, 2π)   (factor 0.5)
 *   each point picks a circle with probability 1/2, then x = circle point + σ ε,
 *   ε ~ N(0, I),  σ = 0.05
 *
 * No closed-form density (the noise blurs a curve), so no exact entropy.
 *
 *   const { train } = circles({ nTrain: 500, seed: 1 });   // 500 points, radii near 1 and 0.5
 */
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const CIRCLES_NOISE = 0.05;
export const CIRCLES_OUTER_RADIUS = 1;
export const CIRCLES_INNER_RADIUS = 0.5;

export function circles(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("circles", options, (rng): Point => {
    const t = rng.range(0, 2 * Math.PI);
    const r = rng.uniform() < 0.5 ? CIRCLES_OUTER_RADIUS : CIRCLES_INNER_RADIUS;
    return [r * Math.cos(t) + CIRCLES_NOISE * rng.normal(), r * Math.sin(t) + CIRCLES_NOISE * rng.normal()];
  });
  return {
    name: "circles",
    description: "Two circles: concentric rings of radius 1 and 0.5 with noise σ = 0.05",
    ...split,
  };
}
