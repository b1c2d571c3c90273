/**
 * A fixture is a known-buggy submission: the reference solutions with ONE planted bug. Its folder,
 * grader/fixtures/<name>/, holds only the file that differs (marked `BUG (fixture <name>)`) and
 * expected.json; `fixtureSubmission` lays it over a copy of solutions/ to make the whole
 * exercises-shaped submission, so the solutions are written once.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./core/paths";

export const FIXTURES_DIR = join(REPO_ROOT, "grader", "fixtures");

/** The fixture names: the folders with an expected.json. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((n) => existsSync(join(FIXTURES_DIR, n, "expected.json")))
    .sort();
}

/** The .ts files a fixture overrides (a hostile fixture's file may be a symbolic link). */
export function fixtureFiles(name: string): string[] {
  return readdirSync(join(FIXTURES_DIR, name)).filter((f) => f.endsWith(".ts"));
}

/** Builds build/fixtures/<name>/ = solutions/*.ts overlaid with the fixture's files; returns its path. */
export function fixtureSubmission(name: string): string {
  const source = join(FIXTURES_DIR, name);
  if (!existsSync(join(source, "expected.json"))) throw new RangeError(`fixtureSubmission: no fixture named "${name}" in ${FIXTURES_DIR}.`);
  const dir = join(REPO_ROOT, "build", "fixtures", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const overridden = new Set(fixtureFiles(name));
  for (const f of readdirSync(join(REPO_ROOT, "solutions"))) {
    if (f.endsWith(".ts") && !f.endsWith(".test.ts") && !overridden.has(f)) copyFileSync(join(REPO_ROOT, "solutions", f), join(dir, f));
  }
  // verbatimSymlinks: a fixture's link stays a link (relative links keep pointing where they did: same depth)
  cpSync(source, dir, { recursive: true, verbatimSymlinks: true, filter: (p) => !p.endsWith("expected.json") });
  return dir;
}
