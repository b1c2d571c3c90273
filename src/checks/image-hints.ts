/**
 * What a student should look at when a check of the image exercises (d) ActNorm and (e)
 * Invertible1x1Conv fails. The notebooks' self-check (image-bijector-exercise.ts) and the grader
 * (grader/blackbox/image-plan.ts) print these same sentences.
 */
export type ImageExerciseId = "actnorm" | "invertible-conv";
export type ImageHintKey = "shapes" | "kept-unchanged" | "round-trip" | "log-det-forward" | "log-det-inverse" | "inverse-log-det";

export const IMAGE_HINTS: Record<ImageExerciseId, Record<ImageHintKey, string>> = {
  actnorm: {
    shapes: "Reshape to [-1, C] to apply the per-channel scale and bias, then back to x.shape; logDet is one value per row: tf.mul(tf.ones([batch]), perRow).",
    "kept-unchanged": "ActNorm has no kept coordinates.",
    "round-trip": "The inverse undoes the forward: subtract the bias first, then multiply by exp(−s), per channel.",
    "log-det-forward": "Every one of the H·W pixels of channel c is scaled by exp(s_c): log|det ∂z/∂x| = H · W · Σ_c s_c, the same for every row. Do not forget the H · W.",
    "log-det-inverse": "The inverse scales by exp(−s): its log-det is −H · W · Σ_c s_c.",
    "inverse-log-det": "The forward and inverse log-dets must be negatives of each other: H · W · Σ s and −H · W · Σ s.",
  },
  "invertible-conv": {
    shapes: "Reshape to [-1, C] (one row per pixel), multiply by Wᵀ (tf.matMul(pixels, W, false, true)), reshape back to x.shape; logDet is one value per row.",
    "kept-unchanged": "The 1×1 convolution has no kept coordinates.",
    "round-trip": "The inverse multiplies every pixel by W⁻¹ = (U + diag(s))⁻¹ · L⁻¹ · Pᵀ, in that order; use unitTriangularInverse for both triangular inverses, passing it the strictly triangular part (the masked lower entries, and diag(1/s)·U), not L or U + diag(s) themselves, and mask L and U (lowerMask, upperMask) exactly as in weight().",
    "log-det-forward": "log|det W| = Σ_c log|s_c| = Σ logAbsDiag (det P = ±1, det L = 1), and the same W acts on all H · W pixels: log|det ∂z/∂x| = H · W · Σ logAbsDiag.",
    "log-det-inverse": "The inverse applies W⁻¹ to every pixel: its log-det is −H · W · Σ logAbsDiag.",
    "inverse-log-det": "The forward and inverse log-dets must be negatives of each other.",
  },
};

/** The hint of exercise `exercise` for check `check` (round-trip-forward and -inverse share one), or undefined. */
export function imageHint(exercise: ImageExerciseId, check: string): string | undefined {
  const key = (check.startsWith("round-trip-") ? "round-trip" : check) as ImageHintKey;
  return IMAGE_HINTS[exercise][key];
}
