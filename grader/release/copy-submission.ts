/**
 * The copy test's submission (issue 16 item 4): for each exercise, whatever a student release
 * exports that matches the exercise's interface (an export of the same name, kind and arity as
 * the solution's: class or function, `.length`), bundled into the exercise's file (so that the
 * grader's import rule, which stops imports, does not stop it: this is what pasting would give).
 * Graded, it must score 0: the release holds no answer under the exercise's own names.
 */
import * as esbuild from "esbuild";
import { existsSync, lstatSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";

/** One exercise export: its name, whether it is a class, and its arity. */
export interface Signature {
  name: string;
  kind: "class" | "function";
  arity: number;
}

/** A released export that matches a signature: the module (repository-relative) that exports it. */
export interface Match extends Signature {
  module: string;
}

const kindOf = (v: unknown): Signature["kind"] | undefined =>
  typeof v !== "function" ? undefined : /^class[\s{]/.test(Function.prototype.toString.call(v)) ? "class" : "function";

/** The signatures of a module's function and class exports. */
export function signatures(module: Record<string, unknown>): Signature[] {
  return Object.entries(module).flatMap(([name, v]) => {
    const kind = kindOf(v);
    return kind ? [{ name, kind, arity: (v as (...a: unknown[]) => unknown).length }] : [];
  });
}

/** The .ts files of `dir` under `parts`, repository-relative (no tests, no symbolic links). */
export function releasedModules(dir: string, parts: readonly string[] = ["src", "grader"]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts")) out.push(relative(dir, p));
    }
  };
  for (const part of parts) if (existsSync(join(dir, part))) walk(join(dir, part));
  return out;
}

/** Bundles `exports` (name → absolute module path) into one ES module with only @tensorflow/tfjs left to import. */
export async function bundleExports(exports: readonly { name: string; path: string }[]): Promise<string> {
  const entry = exports.map((e) => `export { ${e.name} } from ${JSON.stringify(e.path)};`).join("\n");
  const r = await esbuild.build({ stdin: { contents: entry, resolveDir: "/", loader: "ts" }, bundle: true, write: false, format: "esm", platform: "node", external: ["@tensorflow/tfjs", "@tensorflow/tfjs-core", "node:*"], logLevel: "silent" });
  return `// @ts-nocheck\n// Assembled by the copy test from the student release's own exports (grader/release/copy-submission.ts).\n${r.outputFiles[0].text}`;
}

/** Per exercise, the released exports matching its signatures (`load` imports a released module by its relative path). */
export async function matchingExports(modules: readonly string[], load: (rel: string) => Promise<Record<string, unknown>>, solutions: (id: ExerciseId) => Promise<Record<string, unknown>>): Promise<Map<ExerciseId, Match[]>> {
  const released: Match[] = [];
  for (const rel of modules) {
    let m: Record<string, unknown>;
    try {
      m = await load(rel);
    } catch {
      continue; // a module that does not load outside its setting exports nothing usable here
    }
    released.push(...signatures(m).map((s) => ({ ...s, module: rel })));
  }
  const out = new Map<ExerciseId, Match[]>();
  for (const id of EXERCISE_IDS) {
    const wanted = signatures(await solutions(id));
    const found = wanted.flatMap((w) => released.filter((r) => r.name === w.name && r.kind === w.kind && r.arity === w.arity).slice(0, 1));
    out.set(id, found);
  }
  return out;
}

/** Writes exercises/<file> of `submission` for each exercise with matches (bundled from `root`); returns the exercises written. */
export async function writeCopySubmission(submission: string, root: string, matches: Map<ExerciseId, Match[]>): Promise<ExerciseId[]> {
  const written: ExerciseId[] = [];
  for (const [id, found] of matches) {
    if (found.length === 0) continue;
    writeFileSync(join(submission, "exercises", EXERCISES[id].file), await bundleExports(found.map((f) => ({ name: f.name, path: join(root, f.module) }))));
    written.push(id);
  }
  return written;
}
