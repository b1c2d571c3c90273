/**
 * The checks of the image-bijector exercises (d) ActNorm and (e) Invertible1x1Conv, as run by the
 * notebooks' "check your work" cells, `flowgrade check` (public cases) and the grader (public and
 * hidden cases, re-derived from numbers in grader/blackbox).
 *
 * An image bijector is a Bijector on rows [batch, H·W·C], so it gets every check of
 * `bijector-checks.ts` unchanged, with random weights:
 *   api      the module exports the class; `new C(shape, { seed })` builds a Bijector of dimension
 *            H·W·C with forward, inverse and trainableVariables
 *   …        shapes, round trips, log-dets against the autodiff Jacobian (for the 1×1 conv this is
 *            log|det W| · H · W; for ActNorm H · W · Σ s), inverse log-det, determinism, gradients,
 *            no leak
 * then log-det-gradient (log-det-gradient.ts: the log-det's gradient with respect to the layer's
 * parameters agrees with finite differences, so a detached log-det such as tf.fill of a value read
 * back fails), and ActNorm's initialisation (actnorm-init.ts): init-normalizes, init-once.
 *
 * Cases are SMALL images (D ≤ 32) because the grader's black-box log-det needs about 4·D forward
 * evaluations per point: 4×4×2 (spatial structure, 2 channels) and 2×2×4 (more channels, so the
 * 1×1 conv's LU has nontrivial L and U). Hidden cases live in grader/rubric.json.
 */
import { message, text } from "../i18n/catalogue";
import type { Bijector } from "../bijectors/bijector";
import { describeShape, imageDim, type ImageShape } from "../bijectors/image/image-shape";
import { ACTNORM_INIT_HINTS, checkActNormInit } from "./actnorm-init";
import { BIJECTOR_CHECKS, BIJECTOR_CHECK_NAMES } from "./bijector-checks";
import type { CheckResult } from "./check-result";
import { combineResults } from "./combine";
import { imageHint } from "./image-hints";
import { checkEveryCase } from "./every-case";
import { checkLogDetGradient } from "./log-det-gradient";

/** One layer to check: the image shape and the seed of its inputs, weights and construction. */
export interface ImageBijectorCase {
  shape: ImageShape;
  seed: number;
}

/** The cases students run (notebooks, `flowgrade check`). */
export const PUBLIC_IMAGE_CASES: readonly ImageBijectorCase[] = [
  { shape: { height: 4, width: 4, channels: 2 }, seed: 41 },
  { shape: { height: 2, width: 2, channels: 4 }, seed: 42 },
];

export type ImageExerciseClass = "ActNorm" | "Invertible1x1Conv";
export const ACTNORM_CHECK_NAMES = ["api", ...BIJECTOR_CHECK_NAMES, "log-det-gradient", "init-normalizes", "init-once"] as const;
export const INVERTIBLE_CONV_CHECK_NAMES = ["api", ...BIJECTOR_CHECK_NAMES, "log-det-gradient"] as const;

/** The check names of an image exercise, in report order. */
export function imageCheckNames(className: ImageExerciseClass): readonly string[] {
  return className === "ActNorm" ? ACTNORM_CHECK_NAMES : INVERTIBLE_CONV_CHECK_NAMES;
}

type Constructor = new (shape: ImageShape, options?: { seed?: number }) => Bijector;

function apiProblem(b: unknown, shape: ImageShape): string | null {
  const o = b as Partial<Bijector> | null;
  for (const method of ["forward", "inverse", "trainableVariables", "dispose"] as const) {
    if (typeof o?.[method] !== "function") return message("subject.no-method", { method });
  }
  if (o?.dim !== imageDim(shape)) return message("problem.dim.image", { dim: String(imageDim(shape)), shape: describeShape(shape), got: String(o?.dim) });
  return null;
}

/**
 * Runs the checks of an image-bijector exercise on the given cases; one result per check name.
 * @param module the student's module (e.g. `import * as m from "./exercises/actnorm"`).
 */
export async function checkImageBijectorExercise(
  module: Record<string, unknown>,
  className: ImageExerciseClass,
  options: { cases?: readonly ImageBijectorCase[] } = {},
): Promise<CheckResult[]> {
  const { cases = PUBLIC_IMAGE_CASES } = options;
  if (cases.length === 0) throw new RangeError("checkImageBijectorExercise: 'cases' must list at least one case.");
  const subject = className;
  const names = imageCheckNames(className);
  const ctor = module[className];
  const build = (c: ImageBijectorCase): { b?: Bijector; problem?: string; notImplemented?: string } => {
    if (typeof ctor !== "function") return { problem: message("subject.no-class", { name: className, exports: Object.keys(module).join(", ") || text("subject.no-exports") }) };
    try {
      const b = new (ctor as Constructor)({ ...c.shape }, { seed: c.seed });
      const p = apiProblem(b, c.shape);
      return p ? { problem: p } : { b };
    } catch (err) {
      const e = err as Error;
      return { problem: message("subject.constructor-threw", { name: className, error: `${e?.name ?? "Error"}: ${e?.message ?? String(err)}` }), notImplemented: e?.name === "NotImplementedError" ? (err as { exercise?: string }).exercise : undefined };
    }
  };
  const probes = cases.map((c) => ({ c, ...build(c) }));
  const broken = probes.find((p) => !p.b);
  if (broken) {
    for (const p of probes) p.b?.dispose();
    return names.map((check) =>
      check === "api"
        ? { check, subject, passed: false, message: `${subject}: ${broken.problem}`, notImplemented: broken.notImplemented, hint: text("hint.api.image") }
        : { check, subject, passed: false, message: message("verdict.not-checked", { subject, why: message("verdict.not-built", { problem: String(broken.problem) }) }), notImplemented: broken.notImplemented },
    );
  }
  const results: CheckResult[] = [{ check: "api", subject, passed: true, message: message("pass.api.coupling", { subject, from: "(shape, { seed })" }) }];
  for (const check of BIJECTOR_CHECK_NAMES) {
    const withHint = (r: CheckResult) => {
      const hint = r.hint ? imageHint(className === "ActNorm" ? "actnorm" : "invertible-conv", check) : undefined;
      return hint ? { ...r, hint } : r;
    };
    results.push(await checkEveryCase(check, subject, probes, (c) => imageDim(c.shape), (b, inputs) => BIJECTOR_CHECKS[check](b, inputs), withHint));
  }
  results.push(await checkEveryCase("log-det-gradient", subject, probes, (c) => imageDim(c.shape), (b, inputs, c) => checkLogDetGradient(b, inputs, c.seed)));
  for (const p of probes) p.b?.dispose();
  if (className === "ActNorm") {
    const fresh = (c: ImageBijectorCase) => () => {
      const r = build(c);
      if (!r.b) throw new Error(r.problem);
      return r.b;
    };
    const perCase: CheckResult[][] = [];
    for (const c of cases) perCase.push(await checkActNormInit(fresh(c), c.shape, c.seed + 500));
    for (const check of Object.keys(ACTNORM_INIT_HINTS)) results.push(combineResults(check, subject, perCase.map((r) => r.find((x) => x.check === check)!)));
  }
  return results;
}
