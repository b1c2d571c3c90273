/**
 * Expected values recorded from the reference solutions (recorded-expected.ts and
 * recorded-densities.ts, written by `npm run record:expected`), for the checks that need the
 * answer itself: the course ships the numbers for its public inputs, never code that computes them
 * (issue 16). Property checks (round trips, log-dets, the autoregressive structure) need none of this.
 *
 * @example
 *   const masks = recordedMadeMasks(3, [16, 16]);   // exercise (g)'s masks for a public case
 *   recordedNllValues({ dim: 2, seed: 31 }).nllLoss  // exercise (c)'s loss on the public case
 */
import { RECORDED_DEQUANTIZATION, RECORDED_NLL, type RecordedDequantization, type RecordedNll } from "./recorded-densities";
import { RECORDED_MADE_MASKS } from "./recorded-expected";

/** The layer checks build AffineMAF with masks of 2 outputs per dimension (log-scale and shift). */
export const RECORDED_OUTPUTS_PER_DIM = 2;

/** The key of one recorded set of masks. */
export function madeMasksKey(dim: number, hidden: readonly number[], outputsPerDim: number): string {
  return `${dim}|${hidden.join(",")}|${outputsPerDim}`;
}

/** The recorded masks for (dim, hidden), 2 outputs per dimension; a clear error for a case that was not recorded. */
export function recordedMadeMasks(dim: number, hidden: readonly number[]): number[][][] {
  const masks = RECORDED_MADE_MASKS[madeMasksKey(dim, hidden, RECORDED_OUTPUTS_PER_DIM)];
  if (!masks) {
    throw new RangeError(`recordedMadeMasks: no masks recorded for dim ${dim}, hidden [${hidden.join(", ")}]; this copy of the course records only its own cases (${Object.keys(RECORDED_MADE_MASKS).join("; ") || "none"}). The instructor runs \`npm run record:expected\`.`);
  }
  return masks.map((m) => m.map((row) => [...row]));
}

/** The key of one recorded case of exercise (c) or (f): its fields, in order, joined by "|". */
export function caseKey(...fields: number[]): string {
  return fields.join("|");
}

function notRecorded(what: string, key: string, recorded: object): RangeError {
  return new RangeError(`${what}: nothing recorded for the case ${key}; this copy of the course records only its own cases (${Object.keys(recorded).join("; ") || "none"}). The instructor runs \`npm run record:expected\`.`);
}

/** Exercise (c)'s values from the solutions on the inputs of nll-exercise.ts for the case (dim, seed). */
export function recordedNllValues(c: { dim: number; seed: number }): RecordedNll {
  const key = caseKey(c.dim, c.seed);
  const values = RECORDED_NLL[key];
  if (!values) throw notRecorded("recordedNllValues", `dim ${c.dim}, seed ${c.seed}`, RECORDED_NLL);
  return values;
}

/** Exercise (f)'s values from the solutions on the inputs of dequantization-exercise.ts for the case (dim, levels, seed). */
export function recordedDequantizationValues(c: { dim: number; levels: number; seed: number }): RecordedDequantization {
  const key = caseKey(c.dim, c.levels, c.seed);
  const values = RECORDED_DEQUANTIZATION[key];
  if (!values) throw notRecorded("recordedDequantizationValues", `dim ${c.dim}, levels ${c.levels}, seed ${c.seed}`, RECORDED_DEQUANTIZATION);
  return values;
}
