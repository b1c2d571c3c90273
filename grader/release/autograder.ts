/**
 * DIR/autograder/: what grading needs and nothing else: the library, the grader with the full
 * (hidden) rubric, the generated exercises (the grader's scaffold imports), the package files, the
 * Gradescope scripts (setup.sh, run_autograder at the root, as Gradescope wants them) and the
 * instructors' CI workflow that grades a class on a matrix of shards.
 * DIR/gradescope/autograder.zip is this folder, zipped.
 */
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { copyTree } from "./copy-tree";
import { writePackageFiles, writeTsconfig } from "./package-files";
import { loadRubric } from "../core/rubric";
import { writeReferenceStandIn } from "./reference-stand-in";
import { copyCourseCode, writeExercises } from "./shared-parts";
import { TEMPLATES } from "./student";

export const AUTOGRADER_SCRIPTS: Record<string, string> = {
  grade: "node grader/bin/flowgrade.cjs grade",
  "grade-class": "node grader/bin/flowgrade.cjs grade-class",
  merge: "node grader/bin/flowgrade.cjs merge",
};

export function writeAutograderRelease(repo: string, to: string, rubricPath = join(repo, "grader", "rubric.json")): string[] {
  mkdirSync(to, { recursive: true });
  const files = copyCourseCode(repo, to);
  files.push(...writeExercises(repo, to));
  copyFileSync(rubricPath, join(to, "grader", "rubric.json"));
  files.push(...writeReferenceStandIn(to, loadRubric(rubricPath).hiddenCases.maf));
  files.push(...copyTree(repo, to, "tsconfig.tslab.json", () => false));
  writePackageFiles(repo, to, "flowlab-autograder", "FlowLab's autograder: grades submissions with the full rubric (Gradescope, CI).", AUTOGRADER_SCRIPTS);
  writeTsconfig(repo, to, "tsconfig.json", ["src", "exercises", "grader"]);
  for (const f of ["setup.sh", "run_autograder"]) {
    copyFileSync(join(TEMPLATES, f), join(to, f));
    chmodSync(join(to, f), 0o755);
  }
  mkdirSync(join(to, ".github", "workflows"), { recursive: true });
  copyFileSync(join(TEMPLATES, "grade-class.yml"), join(to, ".github", "workflows", "grade-class.yml"));
  return [...files, "grader/rubric.json", "package.json", "package-lock.json", "setup.sh", "run_autograder", ".github/workflows/grade-class.yml"];
}
