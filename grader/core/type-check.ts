/**
 * The same type check as the notebooks: tslab type-checks every file a cell imports, with fixed
 * options (TypeScript's non-strict mode, Node10 resolution, CommonJS; tsconfig.tslab.json holds
 * them), and refuses to run a cell whose imports have type errors. A correct implementation that
 * returns `Tensor<Rank>` where `Tensor2D` is declared passes the grader's numbers but cannot run
 * in notebook 02, so `flowgrade check` and `grade` report it, naming the file and the line.
 *
 * `tsc` runs in a child process over the staged copies (their `../src/...` imports resolve through
 * the staging folder's links); it reads the files and never runs them. The runner is the library's
 * (src/checks/type-check.ts), which the notebooks' type-check cells use too.
 */
import { typeCheckFiles } from "../../src/checks/type-check";
import { REPO_ROOT } from "./paths";

/** Type errors per staged file name ("nll.ts"), each "nll.ts:12:5: error TS2322: …". */
export type TypeErrors = Map<string, string[]>;

export async function typeCheckSubmission(stagingRoot: string, files: readonly string[], timeoutMs = 120_000): Promise<TypeErrors | { failed: string }> {
  const result = await typeCheckFiles(REPO_ROOT, stagingRoot, files.map((f) => `exercises/${f}`), timeoutMs);
  if (!(result instanceof Map)) return result;
  return new Map(files.map((f) => [f, result.get(`exercises/${f}`)!.map((e) => e.replace(/^exercises\//, "").split("\n")[0])]));
}
