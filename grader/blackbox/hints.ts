/**
 * What a student should look at when a check fails, per exercise where the exercises differ
 * (the additive coupling has no scale s, so its log-det hint must not talk about one).
 */
import type { CouplingExercise } from "./coupling-plan";

export const COUPLING_HINTS: Record<CouplingExercise, Record<string, string>> = {
  "additive-coupling": {
    shapes: "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: tf.zeros([x.shape[0]]) for the additive layer.",
    "round-trip": "The inverse must undo the forward exactly: compute the shift t from the kept part b ⊙ z (which the forward leaves unchanged) and subtract it from the transformed coordinates only.",
    "log-det-forward": "The additive coupling preserves volume: its Jacobian is triangular with ones on the diagonal, so log|det ∂z/∂x| = 0 for every row. A non-zero Jacobian determinant means the shift also depends on the transformed coordinates: feed the network b ⊙ x only.",
    "log-det-inverse": "The inverse of a volume-preserving map preserves volume too: its log-det is 0 for every row, provided the shift is computed from b ⊙ z only.",
    "inverse-log-det": "The log-dets of a map and of its inverse at the matching point must add up to 0; for the additive coupling both are 0.",
  },
  "affine-coupling": {
    shapes: "forward and inverse must return { output, logDet } with output [batch, D] and logDet [batch]: sum the log-scale over the feature axis (axis 1).",
    "round-trip": "The inverse must undo the forward exactly: recompute s and t from the kept part b ⊙ z (which the forward leaves unchanged), subtract t, then divide by exp(s), on the transformed coordinates only.",
    "log-det-forward": "log|det ∂z/∂x| is the sum, over the transformed coordinates only, of the log-scale: Σ_j (1 − b_j) s_j(b ⊙ x). Not exp(s), and not over the kept coordinates.",
    "log-det-inverse": "The inverse divides by exp(s), so its log-det is minus the forward one: −Σ_j (1 − b_j) s_j, with s computed from the kept part of z.",
    "inverse-log-det": "The Jacobian of f⁻¹ at z = f(x) is the inverse matrix of f's Jacobian at x, so the two log-dets must be negatives of each other.",
  },
};

export const COMMON_HINTS = {
  deterministic: "A bijector must be a fixed function of its input and weights: no random numbers, no state kept between calls, the same answer in a fresh process.",
  gradients: "Compute the whole forward pass with tf operations on tensors (no data(), dataSync() or arraySync() in the middle), and use the conditioner's output, so that every weight gets its gradient.",
  leak: "Wrap the bodies of your functions in tf.tidy(() => ...), which frees every intermediate tensor, and return the tensors you keep.",
  trivial: "With random weights a coupling layer must move its transformed coordinates: use the conditioner's output (shift, and log-scale for the affine layer).",
} as const;
