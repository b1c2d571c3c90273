/**
 * Loads the student's compiled module without Node's module loader: its code runs with a
 * `require` that hands out @tensorflow/tfjs (the runtime's single copy) and nothing else, so a
 * computed `require(x)` that the compiler could not see fails here, naming the file and the path.
 * (The permission model independently denies reading anything outside the sandbox's folders, and
 * seal.ts has removed process.getBuiltinModule, process.binding and the runner's own module.)
 */
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Script } from "node:vm";
import { answer, notImplemented, problem, problemOf, Refusal } from "./answer";

/** The exercise file a compiled module was built from: <staging>/compiled/nll.cjs → nll.ts. */
export const moduleFile = (path: string): string => `${basename(path, ".cjs")}.ts`;

export function loadStudentModule(path: string): Record<string, unknown> {
  const code = readFileSync(path, "utf8");
  const file = moduleFile(path);
  const module = { exports: {} as Record<string, unknown> };
  const restricted = (spec: string) => {
    if (/(^|\/)tfjs\.cjs$/.test(spec) || spec === "@tensorflow/tfjs") return tf;
    throw new Refusal(problem("require-refused", { file, module: spec }));
  };
  // vm.Script without importModuleDynamically: an import() in the module fails instead of loading Node's modules.
  const wrapped = new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file });
  (wrapped.runInThisContext() as (...args: unknown[]) => void)(module.exports, restricted, module, file, ".");
  return module.exports;
}

/**
 * Loads the module of a function exercise and answers its "api" section: ok when it exports a
 * function under every name in `names`, else the load error or the missing names. Resolves to
 * the module when ok (the job goes on), undefined otherwise (the job ends there).
 */
export function loadExportedFunctions<T>(path: string, names: readonly string[]): T | undefined {
  let mod: Record<string, unknown>;
  try {
    mod = loadStudentModule(path);
  } catch (err) {
    answer({ section: "api", ok: false, problem: problemOf(err, (error) => problem("load-failed", { error })), notImplemented: notImplemented(err) });
    return undefined;
  }
  const missing = names.filter((n) => typeof mod[n] !== "function");
  answer({ section: "api", ok: missing.length === 0, missing, problem: missing.length ? problem("missing-functions", { names: missing.join(", ") }) : undefined });
  return missing.length ? undefined : (mod as T);
}
