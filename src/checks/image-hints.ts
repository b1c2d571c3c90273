/**
 * What a student should look at when a check of the image exercises (d) ActNorm and (e)
 * Invertible1x1Conv fails. The notebooks' self-check (image-bijector-exercise.ts) and the grader
 * (grader/blackbox/image-plan.ts) print these same sentences.
 */
import { hintTable } from "../i18n/catalogue";

export type ImageExerciseId = "actnorm" | "invertible-conv";
export type ImageHintKey = "shapes" | "kept-unchanged" | "round-trip" | "log-det-forward" | "log-det-inverse" | "inverse-log-det";

const IMAGE_HINT_KEYS = ["shapes", "kept-unchanged", "round-trip", "log-det-forward", "log-det-inverse", "inverse-log-det"] as const;

/** The hints, from the message catalogue (src/i18n/messages), in the current language when read. */
export const IMAGE_HINTS: Record<ImageExerciseId, Record<ImageHintKey, string>> = {
  actnorm: hintTable("hint.actnorm.", IMAGE_HINT_KEYS),
  "invertible-conv": hintTable("hint.invertible-conv.", IMAGE_HINT_KEYS),
};

/** The hint of exercise `exercise` for check `check` (round-trip-forward and -inverse share one), or undefined. */
export function imageHint(exercise: ImageExerciseId, check: string): string | undefined {
  const key = (check.startsWith("round-trip-") ? "round-trip" : check) as ImageHintKey;
  return IMAGE_HINTS[exercise][key];
}
