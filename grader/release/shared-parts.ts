/**
 * What both releases copy from the course: the library without its tests, the grader without the
 * instructor's parts (fixtures, tests, calibration, the release builder, the grading rubric and
 * the instructor README), the generated exercises, and the package and tsconfig files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plannedExercises } from "../../scripts/assign";
import { copyTree, excludeBy } from "./copy-tree";

/** Never in any release. */
export const INSTRUCTOR_ONLY = excludeBy(
  ["grader/fixtures", "grader/test", "grader/release", "grader/reference", "grader/calibrate.ts", "grader/fixture-submission.ts", "grader/README.md", "grader/rubric.json"],
  [/\.test\.ts$/, /(^|\/)\.DS_Store$/],
);

/**
 * Copies src/ and grader/ (minus INSTRUCTOR_ONLY) and .gitignore; returns the copied paths. The
 * language choice (src/i18n/languages.mjs, also imported by scripts/start.mjs) comes with src/: it
 * lives there so that a notebook's kernel reaches it through the notebooks' `src` link.
 */
export function copyCourseCode(repo: string, to: string): string[] {
  const copied = ["src", "grader"].flatMap((part) => copyTree(repo, to, part, INSTRUCTOR_ONLY));
  return [...copied, ...copyTree(repo, to, ".gitignore", () => false)];
}

/** Writes exercises/ as `npm run assign` generates it from solutions/ (never the instructor's working copy). */
export function writeExercises(repo: string, to: string, lang = "en"): string[] {
  mkdirSync(join(to, "exercises"), { recursive: true });
  const planned = plannedExercises(repo, lang);
  for (const [path, text] of planned) writeFileSync(join(to, path), text);
  return [...planned.keys()];
}
