/**
 * MADE's masks judged by the property they must have, not against one fixed answer: pure
 * functions of the 0/1 matrices, shared by the notebooks' self-check (made-maf-exercise.ts) and the
 * grader, which runs them on the matrices a subject returns.
 *
 * With masks M_1 … M_L ([fanIn][fanOut] each), input j reaches output column c when some path of
 * kept connections leads from j to c: reach = 1_j · M_1 · … · M_L > 0 (boolean products). Column
 * c = p·D + d is parameter p of coordinate d (d = c mod D). The masks are
 *
 *   autoregressive  when no column of coordinate d is reached by an input j ≥ d (0-based, identity
 *                   order): output d may see x_0 … x_{d−1} only;
 *   connected       when every input j < d reaches every column of coordinate d: nothing the
 *                   property allows is cut off (all-zero masks are autoregressive, and useless).
 *
 * Connectedness needs hidden widths ≥ D − 1 (every degree 1 … D − 1 present); the cases are chosen so.
 *
 * @example
 *   maskProblem(masks, 3, [4], 2);          // null when the shapes and entries are right
 *   autoregressiveViolations(masks, 3);      // [] for MADE's masks; [{ column: 1, input: 1 }] if ≥ replaced >
 */
import { hintTable, message, text } from "../i18n/catalogue";

/** One output column reached from an input it may not see (or, for missingConnections, not reached from one it may). */
export interface MaskPath {
  /** Output column c (coordinate c mod D, parameter ⌊c / D⌋). */
  column: number;
  input: number;
}

/** Why `masks` cannot be the masks of a MADE with these sizes, or null. */
export function maskProblem(masks: unknown, dim: number, hidden: readonly number[], outputsPerDim: number): string | null {
  const sizes = [dim, ...hidden, outputsPerDim * dim];
  const call = `madeMasks(${dim}, [${hidden}], ${outputsPerDim})`;
  if (!Array.isArray(masks)) return message("masks.not-array", { call, type: typeof masks });
  if (masks.length !== sizes.length - 1) return message("masks.count", { call, count: String(sizes.length - 1), got: String(masks.length) });
  for (let l = 0; l < masks.length; l++) {
    const m = masks[l] as unknown[];
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const shapeOk = Array.isArray(m) && m.length === fanIn && m.every((row) => Array.isArray(row) && row.length === fanOut);
    const got = Array.isArray(m) ? message("masks.rows", { rows: String(m.length), columns: Array.isArray(m[0]) ? String((m[0] as unknown[]).length) : "?" }) : typeof m;
    if (!shapeOk) return message("masks.shape", { call, index: String(l), fanIn: String(fanIn), fanOut: String(fanOut), got });
    if ((m as unknown[][]).some((row) => row.some((v) => v !== 0 && v !== 1))) return message("masks.binary", { call, index: String(l) });
  }
  return null;
}

/** reach[j][c]: input j reaches output column c through kept connections. */
export function maskReach(masks: readonly (readonly (readonly number[])[])[], dim: number): boolean[][] {
  let reach: boolean[][] = Array.from({ length: dim }, (_, j) => Array.from({ length: dim }, (_, k) => j === k));
  for (const mask of masks) {
    const fanOut = mask[0]?.length ?? 0;
    reach = reach.map((row) => Array.from({ length: fanOut }, (_, k) => row.some((r, i) => r && mask[i][k] === 1)));
  }
  return reach;
}

/** The paths the autoregressive property forbids: input j ≥ d reaching a column of coordinate d. */
export function autoregressiveViolations(masks: readonly (readonly (readonly number[])[])[], dim: number): MaskPath[] {
  const reach = maskReach(masks, dim);
  const found: MaskPath[] = [];
  reach.forEach((row, input) => row.forEach((r, column) => r && input >= column % dim && found.push({ column, input })));
  return found;
}

