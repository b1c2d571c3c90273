/**
 * A throwaway copy of the course for the browser test, laid out as the checkout is, so that its
 * own `scripts/start.mjs` serves it exactly as `npm start` serves the real one:
 *
 *   <dir>/scripts/{start,jupyter-env}.mjs   copies (ROOT is where the script lies)
 *   <dir>/.jupyter, node_modules, src       links to the checkout's (kernel spec, tslab, library)
 *   <dir>/exercises/                        copies of the exercise files, which the test may overwrite
 *   <dir>/notebooks/                        copies of the chosen notebooks, with the checkout's
 *                                           relative links `src -> ../src`, `exercises -> ../exercises`
 *
 * Nothing in the checkout's exercises/ or notebooks/ changes (a student's work stays untouched).
 */
import { copyFileSync, cpSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";

export function stageCourseCopy(root: string, dir: string, notebooks: readonly string[]): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "scripts"), { recursive: true });
  for (const f of ["start.mjs", "jupyter-env.mjs"]) copyFileSync(join(root, "scripts", f), join(dir, "scripts", f));
  for (const f of [".jupyter", "node_modules", "src"]) symlinkSync(join(root, f), join(dir, f), "dir");
  cpSync(join(root, "exercises"), join(dir, "exercises"), { recursive: true });
  mkdirSync(join(dir, "notebooks"));
  for (const f of ["src", "exercises"]) symlinkSync(join("..", f), join(dir, "notebooks", f), "dir");
  for (const nb of notebooks) copyFileSync(join(root, "notebooks", nb), join(dir, "notebooks", nb));
  return dir;
}
