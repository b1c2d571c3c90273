/**
 * What the grader asks of exercise (g) for one case (dim, hidden, seed). The layer is graded like a
 * coupling layer (coupling-plan.ts: the same two stages of fresh subjects, the same inputs, weights,
 * finite differences and perturbed weights), built as `new AffineMAF(dim, { hidden, masks })` with
 * reference masks (grader/reference: the solutions' madeMasks in the instructor's repository, values recorded from them in a release), so that the layer is judged on its own.
 * Every coordinate of a MAF layer is transformed, so the plan's mask is all zeros.
 *
 * Stage 1 also asks for
 *   - the student's madeMasks(dim, hidden, p) for p = 2 and 1, judged from the returned matrices
 *     against the autoregressive property (src/checks/made-masks-property.ts), not against one answer;
 *   - the autoregressive property of the layer itself: forward and inverse of AR_ROWS seeded points,
 *     and of the same points with input j moved by AR_STEP, for every j ≥ 1. Outputs i < j must not move.
 */
import { MASK_OUTPUTS_PER_DIM, type MafCase } from "../../src/checks/made-maf-exercise";
import { referenceMadeMasks } from "../reference/index";
import type { Backend, BijectorCall, BijectorJob } from "../subject/protocol";
import { gradientRequest, planCouplingCase, stageOneJob, WEIGHT_STEP, type CouplingCasePlan } from "./coupling-plan";
import { kinkFreeRows } from "./kink-free-rows";
import { toRows } from "./rows";

export const MAF_CLASS = "AffineMAF";
/** Seeded points of the autoregressive check, and how far one input is moved. */
export const AR_ROWS = 8;
export const AR_STEP = 1;

export interface MafCasePlan {
  case: MafCase;
  /** The layer's plan, in the coupling exercises' shape (stageOneJob, stageTwoJob, couplingVerdicts). */
  layer: CouplingCasePlan;
  /** The points of the autoregressive check, and the same points with input j moved (index j; [0] unused). */
  arBase: number[][];
  arMoved: number[][][];
}

export function planMafCase(c: MafCase, secret: string): MafCasePlan {
  const base = planCouplingCase("affine-coupling", { mask: new Array(c.dim).fill(0), hidden: c.hidden, seed: c.seed }, secret);
  const masks = referenceMadeMasks(c.dim, c.hidden);
  // the forward's MADE (src/nn/made.ts) sees the whole input x, through masked weights
  const all = base.inputs.find((i) => i.label === "seeded")!.rows.map((_, r) => r);
  const layer: CouplingCasePlan = {
    ...base,
    gradientRows: kinkFreeRows([gradientRequest({ ...base, gradientRows: all }).rows], { shapes: base.shapes, masks }, base.weights, base.directions, WEIGHT_STEP),
    subject: `${MAF_CLASS}(dim=${c.dim}, hidden=[${c.hidden}])`,
    className: MAF_CLASS,
    build: (module) => ({ kind: "autoregressive", module, className: MAF_CLASS, dim: c.dim, hidden: [...c.hidden], masks }),
  };
  const arBase = base.inputs.find((i) => i.label === "seeded")!.rows.slice(0, AR_ROWS);
  const arMoved = Array.from({ length: c.dim }, (_, j) => arBase.map((row) => row.map((v, k) => (k === j ? v + AR_STEP : v))));
  return { case: c, layer, arBase, arMoved };
}

const call = (id: string, direction: "forward" | "inverse", rows: number[][]): BijectorCall => ({ id, direction, input: toRows(rows) });

/** Stage 1 of the coupling plan, plus the masks requests and the autoregressive check's calls. */
export function mafStageOneJob(plan: MafCasePlan, module: string, backend: Backend): BijectorJob {
  const job = stageOneJob(plan.layer, module, backend);
  const { dim, hidden } = plan.case;
  for (const [d, direction] of [["f", "forward"], ["i", "inverse"]] as const) {
    job.calls.push(call(`ar:${d}:base`, direction, plan.arBase));
    for (let j = 1; j < dim; j++) job.calls.push(call(`ar:${d}:${j}`, direction, plan.arMoved[j]));
  }
  job.masks = MASK_OUTPUTS_PER_DIM.map((p) => ({ id: `m:${p}`, dim, hidden: [...hidden], outputsPerDim: p }));
  return job;
}
