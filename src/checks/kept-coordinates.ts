/**
 * The "kept-unchanged" check of a coupling layer with mask b (1 = kept, 0 = transformed):
 *
 *   max over rows i and kept coordinates j (b_j = 1) of |f(x)_ij − x_ij| and |f⁻¹(z)_ij − z_ij|
 *                                                                      ≤ TOLERANCES.roundTrip
 *
 * A coupling layer must pass its kept coordinates through unchanged in both directions: that is
 * what lets the inverse recompute the conditioner's output, and what makes the Jacobian
 * triangular. A forgotten (1 − b) on the shift or scale moves them, and the round-trip and log-det
 * checks then fail for a reason they cannot name; this check names it. The reference solutions
 * compute b ⊙ x + (1 − b) ⊙ (…), which leaves a kept coordinate exactly equal in float32; the
 * round-trip tolerance is the bound because a kept coordinate that moved by less than it could not
 * be told apart from round-off in the round trips either.
 */
import { message } from "../i18n/catalogue";
import type { Bijector, BijectorResult } from "../bijectors/bijector";
import { TOLERANCES } from "../tolerances";
import { guarded, measuredResult, type CheckResult } from "./check-result";
import { toTensor, type NamedInput } from "./inputs";

/** max |out_ij − in_ij| over the rows and the kept columns (mask 1), against the float32 input; NaN for a non-finite entry or a size mismatch. */
function keptChange(input: readonly number[][], output: ArrayLike<number>, mask: readonly number[]): number {
  const dim = mask.length;
  if (output.length !== input.length * dim) return NaN;
  let worst = 0;
  input.forEach((row, i) =>
    row.forEach((v, j) => {
      if (mask[j] !== 1) return;
      const d = Math.abs(output[i * dim + j] - Math.fround(v)); // the layer saw v rounded to float32
      worst = Number.isNaN(d) || Number.isNaN(worst) ? NaN : Math.max(worst, d);
    }),
  );
  return worst;
}

export async function checkKeptUnchanged(b: Bijector, mask: readonly number[], inputs: NamedInput[], hint: string): Promise<CheckResult> {
  return guarded("kept-unchanged", b.name, async () => {
    let worst = { value: 0, where: message("where.inputs", { direction: "forward", label: inputs[0].label }) };
    for (const input of inputs) {
      for (const direction of ["forward", "inverse"] as const) {
        const x = toTensor(input.rows);
        let r: BijectorResult;
        try {
          r = direction === "forward" ? b.forward(x) : b.inverse(x);
        } finally {
          x.dispose();
        }
        try {
          const value = keptChange(input.rows, await r.output.data(), mask);
          if (Number.isNaN(value) || value > worst.value) worst = { value, where: message("where.inputs", { direction, label: input.label }) };
        } finally {
          r.output.dispose();
          r.logDet.dispose();
        }
        if (Number.isNaN(worst.value)) break;
      }
    }
    return measuredResult("kept-unchanged", b.name, message("what.kept-unchanged", { where: worst.where }), worst.value, TOLERANCES.roundTrip, hint);
  });
}
