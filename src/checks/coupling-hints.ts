/**
 * What a student should look at when a coupling check fails, per exercise where the two
 * exercises differ: the additive coupling (NICE) has a shift t and no scale, so none of its hints
 * may talk about s or exp(s); the affine coupling (RealNVP) has both. The notebooks' self-check
 * (coupling-exercise.ts) and the grader (grader/blackbox) print these same sentences.
 */

import { hintTable } from "../i18n/catalogue";

/** The coupling exercises, by exercise id. */
export type CouplingExerciseId = "additive-coupling" | "affine-coupling";

/** The checks whose hint depends on the exercise. */
export type CouplingHintKey = "shapes" | "kept-unchanged" | "round-trip" | "log-det-forward" | "log-det-inverse" | "inverse-log-det";

const COUPLING_HINT_KEYS = ["shapes", "kept-unchanged", "round-trip", "log-det-forward", "log-det-inverse", "inverse-log-det"] as const;

/** The hints, from the message catalogue (src/i18n/messages), in the current language when read. */
export const COUPLING_HINTS: Record<CouplingExerciseId, Record<CouplingHintKey, string>> = {
  "additive-coupling": hintTable("hint.additive-coupling.", COUPLING_HINT_KEYS),
  "affine-coupling": hintTable("hint.affine-coupling.", COUPLING_HINT_KEYS),
};

/** The coupling hint for check `check` (round-trip-forward and -inverse share one), or undefined. */
export function couplingHint(exercise: CouplingExerciseId, check: string): string | undefined {
  const key = (check.startsWith("round-trip-") ? "round-trip" : check) as CouplingHintKey;
  return COUPLING_HINTS[exercise][key];
}
