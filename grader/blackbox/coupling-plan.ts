/**
 * What the grader asks of a coupling layer (exercises (a) and (b)) for one case, in three fresh
 * subject processes, so that no process can answer from memory or from what else it is shown:
 *
 *   stage 1   forward and inverse of the case's inputs (twice each: in-process determinism), the
 *             autodiff gradient of L = Σ a⊙z + c·Σ logDet, repeated calls for the memory reading,
 *             and a first recheck: one element of every stencil (below) again, among decoys';
 *   stencils  the log-det points (drawn from the grader's secret near the inputs) and the rows of
 *             their finite-difference stencils, in both directions, shuffled among decoy stencils
 *             (shuffled-stencils.ts);
 *   stage 2   inverse of stage 1's forward outputs and forward of its inverse outputs (round
 *             trips across processes), the seeded inputs again (determinism across processes),
 *             the forward at weights moved along one random direction per variable (directional
 *             finite differences that check stage 1's autodiff gradient), and a second recheck:
 *             another element of every stencil. A recheck holds one element per stencil, so no
 *             stencil can be recognised there.
 *
 * Inputs, weights and directions come from the case's seed, the log-det points, stencils and
 * their order from the grader's secret (secret.ts); both stay in the grader: a subject receives
 * numbers only.
 */
import { checkInputs, type NamedInput } from "../../src/checks/inputs";
import type { CouplingCase } from "../../src/checks/coupling-exercise";
import { Rng } from "../../src/random/prng";
import type { BijectorCall, BijectorJob, Backend, BuildSpec, Direction } from "../subject/protocol";
import { fromFlat, tile, toRows } from "./rows";
import { secretRng } from "./secret";
import { kinkFreeRows } from "./kink-free-rows";
import { shuffledStencils, type ShuffledStencils } from "./shuffled-stencils";
import { mlpShapes, perturb, randomDirections, randomWeights } from "./weights";

export const COUPLING_EXERCISES = {
  "additive-coupling": { className: "AdditiveCoupling", outputsPerDim: 1 },
  "affine-coupling": { className: "AffineCoupling", outputsPerDim: 2 },
} as const;
export type CouplingExercise = keyof typeof COUPLING_EXERCISES;

/** Relative finite-difference step for log-dets: h_j = FD_STEP · max(1, |x_j|). */
export const FD_STEP = 1e-2;
/** Points of the seeded inputs whose log-det is checked (all stress and single inputs are). */
const FD_SEEDED_POINTS = 16;
/**
 * How far a log-det point lies from the input it is drawn near, relative to max(1, |x_j|): far
 * beyond a stencil (FD_STEP), so that no publicly reproducible point says where the stencils are.
 */
const FD_POINT_JITTER = 0.25;
/** Decoy stencils per real one. */
const FD_DECOYS = 3;
/** Processes that re-evaluate one element of every stencil: stage 1 and stage 2. */
const RECHECKS = 2;
/** Step along each unit direction in weight space, for the gradient check. */
export const WEIGHT_STEP = 1e-3;
/** The memory reading: this many rows, calls before the "warm" mark, and calls after it. */
export const LEAK = { rows: 2048, warmup: 2, iterations: 60 } as const;

export interface CouplingCasePlan {
  subject: string;
  className: string;
  case: CouplingCase;
  dim: number;
  shapes: number[][];
  weights: number[][];
  inputs: NamedInput[];
  /** The points whose log-det is checked (secret, near the inputs), with the input label each is drawn near. */
  fdPoints: number[][];
  fdLabels: NamedInput["label"][];
  /** Their stencils, shuffled with decoys, and the rows rechecked in stage 2, per direction. */
  stencils: { f: ShuffledStencils; i: ShuffledStencils };
  /** Gradient request weights: L = Σ a⊙z + c·Σ logDet on the seeded inputs. */
  a: number[];
  c: number;
  directions: number[][];
  /**
   * The seeded rows (indices) the gradient check evaluates: all of them, or for a ReLU conditioner
   * those where no kink lies within a weight step (kink-free-rows.ts).
   */
  gradientRows: number[];
  /** How the api message names the constructor's arguments, when they are not (mask, { hidden, seed }) (image exercises). */
  constructedFrom?: string;
  /** Names of the variables in gradient messages, when they are not an MLP's weights and biases (image exercises). */
  variableNames?: string[];
  /** How a subject builds the layer, when it is not a coupling layer of `case.mask` (exercise (g): maf-plan.ts). */
  build?: (module: string) => BuildSpec;
}

