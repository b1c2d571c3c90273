/**
 * log-det-gradient: the log-det must carry its gradient to the layer's parameters.
 *
 * Training maximises log p(x) = log N(f(x)) + log|det ∂f/∂x|, and the second term is the only
 * thing that stops a flow from shrinking everything to 0: its gradient with respect to θ is what
 * makes ActNorm's s (or the 1×1 conv's log|s|) grow to spread the data. A log-det with the right
 * VALUE but no gradient (read back with data()/dataSync()/arraySync() and re-wrapped in tf.fill,
 * tf.scalar or tf.tensor) passes every value check, yet the loss sees it as a constant and training
 * stalls (issue 18 measured 6.91 bits/dim against the reference's 3.17 on digits).
 *
 * The check, for L(θ) = (1/B) Σ_rows logDet_forward(x) on the case's first 16 seeded rows, and two
 * unit directions d per variable θ_k (all entries equal, which moves Σ θ_k as ActNorm's and the 1×1
 * conv's log-dets depend on, and a seeded random one):
 *
 *   autodiff    ∇_{θ_k} L · d_k       (tf.variableGrads; no gradient at all counts as 0)
 *   finite      (L(θ_k + h d_k) − L(θ_k − h d_k)) / (2h),   h = LOG_DET_WEIGHT_STEP, sums in float64
 *   passes when |autodiff − finite| ≤ TOLERANCES.finiteDifferenceGradient · max(|autodiff|, |finite|) + GRADIENT_ABSOLUTE_FLOOR
 *
 * A parameter the log-det does not depend on (ActNorm's bias) gives 0 both ways and passes. The
 * grader checks the same from black-box numbers (grader/blackbox/log-det-gradient.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijectors/bijector";
import { Rng } from "../random/prng";
import { GRADIENT_ABSOLUTE_FLOOR, TOLERANCES } from "../tolerances";
import { message, text } from "../i18n/catalogue";
import { guarded, type CheckResult } from "./check-result";
import { toTensor, type NamedInput } from "./inputs";

/** h of the central difference along a unit direction: the layers' log-dets are linear or smooth in θ, float32 noise is ~1e-6/h. */
export const LOG_DET_WEIGHT_STEP = 1e-2;
/** Rows of the seeded input the log-det is averaged over. */
export const LOG_DET_GRADIENT_ROWS = 16;

/** What to look at when the log-det's gradient is wrong (the message catalogue's "hint.log-det-gradient", in the current language). */
export function logDetGradientHint(): string {
  return text("hint.log-det-gradient");
}

/** Whether two directional derivatives (autodiff and a finite difference, or two finite differences) agree, by the rule above. */
export function gradientsAgree(autodiff: number, finite: number, tolerance: number = TOLERANCES.finiteDifferenceGradient): boolean {
  return Math.abs(autodiff - finite) <= tolerance * Math.max(Math.abs(autodiff), Math.abs(finite)) + GRADIENT_ABSOLUTE_FLOOR;
}

/** Two unit directions per variable of `size` entries: all entries equal, then seeded N(0, I) normalised. */
export function logDetGradientDirections(sizes: readonly number[], seed: number): number[][][] {
  const rng = new Rng(seed);
  return sizes.map((n) => {
    const v = Array.from({ length: n }, () => rng.normal());
    const norm = Math.hypot(...v) || 1;
    return [new Array(n).fill(1 / Math.sqrt(n)), v.map((x) => x / norm)];
  });
}

export async function checkLogDetGradient(b: Bijector, inputs: NamedInput[], seed = 0): Promise<CheckResult> {
  const check = "log-det-gradient";
  return guarded(check, b.name, async () => {
    const variables = b.trainableVariables();
    if (variables.length === 0) return { check, subject: b.name, passed: true, message: message("pass.lib.no-parameters", { subject: b.name }) };
    const rows = inputs.find((i) => i.label === "seeded")!.rows.slice(0, LOG_DET_GRADIENT_ROWS);
    const x = toTensor(rows);
    const meanLogDet = async (): Promise<number> => {
      const r = b.forward(x);
      const values = await r.logDet.data();
      tf.dispose([r.output, r.logDet]);
      let total = 0;
      for (const v of values) total += v;
      return total / values.length;
    };
    const saved = variables.map((v) => tf.clone(v));
    try {
      let grads: Record<string, tf.Tensor> = {};
      try {
        // in a tidy: when forward throws (an unwritten exercise), what it allocated is freed too
        const res = tf.tidy(() => tf.variableGrads(() => tf.mean(b.forward(x).logDet) as tf.Scalar, variables));
        res.value.dispose();
        grads = res.grads;
      } catch {
        grads = {}; // the log-det reaches no variable at all
      }
      const directions = logDetGradientDirections(variables.map((v) => v.size), seed + 700);
      const problems: string[] = [];
      for (const [k, v] of variables.entries()) {
        const g = grads[v.name] ? Array.from(await grads[v.name].data()) : null;
        for (const direction of directions[k]) {
          const along = g ? g.reduce((s: number, gi: number, j: number) => s + gi * direction[j], 0) : 0;
          const d = tf.tensor(direction, v.shape, "float32");
          const move = async (t: number) => {
            tf.tidy(() => v.assign(tf.add(saved[k], tf.mul(d, t))));
            return meanLogDet();
          };
          let finite: number;
          try {
            finite = ((await move(LOG_DET_WEIGHT_STEP)) - (await move(-LOG_DET_WEIGHT_STEP))) / (2 * LOG_DET_WEIGHT_STEP);
          } finally {
            v.assign(saved[k]);
            d.dispose();
          }
          if (!Number.isFinite(finite) || !Number.isFinite(along)) {
            problems.push(message("problem.log-det-gradient.missing", { name: `trainableVariables()[${k}] (${v.name})` }));
            break;
          }
          if (!gradientsAgree(along, finite)) {
            problems.push(message("problem.lib.log-det-gradient", { name: `trainableVariables()[${k}] (${v.name})`, finite, along, unreached: g ? "" : text("problem.log-det-gradient.unreached") }));
            break;
          }
        }
      }
      tf.dispose(Object.values(grads));
      return problems.length
        ? { check, subject: b.name, passed: false, message: message("fail.log-det-gradient", { subject: b.name, problems: problems.join("; ") }), hint: logDetGradientHint() }
        : { check, subject: b.name, passed: true, message: message("pass.lib.log-det-gradient", { subject: b.name, count: String(variables.length) }) };
    } finally {
      variables.forEach((v, k) => v.assign(saved[k]));
      tf.dispose([x, ...saved]);
    }
  });
}
