/**
 * Compiles one submitted file, in the grader process, into the CommonJS module a subject loads,
 * and enforces what a submission may import.
 *
 * esbuild bundles the file with its allowed imports: "@tensorflow/tfjs" becomes the runtime's
 * single tfjs file, and the scaffold modules an exercise names (the base coupling class, the
 * Bijector types, the errors) are bundled from the course's own src/, never from the submission.
 * Any other import — another folder (solutions/, src/flows/density), a Node built-in (node:fs,
 * node:child_process), a package, a computed `require(x)` or `import(x)` — is a clear error for
 * that file: "nll.ts imports ../src/flows/density: only @tensorflow/tfjs, … may be imported".
 * Type-only imports vanish in compilation, so they are always fine.
 */
import * as esbuild from "esbuild";
import { join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../core/paths";
import { BUNDLE_OPTIONS, TFJS_SPECIFIERS, type Runtime } from "./runtime";

export interface CompileResult {
  ok: boolean;
  /** The compiled module (when ok). */
  out?: string;
  /** Why the file cannot be run, naming the file and the line (when not ok). */
  problem?: string;
}

/** Strips a source extension, so "../src/x.ts" and "../src/x" are the same import. */
const normalize = (spec: string) => spec.replace(/\.(ts|js|mjs|cjs)$/, "");

function describe(messages: readonly esbuild.Message[], displayName: string): string {
  return messages
    .slice(0, 3)
    .map((m) => `${m.location ? `${displayName}:${m.location.line}:${m.location.column + 1}: ` : ""}${m.text}`)
    .join("; ");
}

/**
 * @param source the staged file (e.g. <staging>/exercises/nll.ts)
 * @param allowed the scaffold imports this file may use, as written in the exercise ("../src/bijectors/errors")
 * @param displayName how messages name the file ("nll.ts")
 */
export async function compileSubmissionFile(source: string, outFile: string, allowed: readonly string[], runtime: Runtime, displayName: string): Promise<CompileResult> {
  const srcRoot = join(REPO_ROOT, "src");
  const allowedList = [...TFJS_SPECIFIERS.slice(0, 1), ...allowed].join(", ");
  const guard: esbuild.Plugin = {
    name: "flowgrade-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if ((TFJS_SPECIFIERS as readonly string[]).includes(args.path)) return { path: runtime.tfjs, external: true };
        const fromSubmission = resolve(args.importer) === resolve(source);
        if (!fromSubmission) {
          // the course's scaffold importing its own modules: allowed, but only inside src/
          const target = resolve(args.resolveDir, args.path);
          return relative(srcRoot, target).startsWith("..") ? { errors: [{ text: `the scaffold may not import ${args.path}` }] } : undefined;
        }
        const spec = normalize(args.path);
        if (!allowed.includes(spec)) {
          return { errors: [{ text: `${displayName} imports ${args.path}: only ${allowedList} may be imported` }] };
        }
        // "../src/bijectors/errors" as seen from exercises/: the course's own file
        return { path: `${join(REPO_ROOT, "exercises", spec)}.ts` };
      });
    },
  };
  try {
    const result = await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [source], outfile: outFile, plugins: [guard], write: true });
    const dynamic = result.warnings.filter((w) => /will not be bundled|Indirect calls to "require"|dynamic import/i.test(w.text));
    if (dynamic.length) {
      return { ok: false, problem: `${describe(dynamic, displayName)} (computed imports are not allowed: import only ${allowedList})` };
    }
    return { ok: true, out: outFile };
  } catch (err) {
    const errors = (err as esbuild.BuildFailure).errors;
    return { ok: false, problem: errors?.length ? describe(errors, displayName) : `${displayName} could not be compiled: ${(err as Error).message.split("\n")[0]}` };
  }
}
