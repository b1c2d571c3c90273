/**
 * Autoregressive orders and the connectivity of a stack of 0/1 masks, in plain JavaScript numbers.
 * What the masks themselves should be (MADE's degrees) is exercise (g) (solutions/made-maf.ts):
 * the library only checks masks (`maskConnectivity`: which input reaches which output), never
 * computes them. The instructor's order-general reference is test/support/made-masks-with-order.ts.
 */
import { ShapeError } from "../bijectors/errors";

/** The identity order [0, 1, …, D − 1]. */
export function identityOrder(dim: number): number[] {
  return Array.from({ length: dim }, (_, j) => j);
}

/**
 * Validates an autoregressive order: a permutation of 0 … D − 1 listing the inputs from first
 * (depends on nothing) to last.
 */
export function validateOrder(order: readonly number[], dim: number, where: string): number[] {
  const sorted = Array.isArray(order) ? [...order].sort((a, b) => a - b) : [];
  if (!Array.isArray(order) || order.length !== dim || sorted.some((v, i) => v !== i)) {
    throw new ShapeError(`${where}: 'order' must list each input 0…${dim - 1} exactly once (a permutation of length ${dim}); got ${JSON.stringify(order)}.`);
  }
  return [...order];
}

/**
 * Which inputs each output may depend on, by multiplying the masks: connected[d][j] is true
 * when some path of kept connections leads from input j to output d (parameter block 0).
 * An autoregressive network must give false for every j at or after d in the order.
 */
export function maskConnectivity(masks: readonly (readonly (readonly number[])[])[], dim: number): boolean[][] {
  // paths[j][k]: number of kept paths from input j to unit k of the current layer (capped at 1).
  let paths: number[][] = Array.from({ length: dim }, (_, j) => Array.from({ length: dim }, (_, k) => (j === k ? 1 : 0)));
  for (const mask of masks) {
    const fanOut = mask[0]?.length ?? 0;
    paths = paths.map((row) => Array.from({ length: fanOut }, (_, k) => (row.some((p, i) => p > 0 && mask[i][k] > 0) ? 1 : 0)));
  }
  return Array.from({ length: dim }, (_, d) => Array.from({ length: dim }, (_, j) => paths[j][d] > 0));
}