/** The part of a case plan that depends only on the dimension, the variables' shapes and the seed. */
export type CasePlanNumbers = Pick<CouplingCasePlan, "dim" | "shapes" | "weights" | "inputs" | "fdPoints" | "fdLabels" | "stencils" | "a" | "c" | "directions" | "gradientRows">;

/** A point drawn near x from the grader's secret: x_j + FD_POINT_JITTER · max(1, |x_j|) · N(0, 1). */
const near = (x: readonly number[], rng: Rng) => x.map((v) => v + FD_POINT_JITTER * Math.max(1, Math.abs(v)) * rng.normal());

/**
 * The grader's numbers for one bijector case, from its seed: the weights it loads, the inputs,
 * the points whose log-det it measures by finite differences, the gradient request
 * L = Σ a⊙z + c·Σ logDet, and the directions in weight space along which outputs must change.
 * Coupling and image (image-plan.ts) cases share it; MAF cases (maf-plan.ts) start from a coupling plan.
 */
export function casePlanNumbers(dim: number, shapes: number[][], seed: number, secret: string): CasePlanNumbers {
  const inputs = checkInputs(dim, seed);
  const seeded = inputs.find((i) => i.label === "seeded")!.rows;
  const chosen = inputs.flatMap((i) => (i.label === "seeded" ? i.rows.slice(0, FD_SEEDED_POINTS) : i.rows).map((row) => ({ row, label: i.label })));
  const rng = new Rng(seed + 200);
  const hidden = secretRng(secret, "log-det points", dim, JSON.stringify(shapes), seed);
  const fdPoints = chosen.map((p) => near(p.row, hidden));
  const decoys = () => Array.from({ length: FD_DECOYS * chosen.length }, () => near(chosen[hidden.int(chosen.length)].row, hidden));
  return {
    dim,
    shapes,
    weights: randomWeights(shapes, seed + 100),
    inputs,
    fdPoints,
    fdLabels: chosen.map((p) => p.label),
    stencils: { f: shuffledStencils(fdPoints, decoys(), FD_STEP, hidden, RECHECKS), i: shuffledStencils(fdPoints, decoys(), FD_STEP, hidden, RECHECKS) },
    a: Array.from({ length: seeded.length * dim }, () => rng.normal() / seeded.length),
    c: rng.normal() / seeded.length,
    directions: randomDirections(shapes, seed + 300),
    gradientRows: seeded.map((_, r) => r),
  };
}

/** The gradient check's rows and their output weights a, for L = Σ a⊙z + c·Σ logDet over those rows. */
export function gradientRequest(plan: Pick<CouplingCasePlan, "inputs" | "dim" | "a" | "gradientRows">): { rows: number[][]; a: number[] } {
  const seeded = plan.inputs.find((i) => i.label === "seeded")!.rows;
  return { rows: plan.gradientRows.map((r) => seeded[r]), a: plan.gradientRows.flatMap((r) => plan.a.slice(r * plan.dim, (r + 1) * plan.dim)) };
}

export function planCouplingCase(exercise: CouplingExercise, c: CouplingCase, secret: string): CouplingCasePlan {
  const { className, outputsPerDim } = COUPLING_EXERCISES[exercise];
  const dim = c.mask.length;
  const numbers = casePlanNumbers(dim, mlpShapes(dim, c.hidden, outputsPerDim), c.seed, secret);
  // the conditioner (src/nn/mlp.ts) sees the kept part b ⊙ x of the forward's input (or x, where a layer forgets the mask)
  const { rows } = gradientRequest(numbers);
  const conditionerInputs = [rows.map((row) => row.map((v, j) => v * c.mask[j])), rows];
  return {
    subject: `${className}(mask=[${c.mask.join(",")}])`,
    className,
    case: c,
    ...numbers,
    gradientRows: kinkFreeRows(conditionerInputs, { shapes: numbers.shapes }, numbers.weights, numbers.directions, WEIGHT_STEP),
  };
}

