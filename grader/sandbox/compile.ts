/**
 * Compiles a submission's files into the CommonJS modules a subject loads, and enforces what a
 * submission may import, in a DISPOSABLE process (sandbox/compile-worker.cjs, one per submission,
 * with its own esbuild service): a file that crashes or hangs the compiler takes down only that
 * process, so the next student of a class is compiled by a fresh one.
 *
 * esbuild bundles each file with its allowed imports: "@tensorflow/tfjs" becomes the runtime's
 * single tfjs file, and the scaffold modules an exercise names (the base coupling class, the
 * Bijector types, the errors) are bundled from the course's own src/, never from the submission.
 * Any other import — another folder (solutions/, src/flows/density), a Node built-in (node:fs,
 * node:child_process), a package, a computed `require(x)` or `import(x)` — is a clear error for
 * that file: "nll.ts imports ../src/flows/density: only @tensorflow/tfjs, … may be imported".
 * Type-only imports vanish in compilation, so they are always fine.
 *
 * Before any compiler sees a file, two limits (`sourceLimitProblem`): at most MAX_SOURCE_BYTES,
 * and at most MAX_NESTING levels of nesting (brackets and arrow functions, measured lexically),
 * since deep nesting overflows recursive compilers (esbuild, and tsc in the type check). The
 * reference solutions use about 1/20 of each.
 */
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { GRADER_DIR, REPO_ROOT } from "../core/paths";
import { BUNDLE_OPTIONS, TFJS_SPECIFIERS, type Runtime } from "./runtime";
import { CATALOGUES, currentLanguage, message, text } from "../../src/i18n";

export interface CompileResult {
  ok: boolean;
  /** The compiled module (when ok). */
  out?: string;
  /** Why the file cannot be run, naming the file and the line (when not ok). */
  problem?: string;
}

export interface CompileJob {
  /** The staged file (e.g. <staging>/exercises/nll.ts). */
  source: string;
  outFile: string;
  /** The scaffold imports this file may use, as written in the exercise ("../src/bijectors/errors"). */
  allowed: readonly string[];
  /** Allowed imports bundled from another file (absolute path) instead of the course's: "./nll" → the grader's stand-in. */
  substitutes?: Readonly<Record<string, string>>;
  /** How messages name the file ("nll.ts"). */
  displayName: string;
}

/** The largest exercise file compiled, bytes (the reference solutions are under 12 kB each). */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** The deepest nesting of brackets and arrow functions compiled (the reference solutions reach 10). */
export const MAX_NESTING = 200;
/** Wall-clock limit of one submission's compile worker, ms (a healthy one takes well under a second). */
export const COMPILE_TIMEOUT_MS = 60_000;

/**
 * The deepest nesting in `text`, measured lexically (strings and comments skipped): each open
 * bracket is a level, and so is each arrow `=>` until the end of the expression at its bracket
 * level (a `,` or `;` there, or the closing bracket). `() => () => () => 0` is 3 deep, `f(g(h()))` 3.
 */
export function nestingDepth(text: string): number {
  const arrows: number[] = [0];
  let deepest = 0;
  let total = 0; // brackets open + arrows open
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== "`" && text[j] === "\n")) j += text[j] === "\\" ? 2 : 1;
      i = j;
    } else if (c === "(" || c === "[" || c === "{") {
      arrows.push(0);
      total++;
    } else if (c === ")" || c === "]" || c === "}") {
      if (arrows.length > 1) total -= 1 + arrows.pop()!;
    } else if (c === "=" && text[i + 1] === ">") {
      arrows[arrows.length - 1]++;
      total++;
      i++;
    } else if (c === "," || c === ";") {
      total -= arrows[arrows.length - 1];
      arrows[arrows.length - 1] = 0;
    }
    if (total > deepest) deepest = total;
  }
  return deepest;
}

