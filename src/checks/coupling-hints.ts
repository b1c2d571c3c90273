/**
 * What a student should look at when a coupling check fails, per exercise where the two
 * exercises differ: the additive coupling (NICE) has a shift t and no scale, so none of its hints
 * may talk about s or exp(s); the affine coupling (RealNVP) has both. The notebooks' self-check
 * (coupling-exercise.ts) and the grader (grader/blackbox) print these same sentences.
 */

/** The coupling exercises, by exercise id. */
export type CouplingExerciseId = "additive-coupling" | "affine-coupling";

/** The checks whose hint depends on the exercise. */
export type CouplingHintKey = "shapes" | "kept-unchanged" | "round-trip" | "log-det-forward" | "log-det-inverse" | "inverse-log-det";

export const COUPLING_HINTS: Record<CouplingExerciseId, Record<CouplingHintKey, string>> = {
  "additive-coupling": {
    shapes: "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: tf.zeros([x.shape[0]]) for the additive layer.",
    "kept-unchanged": "Only the transformed coordinates (mask b = 0) may move: multiply the shift by this.inverseMask (1 − b) before adding it, z = x + (1 − b) ⊙ t(b ⊙ x).",
    "round-trip": "The inverse must undo the forward exactly: compute the shift t from the kept part b ⊙ z (which the forward leaves unchanged) and subtract it from the transformed coordinates only.",
    "log-det-forward": "The additive coupling preserves volume: its Jacobian is triangular with ones on the diagonal, so log|det ∂z/∂x| = 0 for every row. A non-zero Jacobian determinant means the shift also depends on the transformed coordinates: feed the network b ⊙ x only.",
    "log-det-inverse": "The inverse of a volume-preserving map preserves volume too: its log-det is 0 for every row, provided the shift is computed from b ⊙ z only.",
    "inverse-log-det": "The log-dets of a map and of its inverse at the matching point must add up to 0; for the additive coupling both are 0.",
  },
  "affine-coupling": {
    shapes: "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: sum the log-scale over the feature axis (axis 1).",
    "kept-unchanged": "Only the transformed coordinates (mask b = 0) may move: mask s and t with this.inverseMask (1 − b) before using them, so that the kept coordinates pass through as b ⊙ x.",
    "round-trip": "The inverse must undo the forward exactly: recompute s and t from the kept part b ⊙ z (which the forward leaves unchanged), subtract t, then divide by exp(s), on the transformed coordinates only.",
    "log-det-forward": "log|det ∂z/∂x| is the sum, over the transformed coordinates only, of the log-scale: Σ_j (1 − b_j) s_j(b ⊙ x). Not exp(s), and not over the kept coordinates.",
    "log-det-inverse": "The inverse divides by exp(s), so its log-det is minus the forward one: −Σ_j (1 − b_j) s_j, with s computed from the kept part of z.",
    "inverse-log-det": "The Jacobian of f⁻¹ at z = f(x) is the inverse matrix of f's Jacobian at x, so the two log-dets must be negatives of each other.",
  },
};

/** The coupling hint for check `check` (round-trip-forward and -inverse share one), or undefined. */
export function couplingHint(exercise: CouplingExerciseId, check: string): string | undefined {
  const key = (check.startsWith("round-trip-") ? "round-trip" : check) as CouplingHintKey;
  return COUPLING_HINTS[exercise][key];
}
