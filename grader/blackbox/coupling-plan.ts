/**
 * What the grader asks of a coupling layer (exercises (a) and (b)) for one case, in two stages of
 * fresh subject processes, so that no process can answer from memory:
 *
 *   stage 1  forward and inverse of the case's inputs (twice each: in-process determinism),
 *            the finite-difference rows around a subset of them (log-dets), the autodiff
 *            gradient of L = Σ a⊙z + c·Σ logDet, and repeated calls for the memory reading;
 *   stage 2  inverse of stage 1's forward outputs and forward of its inverse outputs (round
 *            trips across processes), the seeded inputs again (determinism across processes),
 *            and the forward at weights moved along one random direction per variable
 *            (directional finite differences that check stage 1's autodiff gradient).
 *
 * Inputs, weights, directions and step sizes come from the case's seed, which stays in the
 * grader: a subject receives numbers only.
 */
import { checkInputs, type NamedInput } from "../../src/checks/inputs";
import type { CouplingCase } from "../../src/checks/coupling-exercise";
import { Rng } from "../../src/random/prng";
import type { BijectorCall, BijectorJob, Backend, BuildSpec, Direction } from "../subject/protocol";
import { fdPlan, type FdPlan } from "./finite-differences";
import { fromFlat, tile, toRows } from "./rows";
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
  /** The points whose log-det is checked, with the input label each comes from. */
  fdPoints: number[][];
  fdLabels: NamedInput["label"][];
  fd: FdPlan;
  /** Gradient request weights: L = Σ a⊙z + c·Σ logDet on the seeded inputs. */
  a: number[];
  c: number;
  directions: number[][];
  /** How the api message names the constructor's arguments, when they are not (mask, { hidden, seed }) (image exercises). */
  constructedFrom?: string;
  /** Names of the variables in gradient messages, when they are not an MLP's weights and biases (image exercises). */
  variableNames?: string[];
  /** How a subject builds the layer, when it is not a coupling layer of `case.mask` (exercise (g): maf-plan.ts). */
  build?: (module: string) => BuildSpec;
}

/** The part of a case plan that depends only on the dimension, the variables' shapes and the seed. */
export type CasePlanNumbers = Pick<CouplingCasePlan, "dim" | "shapes" | "weights" | "inputs" | "fdPoints" | "fdLabels" | "fd" | "a" | "c" | "directions">;

/**
 * The grader's numbers for one bijector case, from its seed: the weights it loads, the inputs,
 * the points whose log-det it measures by finite differences, the gradient request
 * L = Σ a⊙z + c·Σ logDet, and the directions in weight space along which outputs must change.
 * Coupling and image (image-plan.ts) cases share it; MAF cases (maf-plan.ts) start from a coupling plan.
 */
export function casePlanNumbers(dim: number, shapes: number[][], seed: number): CasePlanNumbers {
  const inputs = checkInputs(dim, seed);
  const seeded = inputs.find((i) => i.label === "seeded")!.rows;
  const chosen = inputs.flatMap((i) => (i.label === "seeded" ? i.rows.slice(0, FD_SEEDED_POINTS) : i.rows).map((row) => ({ row, label: i.label })));
  const rng = new Rng(seed + 200);
  return {
    dim,
    shapes,
    weights: randomWeights(shapes, seed + 100),
    inputs,
    fdPoints: chosen.map((p) => p.row),
    fdLabels: chosen.map((p) => p.label),
    fd: fdPlan(chosen.map((p) => p.row), FD_STEP),
    a: Array.from({ length: seeded.length * dim }, () => rng.normal() / seeded.length),
    c: rng.normal() / seeded.length,
    directions: randomDirections(shapes, seed + 300),
  };
}

export function planCouplingCase(exercise: CouplingExercise, c: CouplingCase): CouplingCasePlan {
  const { className, outputsPerDim } = COUPLING_EXERCISES[exercise];
  const dim = c.mask.length;
  return {
    subject: `${className}(mask=[${c.mask.join(",")}])`,
    className,
    case: c,
    ...casePlanNumbers(dim, mlpShapes(dim, c.hidden, outputsPerDim), c.seed),
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
  calls.push(call("fdc:f", "forward", plan.fdPoints), call("fd:f", "forward", plan.fd.rows), call("fdc:i", "inverse", plan.fdPoints), call("fd:i", "inverse", plan.fd.rows));
  const seeded = plan.inputs.find((i) => i.label === "seeded")!.rows;
  return {
    ...job(plan, module, backend, calls),
    gradient: { id: "g", input: toRows(seeded), outputWeights: plan.a, logDetWeight: plan.c },
    leak: { input: toRows(tile(seeded, LEAK.rows)), warmup: LEAK.warmup, iterations: LEAK.iterations },
  };
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
  plan.directions.forEach((d, k) => {
    calls.push(call(`p:${k}:+`, "forward", seeded, perturb(plan.weights, k, d, WEIGHT_STEP)), call(`p:${k}:-`, "forward", seeded, perturb(plan.weights, k, d, -WEIGHT_STEP)));
  });
  return job(plan, module, backend, calls);
}
