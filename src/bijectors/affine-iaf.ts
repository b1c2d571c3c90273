/**
 * One affine layer of an Inverse Autoregressive Flow (Kingma et al., 2016), built as what it is: a
 * MAF layer with its two directions swapped. With the MAF layer's one-pass map
 * M(v) = v ⊙ exp(s(v)) + t(v) (exercise (g)),
 *
 *   inverse  (sampling, ONE pass):  x = M(z) = z ⊙ exp(s(z)) + t(z)          = maf.forward(z)
 *   forward  (density, D passes):   z = M⁻¹(x), solved coordinate by coordinate = maf.inverse(x)
 *
 *   inverse log-det:  log|det ∂x/∂z| =  Σ_i s_i(z),   forward log-det: −Σ_i s_i(z)
 *
 * So IAF samples fast and evaluates the density of a new point slowly; MAF the reverse. The MAF
 * class is passed in (yours from exercises/made-maf.ts, or the reference in the instructor's
 * tests): the library has no MAF of its own, since that is the exercise.
 *
 * @example
 *   const layer = new AffineIAF(mine.AffineMAF, 2, { seed: 0 });
 *   const { output: x } = layer.inverse(z);   // one MADE pass (your MAF's forward)
 */
import type { Bijector } from "./bijector";
import { Inverted } from "./inverted";

/** The options exercise (g)'s AffineMAF takes: hidden widths, seed, and masks to use instead of its own madeMasks. */
export interface MafLayerOptions {
  hidden?: number[];
  seed?: number;
  masks?: number[][][];
}

/** A class built like exercise (g)'s AffineMAF: `new C(dim, { hidden, seed })`, with `passes(direction)`. */
export type MafClass = new (dim: number, options?: MafLayerOptions) => Bijector & { passes(direction: "forward" | "inverse"): number };

export class AffineIAF extends Inverted {
  constructor(Maf: MafClass, dim: number, options: MafLayerOptions = {}) {
    if (typeof Maf !== "function") throw new TypeError(`AffineIAF: 'Maf' must be a class built like exercise (g)'s AffineMAF; got ${Maf === null ? "null" : typeof Maf}.`);
    const maf = new Maf(dim, options);
    super(maf, `AffineIAF(dim=${dim})`);
    this.passesOf = (direction) => maf.passes(direction === "forward" ? "inverse" : "forward");
  }

  private readonly passesOf: (direction: "forward" | "inverse") => number;

  /** MADE passes per direction: D for the density, one for sampling (the MAF's, swapped). */
  passes(direction: "forward" | "inverse"): number {
    return this.passesOf(direction);
  }
}
