/**
 * Stacks affine autoregressive layers into a flow, with a reversal of the coordinates between
 * layers (Papamakarios et al., 2017, reverse the order between MADEs), so that the coordinate
 * that conditions on nothing in one layer conditions on everything in the next:
 *
 *   f = L_K ∘ R ∘ L_{K−1} ∘ … ∘ R ∘ L_1,      R = Permutation.reverse(D)
 *
 * `kind: "maf"` uses the given MAF class (exercise (g): density in one pass per layer, sampling
 * in D); `kind: "iaf"` uses {@link AffineIAF}, the same class with its directions swapped.
 *
 * @example
 *   const flow = autoregressiveFlow({ maf: mine.AffineMAF, kind: "maf", dim: 2, layers: 8, hidden: [64, 64], seed: 0 });
 */
import { AffineIAF, type MafClass } from "../bijectors/affine-iaf";
import type { Bijector } from "../bijectors/bijector";
import { Chain } from "../bijectors/chain";
import { ShapeError } from "../bijectors/errors";
import { Permutation } from "../bijectors/permutation";

export interface AutoregressiveFlowOptions {
  /** The MAF layer class: yours (exercises/made-maf.ts) or the reference (instructor's tests). */
  maf: MafClass;
  /** "maf" or "iaf". Default "maf". */
  kind?: "maf" | "iaf";
  dim: number;
  /** Number of autoregressive layers K. Default 8. */
  layers?: number;
  /** Hidden widths of each MADE. Default [64, 64]. */
  hidden?: number[];
  /** Layer k's MADE is seeded with `seed + k`. Default 0. */
  seed?: number;
}

export function autoregressiveFlow(options: AutoregressiveFlowOptions): Chain {
  const { maf, kind = "maf", dim, layers = 8, hidden = [64, 64], seed = 0 } = options;
  if (typeof maf !== "function") throw new TypeError(`autoregressiveFlow: 'maf' must be a class built like exercise (g)'s AffineMAF; got ${maf === null ? "null" : typeof maf}.`);
  if (kind !== "maf" && kind !== "iaf") throw new ShapeError(`autoregressiveFlow: 'kind' must be "maf" or "iaf"; got ${JSON.stringify(kind)}.`);
  if (!Number.isInteger(dim) || dim < 1) throw new ShapeError(`autoregressiveFlow: 'dim' must be a positive integer; got ${dim}.`);
  if (!Number.isInteger(layers) || layers < 1) throw new ShapeError(`autoregressiveFlow: 'layers' must be a positive integer; got ${layers}.`);
  const parts: Bijector[] = [];
  for (let k = 0; k < layers; k++) {
    if (k > 0 && dim > 1) parts.push(Permutation.reverse(dim));
    parts.push(kind === "maf" ? new maf(dim, { hidden, seed: seed + k }) : new AffineIAF(maf, dim, { hidden, seed: seed + k }));
  }
  return new Chain(parts);
}
