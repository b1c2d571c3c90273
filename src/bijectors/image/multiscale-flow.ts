/**
 * A Glow-style multiscale flow on images, built from this folder's layers.
 *
 * One *step* at shape [H, W, C]:  ActNorm → Invertible1x1Conv (when C ≥ 2) → affine coupling
 * (./image-coupling.ts: a checkerboard mask when C = 1, else a channel mask; the parity alternates
 * step by step). With `affineCoupling: "none"` a step has no coupling: the flow is linear (ActNorm,
 * 1×1 convolutions, squeezes and splits, and the optional Logit), with the same seeds per layer.
 * One *level*: `steps` steps → Squeeze → `steps` steps at [H/2, W/2, 4C] → Split, which factors
 * out 2C channels and sends the other 2C into the next level (or, after the last level, into
 * `steps` final steps). With `levels: 0` the flow is single-scale: `steps` steps only.
 *
 *   14×14×1, levels 1:  steps@14×14×1 → Squeeze → steps@7×7×4 → Split(7×7×4: steps@7×7×2)
 *
 * With `logit`, a fixed Logit layer (./logit.ts) comes first: dequantized pixels in [0, 1) are
 * mapped onto the real line before the first ActNorm (RealNVP §4.1).
 *
 * The whole flow is one Bijector on rows of D = H·W·C numbers; log p(x) = log N(f(x); 0, I) +
 * log|det ∂f/∂x| as for every flow (src/flows/density.ts), with the factored-out latents among
 * the N(0, I) coordinates.
 *
 * Your own layers: `actNorm`, `invertibleConv` and `affineCoupling` are required and take classes
 * built like the course's exercises (d), (e) and (b), `new ActNorm(shape)`,
 * `new Invertible1x1Conv(shape, { seed })` and `new AffineCoupling(mask, { seed })`: the library
 * ships no ActNorm, 1×1 convolution or affine coupling (they are the answers); the instructor's
 * tests pass the reference classes from solutions/. `initializeActNorms` initialises any layer that has
 * an `initialize(x)` method, so a student's ActNorm gets its data-dependent init too.
 *
 * @example
 *   const flow = multiscaleFlow({ shape: imageShape(14, 14, 1), levels: 1, steps: 2, hidden: 16, seed: 0, actNorm: mine.ActNorm, invertibleConv: mineConv.Invertible1x1Conv, affineCoupling: mineB.AffineCoupling });
 *   initializeActNorms(flow, firstBatch);     // data-dependent init of every ActNorm
 */
import type { Bijector } from "../bijector";
import { Chain } from "../chain";
import { ShapeError } from "../errors";
import { checkAffineCouplingClass, imageAffineCoupling, type AffineCouplingClass, type ConditionerKind } from "./image-coupling";
import { checkImageShape, describeShape, imageDim, squeezedShape, type ImageShape } from "./image-shape";
import { Logit, type LogitOptions } from "./logit";
import { Split } from "./split";
import { Squeeze } from "./squeeze";

/** A class built like exercise (d)'s ActNorm: `new C(shape)`, a bijector on rows of H·W·C numbers. */
export type ActNormClass = new (shape: ImageShape) => Bijector;
/** A class built like exercise (e)'s Invertible1x1Conv: `new C(shape, { seed })`. */
export type InvertibleConvClass = new (shape: ImageShape, options?: { seed?: number }) => Bijector;

export interface MultiscaleFlowOptions {
  shape: ImageShape;
  /** Squeeze-and-split levels; 0 is a single-scale flow. Default 1. */
  levels?: number;
  /** Flow steps at each scale. Default 2. */
  steps?: number;
  /** The couplings' conditioner: "conv" (default) or "dense". */
  conditioner?: ConditionerKind;
  /** Conditioner width (channels for conv, units for dense). Default: the coupling's default. */
  hidden?: number;
  /** Layer i is seeded with seed + i. Default 0. */
  seed?: number;
  /** The ActNorm class to build the flow with: yours, from exercise (d) (the library has none: it would be the answer). */
  actNorm: ActNormClass;
  /** The invertible 1×1 convolution class: yours, from exercise (e). */
  invertibleConv: InvertibleConvClass;
  /** The affine coupling class: yours, from exercise (b); or "none" for steps without a coupling (a linear flow). */
  affineCoupling: AffineCouplingClass | "none";
  /** Put a fixed Logit layer (./logit.ts) first, for dequantized pixels in [0, 1): `true` or its options. Default false. */
  logit?: boolean | LogitOptions;
}

