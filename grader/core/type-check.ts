/**
 * The same type check as the notebooks: tslab type-checks every file a cell imports, with fixed
 * options (TypeScript's non-strict mode, Node10 resolution, CommonJS; tsconfig.tslab.json holds
 * them), and refuses to run a cell whose imports have type errors. A correct implementation that
 * returns `Tensor<Rank>` where `Tensor2D` is declared passes the grader's numbers but cannot run
 * in notebook 02, so `flowgrade check` and `grade` report it, naming the file and the line.
 *
 * `tsc` runs in a child process over the staged copies (their `../src/...` imports resolve through
 * the staging folder's links); it reads the files and never runs them.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

/** Type errors per staged file name ("nll.ts"), each "nll.ts:12:5: error TS2322: …". */
export type TypeErrors = Map<string, string[]>;

export async function typeCheckSubmission(stagingRoot: string, files: readonly string[], timeoutMs = 120_000): Promise<TypeErrors | { failed: string }> {
  const tslab = JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.tslab.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
  const config = join(stagingRoot, "tsconfig.json");
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...tslab.compilerOptions, noEmit: true }, files: files.map((f) => `exercises/${f}`) }));
  const tsc = createRequire(join(REPO_ROOT, "package.json")).resolve("typescript/bin/tsc");
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: stagingRoot, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (c) => {
      clearTimeout(timer);
      resolve({ code: c, out });
    });
  });
  const errors: TypeErrors = new Map(files.map((f) => [f, []]));
  for (const m of out.matchAll(/^exercises\/([\w.-]+)\((\d+),(\d+)\): (error TS\d+: .*)$/gm)) errors.get(m[1])?.push(`${m[1]}:${m[2]}:${m[3]}: ${m[4]}`);
  // Errors in the course's own files are not the student's; only a tsc that reported nothing at all failed.
  if (code !== 0 && !/\): error TS\d+/.test(out)) return { failed: `tsc exited with code ${code}: ${out.trim().split("\n").slice(0, 3).join(" ").slice(0, 400)}` };
  return errors;
}