/** The paths the property allows but the masks cut: input j < d not reaching a column of coordinate d. */
export function missingConnections(masks: readonly (readonly (readonly number[])[])[], dim: number): MaskPath[] {
  const reach = maskReach(masks, dim);
  const found: MaskPath[] = [];
  reach.forEach((row, input) => row.forEach((r, column) => !r && input < column % dim && found.push({ column, input })));
  return found;
}

/** "output column 4 (coordinate 1, parameter 1) is reached from input 2" — 0-based, as in the code. */
export function describePath(p: MaskPath, dim: number): string {
  return message("masks.path", { column: String(p.column), coordinate: String(p.column % dim), parameter: String(Math.floor(p.column / dim)), input: String(p.input) });
}

/** What to look at when a masks check fails (the notebooks' self-check and the grader print these). */
export const MASK_HINTS = hintTable("hint.made-maf.", ["masks-shape", "masks-autoregressive", "masks-connected"]);
export type MaskCheckName = keyof typeof MASK_HINTS;
export const MASK_CHECK_NAMES = Object.keys(MASK_HINTS) as MaskCheckName[];

/** What madeMasks(dim, hidden, outputsPerDim) gave: the matrices, or why there are none. */
export interface MasksReturned {
  outputsPerDim: number;
  masks?: unknown;
  /** It threw, or could not be called: the reason. */
  problem?: string;
  notImplemented?: string;
}

/** A masks verdict, shaped to become a CheckResult (self-check) or a grader Verdict. */
export interface MaskJudgement {
  passed: boolean;
  message: string;
  measured?: number;
  tolerance?: number;
  hint?: string;
  notImplemented?: string;
}

/**
 * The three masks checks of one (dim, hidden) case, from what madeMasks returned for each
 * outputsPerDim: shapes and entries, then the paths the property forbids (must be 0) and the
 * allowed paths that are cut (must be 0), counted over the worst outputsPerDim.
 */
export function judgeMasks(dim: number, hidden: readonly number[], returned: readonly MasksReturned[]): Record<MaskCheckName, MaskJudgement> {
  const subject = `madeMasks(${dim}, [${hidden}])`;
  let broken: MaskJudgement | undefined;
  for (const r of returned) {
    const problem = r.problem ?? maskProblem(r.masks, dim, hidden, r.outputsPerDim);
    if (problem) {
      broken = { passed: false, message: `${subject}: ${problem}`, notImplemented: r.notImplemented, hint: r.problem ? undefined : MASK_HINTS["masks-shape"] };
      break;
    }
  }
  if (broken) {
    const notChecked = { ...broken, hint: undefined, message: message("verdict.not-checked.paren", { subject, problem: broken.message.replace(`${subject}: `, "") }) };
    return { "masks-shape": broken, "masks-autoregressive": notChecked, "masks-connected": notChecked };
  }
  const count = (check: "masks-autoregressive" | "masks-connected"): MaskJudgement => {
    const found = returned.map((r) => {
      const masks = r.masks as number[][][];
      return { p: r.outputsPerDim, paths: check === "masks-autoregressive" ? autoregressiveViolations(masks, dim) : missingConnections(masks, dim) };
    });
    const worst = found.reduce((a, b) => (b.paths.length > a.paths.length ? b : a));
    const n = worst.paths.length;
    const what = text(`what.${check}`);
    const example = n ? message(`example.${check}`, { path: describePath(worst.paths[0], dim), p: String(worst.p) }) : "";
    return { passed: n === 0, measured: n, tolerance: 0, message: message(n === 0 ? "verdict.count.pass" : "verdict.count.fail", { subject, what, count: String(n), example }), hint: n ? MASK_HINTS[check] : undefined };
  };
  return {
    "masks-shape": { passed: true, message: message("pass.masks-shape", { subject, list: returned.map((r) => r.outputsPerDim).join(` ${text("word.and")} `) }) },
    "masks-autoregressive": count("masks-autoregressive"),
    "masks-connected": count("masks-connected"),
  };
}
