/**
 * The pinwheel: 5 curved arms (Johnson et al. 2016, "Composing graphical models with neural
 * networks"; the toy data of FFJORD, Grathwohl et al. 2019).
 *
 *   arm k ~ U{0 … 4},  base angle θ_k = 2πk/5
 *   f = (1 + 0.3 ε₁, 0.1 ε₂),  ε ~ N(0, I)        (radial std 0.3, tangential std 0.1)
 *   φ = θ_k + 0.25 · exp(f₁)                          (rate 0.25: the farther out, the more twist)
 *   x = 2 · f R(φ),   R(φ) = [[cos φ, −sin φ], [sin φ, cos φ]]   (row vector times matrix)
 *
 * i.e. x = 2 (f₁ cos φ + f₂ sin φ, −f₁ sin φ + f₂ cos φ), exactly FFJORD's formula. The density
 * has no closed form (the twist depends on the radius), so no logDensity or entropy.
 *
 *   const { train } = pinwheel({ nTrain: 1000, seed: 1 });
 */
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const PINWHEEL_ARMS = 5;
export const PINWHEEL_RADIAL_STD = 0.3;
export const PINWHEEL_TANGENTIAL_STD = 0.1;
export const PINWHEEL_RATE = 0.25;
export const PINWHEEL_SCALE = 2;

export function pinwheel(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("pinwheel", options, (rng): Point => {
    const arm = rng.int(PINWHEEL_ARMS);
    const f1 = 1 + PINWHEEL_RADIAL_STD * rng.normal();
    const f2 = PINWHEEL_TANGENTIAL_STD * rng.normal();
    const phi = (2 * Math.PI * arm) / PINWHEEL_ARMS + PINWHEEL_RATE * Math.exp(f1);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    return [PINWHEEL_SCALE * (f1 * c + f2 * s), PINWHEEL_SCALE * (-f1 * s + f2 * c)];
  });
  return {
    name: "pinwheel",
    description: "Pinwheel: 5 curved arms (radial std 0.3, tangential std 0.1, rate 0.25)",
    ...split,
  };
}
