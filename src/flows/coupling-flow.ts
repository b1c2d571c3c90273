/**
 * Stacks coupling layers into a flow: f = f_K ∘ … ∘ f_1 with alternating masks, so that every
 * coordinate is transformed by every other layer. Any coupling class with the constructor
 * `(mask, { hidden, seed })` fits, the student's included: the grader builds its flows here.
 *
 * @example
 *   const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 8, hidden: [64, 64], seed: 0 });
 */
import { alternatingMask, type Bijector } from "../bijectors/bijector";
import { Chain } from "../bijectors/chain";
import { DiagonalScale } from "../bijectors/diagonal-scale";
import { ShapeError } from "../bijectors/errors";
import type { CouplingOptions } from "../bijectors/masked-coupling";

/** A coupling layer class, e.g. `AffineCoupling` or `AdditiveCoupling`. */
export type CouplingClass = new (mask: number[], options?: CouplingOptions) => Bijector;

export interface CouplingFlowOptions {
  dim: number;
  /** Number of coupling layers K. Default 8. */
  layers?: number;
  /** Hidden widths of each conditioner. Default [64, 64]. */
  hidden?: number[];
  /** Layer k's conditioner is seeded with `seed + k`. Default 0. */
  seed?: number;
  /** Append a learnable DiagonalScale (needed by volume-preserving NICE). Default false. */
  finalScale?: boolean;
}

export function couplingFlow(Coupling: CouplingClass, options: CouplingFlowOptions): Chain {
  const { dim, layers = 8, hidden = [64, 64], seed = 0, finalScale = false } = options;
  if (!Number.isInteger(dim) || dim < 2) throw new ShapeError(`couplingFlow: 'dim' must be an integer ≥ 2 (a coupling needs two parts); got ${dim}.`);
  if (!Number.isInteger(layers) || layers < 1) throw new ShapeError(`couplingFlow: 'layers' must be a positive integer; got ${layers}.`);
  const parts: Bijector[] = Array.from({ length: layers }, (_, k) => new Coupling(alternatingMask(dim, k), { hidden, seed: seed + k }));
  if (finalScale) parts.push(new DiagonalScale(dim));
  return new Chain(parts);
}
