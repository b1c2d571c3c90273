/**
 * Uniform on the 8 black squares of a 4 × 4 checkerboard on [−2, 2)².
 *
 *   square (i, j), i, j ∈ {0 … 3}, covers [−2 + i, −1 + i) × [−2 + j, −1 + j); black when i + j is even
 *   x = (−2 + i + u₁, −2 + j + u₂),  (i, j) uniform over the 8 black squares,  u ~ U[0, 1)²
 *
 * The black area is 8, so the density is 1/8 there and 0 elsewhere:
 *
 *   log p(x) = −log 8  if x is in a black square,  −∞ otherwise
 *   H(p) = −E_p[log p(x)] = log 8 ≈ 2.0794 nats, exactly.
 *
 * Squares are half-open (lower edges in, upper edges out), matching the samples u ∈ [0, 1).
 *
 *   const data = checkerboard({ seed: 1 });
 *   data.logDensity!([[-1.5, -1.5], [-0.5, -1.5]]);   // [−2.0794…, −Infinity]
 */
import { drawSplit, type Dataset2D, type DatasetOptions, type Point } from "./dataset";

export const CHECKERBOARD_SIZE = 4;
/** The board's lower-left corner: it covers [−2, 2)². */
export const CHECKERBOARD_LOW = -2;

/** (i, j) of the black squares, i + j even: 8 of the 16. */
export const CHECKERBOARD_BLACK_SQUARES: readonly (readonly [number, number])[] = Array.from(
  { length: CHECKERBOARD_SIZE * CHECKERBOARD_SIZE },
  (_, index) => [Math.floor(index / CHECKERBOARD_SIZE), index % CHECKERBOARD_SIZE] as const,
).filter(([i, j]) => (i + j) % 2 === 0);

const LOG_DENSITY_INSIDE = -Math.log(CHECKERBOARD_BLACK_SQUARES.length);

/** Whether (x, y) lies in a black square (half-open squares, see above). */
export function isInBlackSquare(x: number, y: number): boolean {
  const i = Math.floor(x - CHECKERBOARD_LOW);
  const j = Math.floor(y - CHECKERBOARD_LOW);
  return i >= 0 && i < CHECKERBOARD_SIZE && j >= 0 && j < CHECKERBOARD_SIZE && (i + j) % 2 === 0;
}

/** The exact log-density: −log 8 on the black squares, −∞ elsewhere; NaN for a NaN coordinate. */
export function checkerboardLogDensity(points: readonly Point[]): number[] {
  return points.map(([x, y]) => {
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return isInBlackSquare(x, y) ? LOG_DENSITY_INSIDE : -Infinity;
  });
}

export function checkerboard(options: DatasetOptions = {}): Dataset2D {
  const split = drawSplit("checkerboard", options, (rng): Point => {
    const [i, j] = CHECKERBOARD_BLACK_SQUARES[rng.int(CHECKERBOARD_BLACK_SQUARES.length)];
    return [CHECKERBOARD_LOW + i + rng.uniform(), CHECKERBOARD_LOW + j + rng.uniform()];
  });
  return {
    name: "checkerboard",
    description: "Checkerboard: uniform on the 8 black unit squares of a 4 × 4 board on [−2, 2]²",
    ...split,
    logDensity: checkerboardLogDensity,
    entropy: Math.log(CHECKERBOARD_BLACK_SQUARES.length),
    entropyNote: "exact",
  };
}