/** The compile worker's messages in the current language, {placeholders} left for it to fill. */
function workerTexts(): Record<string, string> {
  const t = CATALOGUES[currentLanguage()];
  return { scaffoldImport: t["compile.scaffold-import"], importRefused: t["compile.import-refused"], computedImport: t["compile.computed-import"], failed: t["grader.compiler.failed"] };
}

/** Why `source` is refused before compiling (too large, nested too deeply), or undefined. */
export function sourceLimitProblem(source: string, displayName: string): string | undefined {
  const bytes = statSync(source).size;
  if (bytes > MAX_SOURCE_BYTES) return message("submission.too-large", { file: displayName, size: String(Math.round(bytes / 1024)), max: String(MAX_SOURCE_BYTES / 1024) });
  const depth = nestingDepth(readFileSync(source, "utf8"));
  if (depth > MAX_NESTING) return message("submission.too-deep", { file: displayName, depth: String(depth), max: String(MAX_NESTING) });
  return undefined;
}

/**
 * Compiles the files of one submission in one fresh worker process. Each result is the compiled
 * module or a clear problem; a worker that dies or hangs fails the files it had not answered.
 */
export async function compileSubmissionFiles(jobs: readonly CompileJob[], runtime: Runtime, timeoutMs = COMPILE_TIMEOUT_MS): Promise<CompileResult[]> {
  const results: (CompileResult | undefined)[] = jobs.map((j) => {
    const problem = sourceLimitProblem(j.source, j.displayName);
    return problem ? { ok: false, problem } : undefined;
  });
  const todo = jobs.filter((_, i) => !results[i]);
  if (todo.length === 0) return results as CompileResult[];
  const input = {
    esbuild: createRequire(join(REPO_ROOT, "package.json")).resolve("esbuild"),
    bundleOptions: BUNDLE_OPTIONS,
    srcRoot: join(REPO_ROOT, "src"),
    exercisesRoot: join(REPO_ROOT, "exercises"),
    tfjs: runtime.tfjs,
    tfjsSpecifiers: TFJS_SPECIFIERS,
    texts: workerTexts(),
    files: todo,
  };
  const { lines, why } = await new Promise<{ lines: string[]; why?: string }>((resolve) => {
    const worker = spawn(process.execPath, [join(GRADER_DIR, "sandbox", "compile-worker.cjs")], { stdio: ["pipe", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    let out = "";
    let err = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      worker.kill("SIGKILL");
    }, timeoutMs);
    worker.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    worker.stderr.on("data", (d: Buffer) => (err = (err + d.toString("utf8")).slice(-2000)));
    worker.stdin.on("error", () => {});
    worker.stdin.end(JSON.stringify(input));
    worker.on("error", (e) => {
      clearTimeout(timer);
      resolve({ lines: [], why: message("grader.compiler.no-start", { error: e.message }) });
    });
    worker.on("close", (code, signal) => {
      clearTimeout(timer);
      const how = signal ?? message("grader.compiler.exit-code", { code: String(code) });
      const why = timedOut ? message("grader.compiler.timeout", { seconds: timeoutMs / 1000 }) : code === 0 ? undefined : message("grader.compiler.crashed", { how: /stack|overflow/i.test(err) ? message("grader.compiler.stack-overflow", { how }) : how });
      resolve({ lines: out.split("\n").filter(Boolean), why });
    });
  });
  let next = 0;
  return results.map((r, i) => {
    if (r) return r;
    const line = lines[next++];
    if (line) {
      try {
        return JSON.parse(line) as CompileResult;
      } catch {
        // fall through: a torn line
      }
    }
    return { ok: false, problem: message("grader.compiler.failed", { file: jobs[i].displayName, why: why ?? text("grader.compiler.no-answer") }) };
  });
}

/** One file, in its own worker (see compileSubmissionFiles). */
export async function compileSubmissionFile(source: string, outFile: string, allowed: readonly string[], runtime: Runtime, displayName: string): Promise<CompileResult> {
  return (await compileSubmissionFiles([{ source, outFile, allowed, displayName }], runtime))[0];
}
