/**
 * The checks of exercise (g), MADE's masks and the affine MAF layer, as run by the notebooks'
 * "check your work" cells and `flowgrade check` (public cases); the grader re-derives the same
 * verdicts from numbers (grader/blackbox/maf-verdicts.ts) on public and hidden cases.
 *
 *   api                   the module exports madeDegrees, madeMasks and AffineMAF; the class builds
 *   masks-shape           madeMasks(D, hidden, p) gives one [fanIn][fanOut] 0/1 matrix per layer
 *   masks-autoregressive  no path of kept connections from input j to an output of coordinate d ≤ j
 *   masks-connected       every path the property allows exists (input j < d reaches output d)
 *   …                     every check of bijector-checks.ts on the layer, built with reference masks
 *                         (so the layer is judged on its own, even while the masks are wrong)
 *   triangular-jacobian   ∂z_i/∂x_j = 0 for j > i in both directions (autodiff Jacobian)
 *
 * Masks are judged against the property (made-masks-property.ts), not against one answer: any
 * degree assignment that is autoregressive and connected passes.
 */
import type { Bijector } from "../bijectors/bijector";
import { recordedMadeMasks } from "./recorded";
import { TOLERANCES } from "../tolerances";
import { hintTable, message, text } from "../i18n/catalogue";
import { BIJECTOR_CHECKS, BIJECTOR_CHECK_NAMES, type BijectorCheckName } from "./bijector-checks";
import { guarded, measuredResult, type CheckResult } from "./check-result";
import { combineResults } from "./combine";
import { toTensor } from "./inputs";
import { autodiffJacobians } from "./jacobian";
import { NotImplementedError } from "../bijectors/errors";
import { judgeMasks, MASK_CHECK_NAMES, type MaskCheckName, type MasksReturned } from "./made-masks-property";
import { checkEveryCase } from "./every-case";
import type { NamedInput } from "./inputs";

/** One case: the dimension, the MADE's hidden widths (each ≥ D − 1) and a seed. */
export interface MafCase {
  dim: number;
  hidden: number[];
  seed: number;
}

/** The cases students run (notebooks, `flowgrade check`). */
export const PUBLIC_MAF_CASES: readonly MafCase[] = [
  { dim: 3, hidden: [16, 16], seed: 21 },
  { dim: 2, hidden: [8], seed: 22 },
];

/** Parameters per coordinate the masks are checked with: 2 (log-scale and shift, as the layer uses) and 1. */
export const MASK_OUTPUTS_PER_DIM = [2, 1] as const;

export type MafCheckName = "api" | MaskCheckName | BijectorCheckName | "triangular-jacobian";
export const MAF_CHECK_NAMES: MafCheckName[] = ["api", ...MASK_CHECK_NAMES, ...BIJECTOR_CHECK_NAMES, "triangular-jacobian"];

/**
 * What to look at when a layer check fails (the masks' hints are MASK_HINTS). The grader prints
 * these too; "shapes" and "kept-unchanged" are there for it (it reuses the coupling verdicts).
 */
export const MAF_HINTS = hintTable("hint.made-maf.", ["shapes", "kept-unchanged", "inverse-log-det", "round-trip", "log-det-forward", "log-det-inverse", "triangular-jacobian"]);

type MafClass = new (dim: number, options?: { hidden?: number[]; seed?: number; masks?: number[][][] }) => Bijector;
type MasksFn = (dim: number, hidden: number[], outputsPerDim: number) => unknown;

const SUBJECT = "AffineMAF";
const hintFor = (check: string): string | undefined => (check.startsWith("round-trip") ? MAF_HINTS["round-trip"] : (MAF_HINTS as Record<string, string>)[check]);

/** The masks checks on one case, judged from madeMasks' numbers (made-masks-property.ts, as the grader does). */
function maskChecks(masksFn: MasksFn, c: MafCase): CheckResult[] {
  const returned: MasksReturned[] = MASK_OUTPUTS_PER_DIM.map((p) => {
    try {
      return { outputsPerDim: p, masks: masksFn(c.dim, [...c.hidden], p) };
    } catch (err) {
      const e = err as Error;
      const todo = e?.name === "NotImplementedError" ? (e as NotImplementedError).exercise : undefined;
      return { outputsPerDim: p, problem: todo ? e.message : message("subject.threw", { call: "madeMasks", error: `${e?.name ?? "Error"}: ${e?.message ?? String(err)}` }), notImplemented: todo };
    }
  });
  const judged = judgeMasks(c.dim, c.hidden, returned);
  return MASK_CHECK_NAMES.map((check) => ({ check, subject: `madeMasks(${c.dim}, [${c.hidden}])`, ...judged[check] }));
}

