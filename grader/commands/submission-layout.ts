/**
 * Where a submission's exercise files are. Students hand in the exercises/ folder, its bare files,
 * a whole repository clone (which contains exercises/), or an archive that unpacks to one wrapper
 * folder around either. `locateSubmission` finds the folder to grade, or says why there is none:
 * an empty folder is "no submission"; files without any exercise file (a notebook only, garbage)
 * cannot be graded, and the reason names what was found.
 */
import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { EXERCISES } from "../../src/checks/exercises";
import { message, text } from "../../src/i18n/catalogue";

export const EXERCISE_FILES: readonly string[] = Object.values(EXERCISES).map((e) => e.file);

export type SubmissionLayout =
  | { kind: "found"; dir: string; missing: string[] }
  | { kind: "empty" }
  | { kind: "no-exercise-files"; found: string[] };

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};
const visible = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith(".") && n !== "node_modules" && n !== "__MACOSX");
const hasExerciseFile = (dir: string) => EXERCISE_FILES.some((f) => existsSync(join(dir, f)));

/** The folder holding the exercise files under `dir` (itself, exercises/, or one wrapper folder down), or why there is none. */
export function locateSubmission(dir: string): SubmissionLayout {
  const candidates = [dir, join(dir, "exercises")];
  const entries = visible(dir);
  const only = entries.length === 1 && isDir(join(dir, entries[0])) ? join(dir, entries[0]) : undefined;
  if (only) candidates.push(only, join(only, "exercises"));
  for (const c of candidates) {
    // `exercises -> ../solutions`: grade its parent, whose staging refuses the link by name (never followed)
    if (isLink(c) && isDir(c) && hasExerciseFile(c)) return { kind: "found", dir: dirname(c), missing: [...EXERCISE_FILES] };
    if (isDir(c) && hasExerciseFile(c)) return { kind: "found", dir: c, missing: EXERCISE_FILES.filter((f) => !existsSync(join(c, f))) };
  }
  const found = listFiles(dir, 3);
  return found.length ? { kind: "no-exercise-files", found } : { kind: "empty" };
}

/** Regular files under `dir` (relative paths, dot-files and node_modules skipped), `depth` levels deep, at most 50. */
function listFiles(dir: string, depth: number, root = dir, out: string[] = []): string[] {
  for (const name of visible(dir)) {
    if (out.length >= 50) break;
    const p = join(dir, name);
    if (isDir(p)) {
      if (depth > 0) listFiles(p, depth - 1, root, out);
    } else out.push(relative(root, p));
  }
  return out;
}

/** "none of additive-coupling.ts, affine-coupling.ts, nll.ts found (found: a.ipynb, b.txt)", in the current language. */
export function describeNoExerciseFiles(found: readonly string[]): string {
  const shown = found.slice(0, 5).join(", ") + (found.length > 5 ? message("submission.more-files", { count: String(found.length) }) : "");
  const notebookOnly = found.every((f) => f.endsWith(".ipynb"));
  return message("submission.no-exercise-files", { files: EXERCISE_FILES.join(", "), found: shown }) + (notebookOnly ? text("submission.notebook-only") : "");
}