const call = (id: string, direction: Direction, rows: number[][], weights?: number[][]): BijectorCall => ({ id, direction, input: toRows(rows), weights });

function job(plan: CouplingCasePlan, module: string, backend: Backend, calls: BijectorCall[]): BijectorJob {
  return {
    kind: "bijector",
    backend,
    build: plan.build?.(module) ?? { kind: "coupling", module, className: plan.className, mask: plan.case.mask, hidden: plan.case.hidden },
    weights: plan.weights,
    weightShapes: plan.shapes,
    calls,
  };
}

export function stageOneJob(plan: CouplingCasePlan, module: string, backend: Backend): BijectorJob {
  const calls: BijectorCall[] = [];
  for (const { label, rows } of plan.inputs) {
    calls.push(call(`f:${label}`, "forward", rows), call(`i:${label}`, "inverse", rows), call(`f2:${label}`, "forward", rows), call(`i2:${label}`, "inverse", rows));
  }
  calls.push(call("chk:f", "forward", plan.stencils.f.rechecks[0].mix.rows), call("chk:i", "inverse", plan.stencils.i.rechecks[0].mix.rows));
  const seeded = plan.inputs.find((i) => i.label === "seeded")!.rows;
  const gradient = gradientRequest(plan);
  return {
    ...job(plan, module, backend, calls),
    gradient: { id: "g", input: toRows(gradient.rows), outputWeights: gradient.a, logDetWeight: plan.c },
    leak: { input: toRows(tile(seeded, LEAK.rows)), warmup: LEAK.warmup, iterations: LEAK.iterations },
  };
}

/** The stencils' subject: the log-det points and their stencils among decoys, shuffled, in both directions. */
export function stencilJob(plan: CouplingCasePlan, module: string, backend: Backend): BijectorJob {
  return job(plan, module, backend, [call("fd:f", "forward", plan.stencils.f.evaluation.rows), call("fd:i", "inverse", plan.stencils.i.evaluation.rows)]);
}

/**
 * Stage 2, from stage 1's outputs (`outputOf(id)`: the flat output of a stage-1 call, or
 * undefined when it has none). Round trips whose first half failed are left out.
 */
export function stageTwoJob(plan: CouplingCasePlan, module: string, backend: Backend, outputOf: (id: string) => (number | null)[] | undefined): BijectorJob {
  const calls: BijectorCall[] = [];
  for (const { label } of plan.inputs) {
    const z = outputOf(`f:${label}`);
    const x = outputOf(`i:${label}`);
    if (z && z.every((v) => v !== null)) calls.push(call(`rt:f:${label}`, "inverse", fromFlat(z, plan.dim) as number[][]));
    if (x && x.every((v) => v !== null)) calls.push(call(`rt:i:${label}`, "forward", fromFlat(x, plan.dim) as number[][]));
  }
  const seeded = plan.inputs.find((i) => i.label === "seeded")!.rows;
  calls.push(call("x:f", "forward", seeded), call("x:i", "inverse", seeded));
  const { rows } = gradientRequest(plan);
  plan.directions.forEach((d, k) => {
    calls.push(call(`p:${k}:+`, "forward", rows, perturb(plan.weights, k, d, WEIGHT_STEP)), call(`p:${k}:-`, "forward", rows, perturb(plan.weights, k, d, -WEIGHT_STEP)));
  });
  calls.push(call("chk:f", "forward", plan.stencils.f.rechecks[1].mix.rows), call("chk:i", "inverse", plan.stencils.i.rechecks[1].mix.rows));
  return job(plan, module, backend, calls);
}
