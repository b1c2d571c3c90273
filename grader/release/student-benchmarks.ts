/**
 * The scripts the notebooks quote (`npm run bench:images`, `train:digits` and `train:classifier`
 * in 05, `npm run bench:flows-table` in 06), in the student release: the scripts and what they import from scripts/bench/, with every
 * import of the reference solutions turned into an import of the student's exercises/ (the
 * release has no solutions/), so a student measures with their own layers.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The npm scripts the student package.json gets. */
export const STUDENT_BENCH_SCRIPTS: Record<string, string> = {
  "bench:images": "tsx scripts/bench/images.ts",
  "bench:flows-table": "tsx scripts/bench/flows-table.ts",
  "train:digits": "tsx scripts/train/digits.ts",
  "train:classifier": "tsx scripts/train/digit-classifier.ts",
};

const FILES = ["scripts/bench/images.ts", "scripts/bench/flows-table.ts", "scripts/bench/reference-config.ts", "scripts/train/digits.ts", "scripts/train/digit-classifier.ts"];

/** `from "../../solutions/x"` → `from "../../exercises/x"`, and "reference solutions" in prose → "your exercises". */
export function withExerciseImports(source: string): string {
  return source.replace(/(from\s+["'](?:\.\.\/)+)solutions\b/g, "$1exercises").replace(/the reference solutions'/g, "your exercises'");
}

/** Copies the benchmark scripts into `to`, solutions imports rewritten; returns their relative paths. */
export function copyBenchmarks(repo: string, to: string): string[] {
  for (const rel of FILES) {
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    writeFileSync(join(to, rel), withExerciseImports(readFileSync(join(repo, rel), "utf8")));
  }
  return [...FILES];
}
