/**
 * Loads the student's compiled module without Node's module loader: its code runs with a
 * `require` that hands out @tensorflow/tfjs (the runtime's single copy) and nothing else, so a
 * computed `require(x)` that the compiler could not see fails here, naming the file and the path.
 * (The permission model independently denies reading anything outside the sandbox's folders.)
 */
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

export function loadStudentModule(path: string): Record<string, unknown> {
  const code = readFileSync(path, "utf8");
  const file = `${basename(path, ".cjs")}.ts`;
  const module = { exports: {} as Record<string, unknown> };
  const restricted = (spec: string) => {
    if (/(^|\/)tfjs\.cjs$/.test(spec) || spec === "@tensorflow/tfjs") return tf;
    throw new Error(`${file} may not require ${spec}: only @tensorflow/tfjs and the exercise's scaffold may be imported`);
  };
  new Function("exports", "require", "module", "__filename", "__dirname", code)(module.exports, restricted, module, file, ".");
  return module.exports;
}
