/**
 * A neural spline flow: rational-quadratic spline couplings with alternating masks
 * (Durkan et al., 2019), built like {@link couplingFlow}.
 *
 * @example
 *   const flow = splineFlow({ dim: 2, layers: 4, bins: 8, bound: 4, hidden: [64, 64], seed: 0 });
 */
import { alternatingMask, type Bijector } from "../bijectors/bijector";
import { Chain } from "../bijectors/chain";
import { ShapeError } from "../bijectors/errors";
import { SplineCoupling, type SplineCouplingOptions } from "../bijectors/spline-coupling";

export interface SplineFlowOptions extends Omit<SplineCouplingOptions, "seed"> {
  dim: number;
  /** Number of coupling layers K. Default 4. */
  layers?: number;
  /** Layer k's conditioner is seeded with `seed + k`. Default 0. */
  seed?: number;
}

export function splineFlow(options: SplineFlowOptions): Chain {
  const { dim, layers = 4, seed = 0, ...layerOptions } = options;
  if (!Number.isInteger(dim) || dim < 2) throw new ShapeError(`splineFlow: 'dim' must be an integer ≥ 2 (a coupling needs two parts); got ${dim}.`);
  if (!Number.isInteger(layers) || layers < 1) throw new ShapeError(`splineFlow: 'layers' must be a positive integer; got ${layers}.`);
  const parts: Bijector[] = Array.from({ length: layers }, (_, k) => new SplineCoupling(alternatingMask(dim, k), { ...layerOptions, seed: seed + k }));
  return new Chain(parts);
}
