/**
 * Staging: a submission is copied to build/grading/<id>/exercises/, next to a symlink
 * build/grading/<id>/src -> <repo>/src, so that the files' own `../src/...` imports resolve to the
 * course library and Node finds node_modules upward from there. The student's folder itself is
 * never written to or executed in place.
 *
 * Only regular files and folders are copied (no symlinks, no node_modules or .git), a few levels
 * deep. A submission may be the exercises-shaped folder itself or a folder that contains
 * `exercises/` (a whole repository, as Gradescope may upload it).
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXERCISES } from "../../src/checks/exercises";
import { REPO_ROOT, STAGING_ROOT } from "./paths";

/** The submission folder cannot be graded at all (it does not exist, or is not a folder). */
export class SubmissionError extends Error {
  override name = "SubmissionError";
}

export interface Staged {
  /** build/grading/<id> */
  root: string;
  /** build/grading/<id>/exercises: what the workers import from. */
  exercisesDir: string;
  /** build/grading/<id>/jobs: job files and the workers' result lines. */
  jobsDir: string;
  /** The folder that was copied (the submission, or its exercises/ subfolder). */
  source: string;
  cleanup(): void;
}

const SKIP = new Set(["node_modules", ".git"]);
const MAX_DEPTH = 3;
const EXERCISE_FILES = Object.values(EXERCISES).map((e) => e.file);

function copyTree(from: string, to: string, depth: number): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (SKIP.has(name)) continue;
    const src = join(from, name);
    const st = lstatSync(src);
    if (st.isFile()) copyFileSync(src, join(to, name));
    else if (st.isDirectory() && depth < MAX_DEPTH) copyTree(src, join(to, name), depth + 1);
  }
}

/** The folder holding the exercise files: `dir` itself, or `dir/exercises` when only that has them. */
export function submissionSource(dir: string): string {
  const has = (d: string) => EXERCISE_FILES.some((f) => existsSync(join(d, f)));
  const nested = join(dir, "exercises");
  return !has(dir) && existsSync(nested) && statSync(nested).isDirectory() && has(nested) ? nested : dir;
}

export function stageSubmission(submissionDir: string, stagingRoot = STAGING_ROOT, repoRoot = REPO_ROOT): Staged {
  const dir = resolve(submissionDir);
  if (!existsSync(dir)) throw new SubmissionError(`the submission folder "${submissionDir}" does not exist`);
  if (!statSync(dir).isDirectory()) throw new SubmissionError(`the submission "${submissionDir}" is not a folder`);
  const source = submissionSource(dir);
  mkdirSync(stagingRoot, { recursive: true });
  const root = mkdtempSync(join(stagingRoot, "sub-"));
  const exercisesDir = join(root, "exercises");
  const jobsDir = join(root, "jobs");
  try {
    copyTree(source, exercisesDir, 0);
    mkdirSync(jobsDir);
    symlinkSync(join(repoRoot, "src"), join(root, "src"), "dir");
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return { root, exercisesDir, jobsDir, source, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