export function multiscaleFlow(options: MultiscaleFlowOptions): Chain {
  const shape = checkImageShape(options.shape, "multiscaleFlow");
  const { levels = 1, steps = 2, conditioner = "conv", hidden, seed = 0, actNorm, invertibleConv, affineCoupling } = options;
  for (const [arg, cls] of [["actNorm", actNorm], ["invertibleConv", invertibleConv]] as const) {
    if (typeof cls !== "function") throw new TypeError(`multiscaleFlow: '${arg}' must be a class (a constructor); got ${cls === null ? "null" : typeof cls}.`);
  }
  if (affineCoupling !== "none") {
    if (typeof affineCoupling !== "function") {
      throw new TypeError(`multiscaleFlow: 'affineCoupling' must be a class (a constructor) or "none"; got ${affineCoupling === null ? "null" : typeof affineCoupling === "string" ? JSON.stringify(affineCoupling) : typeof affineCoupling}.`);
    }
    checkAffineCouplingClass(affineCoupling, "multiscaleFlow");
  }
  if (!Number.isInteger(levels) || levels < 0) throw new ShapeError(`multiscaleFlow: 'levels' must be a non-negative integer; got ${levels}.`);
  if (!Number.isInteger(steps) || steps < 1) throw new ShapeError(`multiscaleFlow: 'steps' must be a positive integer; got ${steps}.`);
  let nextSeed = seed;
  const flowSteps = (s: ImageShape): Bijector[] => {
    const parts: Bijector[] = [];
    for (let k = 0; k < steps; k++) {
      parts.push(built(new actNorm(s), "actNorm", s));
      if (s.channels >= 2) parts.push(built(new invertibleConv(s, { seed: nextSeed++ }), "invertibleConv", s));
      const couplingSeed = nextSeed++;
      if (affineCoupling !== "none") {
        parts.push(imageAffineCoupling(affineCoupling, s, { mask: s.channels >= 2 ? "channel" : "checkerboard", parity: k % 2, conditioner, hidden, seed: couplingSeed }));
      }
    }
    return parts;
  };
  const scale = (s: ImageShape, levelsLeft: number): Bijector[] => {
    const parts = flowSteps(s);
    if (levelsLeft === 0) return parts;
    const sq = squeezedShape(s, `multiscaleFlow (level ${levels - levelsLeft + 1} of ${levels})`);
    parts.push(new Squeeze(s), ...flowSteps(sq));
    const rest: ImageShape = { ...sq, channels: sq.channels / 2 };
    parts.push(new Split(sq, new Chain(scale(rest, levelsLeft - 1))));
    return parts;
  };
  const { logit = false } = options;
  const pre = logit ? [new Logit(imageDim(shape), logit === true ? {} : logit)] : [];
  return new Chain([...pre, ...scale(shape, levels)]);
}

/** Checks that a layer built from a caller's class is a bijector of the right dimension. */
function built(layer: Bijector, arg: string, s: ImageShape): Bijector {
  if (!layer || typeof layer.forward !== "function" || typeof layer.inverse !== "function") {
    throw new TypeError(`multiscaleFlow: '${arg}' must build a Bijector (with forward and inverse); new ${arg}(${describeShape(s)}) gave ${layer === null ? "null" : typeof layer}.`);
  }
  if (layer.dim !== imageDim(s)) {
    throw new ShapeError(`multiscaleFlow: '${arg}' built ${layer.name} of dimension ${layer.dim} for images ${describeShape(s)}; it must be ${imageDim(s)} (H·W·C).`);
  }
  return layer;
}
