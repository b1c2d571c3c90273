/**
 * The checks of the coupling exercises (a) AdditiveCoupling and (b) AffineCoupling, as run by
 * the notebooks' "check your work" cells, `flowgrade check` (public cases) and the grader
 * (public and hidden cases).
 *
 *   api             the module exports the class; `new C(mask, { hidden, seed })` builds a
 *                   Bijector of dimension mask.length with forward, inverse and trainableVariables
 *   kept-unchanged  the kept coordinates (mask 1) pass through both directions unchanged
 *                   (kept-coordinates.ts)
 *   …               then every check of `bijector-checks.ts`, on each case, with random weights
 *
 * A failing check carries the hint written for this exercise (coupling-hints.ts): the additive
 * layer's hints never mention a scale s it does not have.
 *
 * The public cases (2-D, masks [1,0] and [0,1]) live here, because students run them. The
 * grader's hidden cases are not in the library: they live in grader/rubric.json (an instructor
 * may keep a private rubric) and are passed in as `cases`.
 */
import { message, text } from "../i18n/catalogue";
import type { Bijector } from "../bijectors/bijector";
import { BIJECTOR_CHECKS, BIJECTOR_CHECK_NAMES, type BijectorCheckName } from "./bijector-checks";
import { guarded, type CheckResult } from "./check-result";
import { couplingHint, type CouplingExerciseId } from "./coupling-hints";
import { checkKeptUnchanged } from "./kept-coordinates";
import { checkEveryCase } from "./every-case";
import type { NamedInput } from "./inputs";

/** One layer to check: its mask (which fixes the dimension), conditioner widths and seed. */
export interface CouplingCase {
  mask: number[];
  hidden: number[];
  seed: number;
}

/** The cases students run (notebooks, `flowgrade check`). */
export const PUBLIC_COUPLING_CASES: readonly CouplingCase[] = [
  { mask: [1, 0], hidden: [32, 32], seed: 11 },
  { mask: [0, 1], hidden: [32, 32], seed: 12 },
];

export type CouplingCheckName = "api" | "kept-unchanged" | BijectorCheckName;
export const COUPLING_CHECK_NAMES: CouplingCheckName[] = ["api", "shapes", "kept-unchanged", ...BIJECTOR_CHECK_NAMES.filter((c) => c !== "shapes")];
const EXERCISE_OF: Record<"AdditiveCoupling" | "AffineCoupling", CouplingExerciseId> = { AdditiveCoupling: "additive-coupling", AffineCoupling: "affine-coupling" };

type Constructor = new (mask: number[], options?: { hidden?: number[]; seed?: number }) => Bijector;

/** Finds and validates the class; returns it, or a failed "api" result. */
function resolveClass(module: Record<string, unknown>, className: string): { ctor?: Constructor; problem?: string } {
  const ctor = module[className];
  if (typeof ctor !== "function") return { problem: message("subject.no-class", { name: className, exports: Object.keys(module).join(", ") || text("subject.no-exports") }) };
  return { ctor: ctor as Constructor };
}

function apiProblem(b: unknown, mask: number[]): string | null {
  const o = b as Partial<Bijector> | null;
  for (const method of ["forward", "inverse", "trainableVariables", "dispose"] as const) {
    if (typeof o?.[method] !== "function") return message("subject.no-method", { method });
  }
  if (o?.dim !== mask.length) return message("problem.dim", { what: text("what.mask-length"), dim: String(mask.length), got: String(o?.dim) });
  return null;
}

/**
 * Runs the checks of a coupling exercise on the given case set; one result per check name.
 * @param module the student's module (e.g. `import * as m from "./exercises/affine-coupling"`).
 */
export async function checkCouplingExercise(
  module: Record<string, unknown>,
  className: "AdditiveCoupling" | "AffineCoupling",
  options: { cases?: readonly CouplingCase[]; checks?: readonly CouplingCheckName[] } = {},
): Promise<CheckResult[]> {
  const { cases = PUBLIC_COUPLING_CASES, checks = COUPLING_CHECK_NAMES } = options;
  const unknown = checks.filter((c) => !COUPLING_CHECK_NAMES.includes(c));
  if (unknown.length) throw new RangeError(`checkCouplingExercise: unknown check(s) ${unknown.join(", ")}; the checks are ${COUPLING_CHECK_NAMES.join(", ")}.`);
  if (cases.length === 0) throw new RangeError("checkCouplingExercise: 'cases' must list at least one case.");
  const subject = className;
  const { ctor, problem } = resolveClass(module, className);
  const instances: { c: CouplingCase; b?: Bijector; problem?: string }[] = [];
  for (const c of cases) {
    if (!ctor) {
      instances.push({ c, problem });
      continue;
    }
    const api = await guarded("api", subject, async () => {
      const b = new ctor([...c.mask], { hidden: c.hidden, seed: c.seed });
      const p = apiProblem(b, c.mask);
      instances.push({ c, b: p ? undefined : b, problem: p ?? undefined });
      return { check: "api", subject, passed: !p, message: p ?? "" };
    });
    if (!api.passed && !instances.some((i) => i.c === c)) instances.push({ c, problem: api.message.replace(`${subject}: `, "") });
  }
  const results: CheckResult[] = [];
  const broken = instances.find((i) => !i.b);
  for (const check of checks) {
    if (check === "api") {
      results.push(
        broken
          ? { check, subject, passed: false, message: `${subject}: ${broken.problem}`, hint: text("hint.api.coupling") }
          : { check, subject, passed: true, message: message("pass.api.coupling", { subject, from: "(mask, { hidden, seed })" }) },
      );
      continue;
    }
    if (broken) {
      results.push({ check, subject, passed: false, message: message("verdict.not-checked", { subject, why: message("verdict.not-built", { problem: String(broken.problem) }) }) });
      continue;
    }
    const hint = couplingHint(EXERCISE_OF[className], check);
    const run = (b: Bijector, inputs: NamedInput[], c: CouplingCase) => (check === "kept-unchanged" ? checkKeptUnchanged(b, c.mask, inputs, hint!) : BIJECTOR_CHECKS[check](b, inputs));
    results.push(await checkEveryCase(check, subject, instances, (c) => c.mask.length, run, (r) => (r.hint && hint ? { ...r, hint } : r)));
  }
  for (const { b } of instances) b?.dispose();
  return results;
}