/** max |J[i][j]| above the diagonal (j > i), both directions, on the first rows of the seeded inputs. */
async function checkTriangular(b: Bijector, rows: number[][]): Promise<CheckResult> {
  return guarded("triangular-jacobian", b.name, async () => {
    const x = toTensor(rows.slice(0, 8));
    let worst = { value: 0, where: "forward" };
    try {
      for (const direction of ["forward", "inverse"] as const) {
        const jacobians = await autodiffJacobians((v) => b[direction](v).output, x);
        for (const J of jacobians) {
          for (let i = 0; i < J.length; i++) {
            for (let j = i + 1; j < J.length; j++) {
              const v = Math.abs(J[i][j]);
              if (Number.isNaN(v) || v > worst.value) worst = { value: v, where: `${direction}, ∂output${i}/∂input${j}` };
            }
          }
        }
      }
    } finally {
      x.dispose();
    }
    return measuredResult("triangular-jacobian", b.name, message("what.lib.triangular", { where: worst.where }), worst.value, TOLERANCES.autoregressive, MAF_HINTS["triangular-jacobian"]);
  });
}

/**
 * Runs the checks of exercise (g) on the given cases; one result per check name.
 * @param module the student's module (`import * as m from "./exercises/made-maf"`).
 */
export async function checkMadeMafExercise(module: Record<string, unknown>, options: { cases?: readonly MafCase[] } = {}): Promise<CheckResult[]> {
  const { cases = PUBLIC_MAF_CASES } = options;
  if (cases.length === 0) throw new RangeError("checkMadeMafExercise: 'cases' must list at least one case.");
  const missing = ["madeDegrees", "madeMasks", "AffineMAF"].filter((name) => typeof module[name] !== "function");
  const results: CheckResult[] = [];
  const apiProblem = missing.length ? message("problem.missing-exports", { names: missing.join(", "), exports: Object.keys(module).join(", ") || text("subject.no-exports") }) : null;

  // The masks.
  const perMaskCase: CheckResult[][] = apiProblem ? [] : cases.map((c) => maskChecks(module.madeMasks as MasksFn, c));

  // The layer, with the reference masks recorded from the solutions (recorded.ts): the course has no code that computes them.
  const Layer = module.AffineMAF as MafClass;
  const layers: { c: MafCase; b?: Bijector; problem?: CheckResult }[] = [];
  if (!apiProblem) {
    for (const c of cases) {
      const r = await guarded("api", SUBJECT, async () => {
        const b = new Layer(c.dim, { hidden: [...c.hidden], seed: c.seed, masks: recordedMadeMasks(c.dim, c.hidden) });
        const bad = ["forward", "inverse", "trainableVariables", "dispose"].find((m) => typeof (b as unknown as Record<string, unknown>)[m] !== "function");
        if (bad || b.dim !== c.dim) return { check: "api", subject: SUBJECT, passed: false, message: `${SUBJECT}: ${bad ? message("subject.no-method", { method: bad }) : message("problem.dim.maf", { dim: String(c.dim), got: String(b.dim) })}` };
        layers.push({ c, b });
        return { check: "api", subject: SUBJECT, passed: true, message: "" };
      });
      if (!r.passed) layers.push({ c, problem: r });
    }
  }
  const layerProblem = layers.find((l) => l.problem)?.problem;
  results.push(
    apiProblem
      ? { check: "api", subject: SUBJECT, passed: false, message: `made-maf: ${apiProblem}`, hint: text("hint.api.made-maf") }
      : layerProblem ?? { check: "api", subject: SUBJECT, passed: true, message: message("pass.lib.api.made-maf", { subject: SUBJECT }) },
  );
  for (const [k, check] of MASK_CHECK_NAMES.entries()) {
    results.push(apiProblem ? { check, subject: "madeMasks", passed: false, message: message("verdict.not-checked", { subject: "madeMasks", why: apiProblem }) } : combineResults(check, "madeMasks", perMaskCase.map((r) => r[k])));
  }
  const layerChecks = [...BIJECTOR_CHECK_NAMES, "triangular-jacobian"] as const;
  for (const check of layerChecks) {
    if (apiProblem || layerProblem) {
      results.push({ check, subject: SUBJECT, passed: false, message: message("verdict.not-checked", { subject: SUBJECT, why: `${text("why.layer-not-built")} (${apiProblem ?? layerProblem!.message.replace(`${SUBJECT}: `, "")})` }), notImplemented: layerProblem?.notImplemented });
      continue;
    }
    const hint = hintFor(check);
    const run = (b: Bijector, inputs: NamedInput[]) => (check === "triangular-jacobian" ? checkTriangular(b, inputs[0].rows) : BIJECTOR_CHECKS[check](b, inputs));
    results.push(await checkEveryCase(check, SUBJECT, layers, (c) => c.dim, run, (r) => (!r.passed && !r.notImplemented && hint ? { ...r, hint } : r)));
  }
  for (const { b } of layers) b?.dispose();
  return results;
}
