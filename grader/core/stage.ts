/**
 * Staging: a submission is copied into a fresh folder under the OS temp dir, never run in place:
 *
 *   <tmp>/flowgrade-sub-XXXX/          (0711: subjects may pass through, not list)
 *     exercises/*.ts                   the submitted files (grader only: type check, compile)
 *     src -> <repo>/src, node_modules -> <repo>/node_modules
 *                                      so that the type check resolves the files' imports as
 *                                      tslab does (grader only; a subject cannot read them)
 *     compiled/*.cjs                   what the grader compiled (0755: the one folder of the
 *                                      submission a subject may read)
 *
 * Only regular files are copied, and no symbolic link is ever followed, at any depth: a link is
 * refused and named (it could point at the reference solutions or anywhere else on the machine),
 * and so is anything that is not a regular file or folder; node_modules and .git are skipped. A
 * submission may be the exercises-shaped folder itself or a folder that contains `exercises/` (a
 * whole repository, as Gradescope may upload it); when that `exercises` is itself a link
 * (`exercises -> ../solutions`), nothing is copied and every exercise file is refused, naming it.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { EXERCISES } from "../../src/checks/exercises";
import { REPO_ROOT } from "./paths";
import { message, text } from "../../src/i18n/catalogue";

/** The submission folder cannot be graded at all (it does not exist, or is not a folder). */
export class SubmissionError extends Error {
  override name = "SubmissionError";
}

export interface Staged {
  root: string;
  /** <root>/exercises: the copied files. */
  exercisesDir: string;
  /** <root>/compiled: the only folder of the submission that subjects may read. */
  compiledDir: string;
  /** The folder that was copied (the submission, or its exercises/ subfolder). */
  source: string;
  /** Entries that were not copied, relative to the submission folder: symbolic links, and anything not a regular file or folder (devices, sockets, …). */
  refused: { path: string; why: "link" | "special" }[];
  /** `source` relative to the submission folder: "" or "exercises". */
  sourceRel: string;
  cleanup(): void;
}

const SKIP = new Set(["node_modules", ".git"]);
const MAX_DEPTH = 3;
const EXERCISE_FILES = Object.values(EXERCISES).map((e) => e.file);

function copyTree(root: string, from: string, to: string, depth: number, refused: Staged["refused"]): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (SKIP.has(name)) continue;
    const src = join(from, name);
    const st = lstatSync(src);
    if (st.isSymbolicLink()) refused.push({ path: relative(root, src), why: "link" });
    else if (st.isFile()) copyFileSync(src, join(to, name));
    else if (st.isDirectory()) {
      if (depth < MAX_DEPTH) copyTree(root, src, join(to, name), depth + 1, refused);
    } else refused.push({ path: relative(root, src), why: "special" });
  }
}

/**
 * The folder holding the exercise files: `dir` itself, or `dir/exercises` when only that has them
 * (that folder may be a symbolic link: the caller refuses it instead of copying through it).
 */
export function submissionSource(dir: string): string {
  const has = (d: string) => EXERCISE_FILES.some((f) => lstatOrNull(join(d, f)) !== null);
  const nested = join(dir, "exercises");
  return !has(dir) && existsSync(nested) && statSync(nested).isDirectory() && has(nested) ? nested : dir;
}

/** Why `file` (an exercise file name) was not staged, when a link or odd entry was refused in its place or in place of its folder; in the current language. */
export function refusedReason(staged: Pick<Staged, "refused" | "sourceRel">, file: string): string | undefined {
  const r = staged.refused.find((e) => e.path === join(staged.sourceRel, file) || (staged.sourceRel !== "" && e.path === staged.sourceRel));
  if (!r) return undefined;
  const what = text(r.why === "link" ? "submission.link" : "submission.special");
  return r.path === join(staged.sourceRel, file) ? message("submission.refused.file", { what }) : message("submission.refused.folder", { path: r.path, what });
}

/** Why `dir` cannot be graded at all (it does not exist, or is not a folder), in the current language; undefined when it is a folder. */
export function submissionFolderProblem(dir: string): string | undefined {
  if (!lstatOrNull(resolve(dir))) return message("submission.folder-missing", { dir });
  return statSync(resolve(dir)).isDirectory() ? undefined : message("submission.not-a-folder", { dir });
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

export function stageSubmission(submissionDir: string, repoRoot = REPO_ROOT): Staged {
  const dir = resolve(submissionDir);
  const problem = submissionFolderProblem(submissionDir);
  if (problem) throw new SubmissionError(problem);
  const source = submissionSource(dir);
  const sourceRel = relative(dir, source);
  const root = mkdtempSync(join(tmpdir(), "flowgrade-sub-"));
  const exercisesDir = join(root, "exercises");
  const compiledDir = join(root, "compiled");
  const refused: Staged["refused"] = [];
  try {
    if (sourceRel !== "" && lstatSync(source).isSymbolicLink()) {
      mkdirSync(exercisesDir);
      refused.push({ path: sourceRel, why: "link" });
    } else copyTree(dir, source, exercisesDir, 0, refused);
    chmodSync(exercisesDir, 0o700);
    mkdirSync(compiledDir, { mode: 0o755 });
    chmodSync(compiledDir, 0o755);
    chmodSync(root, 0o711);
    symlinkSync(join(repoRoot, "src"), join(root, "src"), "dir");
    symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"), "dir");
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return { root, exercisesDir, compiledDir, source, sourceRel, refused, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
