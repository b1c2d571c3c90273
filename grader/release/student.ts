/**
 * DIR/student/: the repository students clone. Notebooks, generated exercises, the library, the
 * grader with the public rubric only, a student README, package.json whose setup / start / test /
 * check work there, its own light self-test, and a CI workflow running the public checks on every
 * push. No solutions/, fixtures, hidden cases or seeds, calibration, instructor tests or git
 * history: everything comes in by an explicit copy rule, and `scanForLeaks` (tested) proves it.
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadRubric } from "../core/rubric";
import { copyTree } from "./copy-tree";
import { copyBenchmarks, STUDENT_BENCH_SCRIPTS } from "./student-benchmarks";
import { renderStudentReadme } from "./student-readme";
import { TEMPLATES } from "./templates-dir";
import { writePackageFiles, writeTsconfig } from "./package-files";
import { publicRubric } from "./public-rubric";
import { writeReferenceStandIn } from "./reference-stand-in";
import { copyCourseCode, writeExercises } from "./shared-parts";
import { TRANSLATED } from "../../src/i18n/languages.mjs";

export { TEMPLATES };

export const STUDENT_SCRIPTS: Record<string, string> = {
  setup: "node scripts/setup.mjs",
  start: "node scripts/ensure-setup.mjs && node scripts/start.mjs",
  check: "node grader/bin/flowgrade.cjs check exercises",
  test: "npm run typecheck && vitest run",
  typecheck: "tsc --noEmit -p tsconfig.json && tsc -p tsconfig.tslab.json",
  ...STUDENT_BENCH_SCRIPTS,
};

const SCRIPTS = ["scripts/setup.mjs", "scripts/ensure-setup.mjs", "scripts/jupyter-env.mjs", "scripts/jupyter-env.d.mts", "scripts/start.mjs"]; // start.mjs imports src/i18n/languages.mjs (shipped with src/)

const VITEST_CONFIG = `import { defineConfig } from "vitest/config";

/** The course's self-test: test/*.test.ts only (light; \`npm run check\` grades the exercises). */
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, pool: "forks" },
});
`;

/** The student release at `to`; `lang`: the language of the exercise files' doc comments (the notebooks come in every language). */
export function writeStudentRelease(repo: string, to: string, lang = "en"): string[] {
  mkdirSync(to, { recursive: true });
  const files = copyCourseCode(repo, to);
  files.push(...writeExercises(repo, to, lang));
  files.push(...writeReferenceStandIn(to));
  for (const s of SCRIPTS) files.push(...copyTree(repo, to, s, () => false));
  files.push(...copyBenchmarks(repo, to));
  // the notebooks in every language (notebooks/fr/, notebooks/es/ with their links; not the
  // translators' sources in notebooks/i18n/), and the pretrained models notebook 05 loads
  const kept = (rel: string) => /\.ipynb$/.test(rel) || ["notebooks/pretrained", ...TRANSLATED.map((l) => `notebooks/${l}`)].some((d) => rel === d || rel.startsWith(`${d}/`));
  files.push(...copyTree(repo, to, "notebooks", (rel) => rel !== "notebooks" && !kept(rel)));
  symlinkSync("../src", join(to, "notebooks", "src"));
  symlinkSync("../exercises", join(to, "notebooks", "exercises"));
  writeFileSync(join(to, "grader", "rubric.json"), `${JSON.stringify(publicRubric(loadRubric(join(repo, "grader", "rubric.json"))), null, 2)}\n`);
  writePackageFiles(repo, to, "flowlab-course", "FlowLab, a course on normalizing flows in TypeScript: your copy (notebooks, exercises, library, public checks).", STUDENT_SCRIPTS);
  writeTsconfig(repo, to, "tsconfig.json", ["src", "exercises", "grader", "scripts", "test", "vitest.config.mts"]);
  writeTsconfig(repo, to, "tsconfig.tslab.json", ["src", "exercises"]);
  writeFileSync(join(to, "vitest.config.mts"), VITEST_CONFIG);
  mkdirSync(join(to, "test"), { recursive: true });
  copyFileSync(join(TEMPLATES, "course.test.ts.template"), join(to, "test", "course.test.ts"));
  writeFileSync(join(to, "README.md"), renderStudentReadme());
  mkdirSync(join(to, ".github", "workflows"), { recursive: true });
  copyFileSync(join(TEMPLATES, "check.yml"), join(to, ".github", "workflows", "check.yml"));
  return [...files, "grader/rubric.json", "package.json", "package-lock.json", "README.md", ".github/workflows/check.yml", "test/course.test.ts"];
}

/** The student README (for tests and docs), as the release writes it. */
export function studentReadme(): string {
  return renderStudentReadme();
}
