/**
 * The type check tslab runs before a notebook cell, but with the file named. tslab type-checks
 * every file a cell imports with fixed options (TypeScript's non-strict mode, Node10 resolution,
 * CommonJS; tsconfig.tslab.json holds them) and refuses to run the cell on a type error, yet its
 * message leaves out the file the error is in ("54:7 - Type 'Tensor<Rank>' is not assignable to
 * type 'Tensor2D'."). This check runs the project's own `tsc` with those options over the given
 * files, in a child process (it reads the files and never runs them), and reports each error as
 * "exercises/affine-coupling.ts:54:7: error TS2322: …".
 *
 * Shared by the notebooks' type-check cells (`expectTypeChecks`) and the grader's type-check test
 * (grader/core/type-check.ts).
 *
 * @example (in a notebook, in the cell before the one that imports the exercise)
 *   await expectTypeChecks("affine-coupling");   // ✔ exercises/affine-coupling.ts type-checks …
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { EXERCISES, type ExerciseId } from "./exercises";
import { message } from "../i18n/catalogue";

/** Type errors per file as given (e.g. "exercises/nll.ts"), each "exercises/nll.ts:12:5: error TS2322: …" plus its indented details. */
export type TypeErrors = Map<string, string[]>;

/**
 * Runs `tsc` with tslab's options on `files` (paths relative to `cwd`). `projectRoot` holds
 * tsconfig.tslab.json and node_modules (typescript, @types/node). Resolves to the errors per file,
 * or `{ failed }` when tsc itself could not run (it then reported no error line at all).
 */
export async function typeCheckFiles(projectRoot: string, cwd: string, files: readonly string[], timeoutMs = 120_000): Promise<TypeErrors | { failed: string }> {
  const tslab = JSON.parse(readFileSync(join(projectRoot, "tsconfig.tslab.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
  const dir = mkdtempSync(join(tmpdir(), "flowlab-typecheck-"));
  const config = join(dir, "tsconfig.json");
  const compilerOptions = { ...tslab.compilerOptions, noEmit: true, typeRoots: [join(projectRoot, "node_modules", "@types")] };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: files.map((f) => resolve(cwd, f)) }));
  const tsc = createRequire(join(projectRoot, "package.json")).resolve("typescript/bin/tsc");
  const { code, out } = await new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (c) => {
      clearTimeout(timer);
      done({ code: c, out: text });
    });
  });
  rmSync(dir, { recursive: true, force: true });
  const errors: TypeErrors = new Map(files.map((f) => [f, []]));
  let last: string[] | undefined;
  for (const line of out.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/.exec(line);
    if (m) {
      last = errors.get(m[1]);
      last?.push(`${m[1]}:${m[2]}:${m[3]}: ${m[4]}`);
    } else if (last && /^\s+\S/.test(line)) last[last.length - 1] += `\n${line.trimEnd()}`;
    else last = undefined;
  }
  // Errors in the course's own files are not the student's; only a tsc that reported nothing at all failed.
  if (code !== 0 && !/\): error TS\d+/.test(out)) return { failed: message("typecheck.tsc-failed", { code: String(code), output: out.trim().split("\n").slice(0, 3).join(" ").slice(0, 400) }) };
  return errors;
}

/** A file that tslab would refuse to compile (prints as one line, like the checks' errors). */
export class TypeCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TypeCheckError";
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * Type-checks the exercises' files (`exercises/<file>` under the notebook's folder) as tslab will
 * compile them, prints one ✔ line per file or each error with its file and line, and throws a
 * TypeCheckError when there is one, so that "Run All" stops here rather than at tslab's
 * file-less message in the next cell.
 */
export async function expectTypeChecks(...ids: ExerciseId[]): Promise<void> {
  const files = ids.map((id) => `exercises/${EXERCISES[id].file}`);
  // The project root: the folder whose node_modules holds TypeScript (the notebook's folder's parent).
  const projectRoot = dirname(dirname(dirname(createRequire(join(process.cwd(), "noop.js")).resolve("typescript/package.json"))));
  const result = await typeCheckFiles(projectRoot, process.cwd(), files);
  if ("failed" in result) {
    console.log(message("typecheck.could-not-run", { error: String(result.failed) }));
    return;
  }
  const bad = files.filter((f) => result.get(f)!.length > 0);
  for (const f of files) {
    const errors = result.get(f)!;
    console.log(errors.length === 0 ? message("typecheck.ok", { file: f }) : `${message("typecheck.errors", { file: f, count: String(errors.length) })}\n${errors.map((e) => `    ${e}`).join("\n")}`);
  }
  if (bad.length) {
    console.log(message("label.colon", { label: message("label.hint", {}) }) + message("hint.type-check.cell", {}));
    throw new TypeCheckError(message(bad.length > 1 ? "typecheck.failed.many" : "typecheck.failed.one", { files: bad.join(", ") }));
  }
}
