/**
 * What the grader asks of an image bijector (exercises (d) ActNorm and (e) Invertible1x1Conv) for
 * one case. An image bijector is a Bijector on rows [batch, H·W·C], so it goes through the same two
 * stages of fresh subjects as a coupling layer (coupling-plan.ts: forward/inverse, finite-difference
 * rows, gradient, memory; then cross-process round trips, determinism and perturbed weights) and
 * the same verdicts (coupling-verdicts.ts), with:
 *   - the build `new C({ height, width, channels }, { seed })`;
 *   - the layer's own variables (ActNorm: s [C], b [C]; the 1×1 conv: L [C,C], U [C,C], log|s| [C]),
 *     set to seeded N(0, 0.5²) noise (the identity would pass every check);
 *   - no kept coordinates: every coordinate must move with the grader's weights.
 *
 * Image sizes: the finite-difference log-det costs 4·D forward rows per point (two step sizes,
 * both signs), and the grader checks 27 points per direction among twice as many decoys, so D stays ≤ 32: 4×4×2 (D = 32) and
 * 2×2×4 (D = 16) publicly, 3×2×4 (D = 24) hidden (grader/rubric.json). The formulas under test
 * depend on H·W and C separately, so a spatial and a channel-heavy shape are both checked, and the
 * hidden shape is not square and its height is odd (its first lines also differ from every public case's, which the release test scans for).
 *
 * ActNorm's initialisation is checked by a third subject on a fresh layer (initJob, image-verdicts.ts).
 */
import { imageDim, type ImageShape } from "../../src/bijectors/image/image-shape";
import { initInputs } from "../../src/checks/actnorm-init";
import type { ImageBijectorCase, ImageExerciseClass } from "../../src/checks/image-bijector-exercise";
import { IMAGE_HINTS, type ImageExerciseId } from "../../src/checks/image-hints";
import type { Backend, InitJob } from "../subject/protocol";
import { casePlanNumbers, type CouplingCasePlan } from "./coupling-plan";
import { toRows } from "./rows";

export const IMAGE_EXERCISES = {
  actnorm: { className: "ActNorm" as ImageExerciseClass },
  "invertible-conv": { className: "Invertible1x1Conv" as ImageExerciseClass },
} as const;

/** The shapes of trainableVariables(), in order. */
export function imageVariableShapes(exercise: ImageExerciseId, shape: ImageShape): { shapes: number[][]; names: string[] } {
  const c = shape.channels;
  return exercise === "actnorm"
    ? { shapes: [[c], [c]], names: [`logScale [${c}]`, `bias [${c}]`] }
    : { shapes: [[c, c], [c, c], [c]], names: [`lower [${c},${c}]`, `upper [${c},${c}]`, `logAbsDiag [${c}]`] };
}

const describe = (s: ImageShape) => `${s.height}x${s.width}x${s.channels}`;

export function planImageCase(exercise: ImageExerciseId, c: ImageBijectorCase, secret: string): CouplingCasePlan & { variableNames: string[]; hints: Record<string, string> } {
  const { className } = IMAGE_EXERCISES[exercise];
  const dim = imageDim(c.shape);
  const { shapes, names } = imageVariableShapes(exercise, c.shape);
  return {
    subject: `${className}(${describe(c.shape)})`,
    className,
    case: { mask: new Array(dim).fill(0), hidden: [], seed: c.seed },
    ...casePlanNumbers(dim, shapes, c.seed, secret),
    build: (module: string) => ({ kind: "image", module, className, shape: { ...c.shape }, seed: c.seed }),
    variableNames: names,
    constructedFrom: "(shape, { seed })",
    hints: IMAGE_HINTS[exercise],
  };
}

/** The init job of one ActNorm case: a fresh layer, the grader's two batches (src/checks/actnorm-init.ts). */
export function initJob(c: ImageBijectorCase, module: string, backend: Backend): { job: InitJob; first: number[][] } {
  const { a, b } = initInputs(c.shape, c.seed + 500);
  return { job: { kind: "init", backend, build: { kind: "image", module, className: "ActNorm", shape: { ...c.shape }, seed: c.seed }, first: toRows(a), second: toRows(b) }, first: a };
}
