/**
 * What a student should look at when a check fails. The per-exercise coupling hints live in the
 * library (src/checks/coupling-hints.ts), so the notebooks' self-check and the grader print the
 * same sentences; the hints below are the grader's own (its checks measure more than the library's).
 */
import { hintTable } from "../../src/i18n/catalogue";

export { COUPLING_HINTS } from "../../src/checks/coupling-hints";

/** From the message catalogue (src/i18n/messages), in the current language when read. */
export const COMMON_HINTS = hintTable("hint.common.", ["deterministic", "gradients", "leak", "row-independent", "trivial"]);
