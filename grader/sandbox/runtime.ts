/**
 * The subjects' runtime: one folder, outside the repository, that a subject may read and that
 * holds everything it runs besides the student's compiled module:
 *
 *   <tmp>/flowgrade-runtime-XXXX/
 *     tfjs.cjs      @tensorflow/tfjs and its wasm backend, bundled into one CommonJS file
 *     *.wasm        the wasm backend's binaries (found next to tfjs.cjs)
 *     runner.cjs    grader/subject/runner.ts bundled (it requires ./tfjs.cjs)
 *     owner.pid     the grader's pid: a later grader removes the folder once that process is gone (stale-runtimes.ts)
 *     code-cache-producer.cjs, tfjs.<flags>.v8cache
 *                   the V8 code cache of tfjs.cjs, written by the grader (sandbox/code-cache.ts)
 *
 * Bundling means a subject reads no file of the repository: not node_modules, not src/ (whose
 * density code answers exercise (c)), not solutions/. The folder is built once per grader
 * process (about a second), shared by all its subjects, made world-readable (subjects may run as
 * another user) and removed when the process exits. `esbuild` does the bundling.
 */
import * as esbuild from "esbuild";
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GRADER_DIR, REPO_ROOT } from "../core/paths";
import { probeIdentity } from "./identity";
import { claimRuntime, removeStaleRuntimes, RUNTIME_PREFIX } from "./stale-runtimes";

export interface Runtime {
  dir: string;
  /** tfjs.cjs, the path every compiled module requires for "@tensorflow/tfjs". */
  tfjs: string;
  /** The supervisor script (run by the grader's user; never readable by subjects). */
  supervisor: string;
}

/** The modules a subject's bundles treat as external, mapped to the runtime's single tfjs file. */
export const TFJS_SPECIFIERS = ["@tensorflow/tfjs", "@tensorflow/tfjs-core"] as const;

/**
 * How every subject file is bundled: CommonJS for Node 20, comments and blank space removed (esbuild
 * otherwise writes each module's source path into the bundle, which would name the repository),
 * names kept so that error messages still say "AffineCoupling.forward".
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "silent",
} as const satisfies esbuild.BuildOptions;

let building: Promise<Runtime> | undefined;

async function build(): Promise<Runtime> {
  removeStaleRuntimes(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), RUNTIME_PREFIX));
  claimRuntime(dir);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const require = createRequire(join(REPO_ROOT, "package.json"));
  const entry = join(dir, "tfjs-entry.cjs");
  writeFileSync(entry, 'module.exports = require("@tensorflow/tfjs");\nrequire("@tensorflow/tfjs-backend-wasm");\n');
  const tfjs = join(dir, "tfjs.cjs");
  await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile: tfjs, nodePaths: [join(REPO_ROOT, "node_modules")] });
  rmSync(entry);
  const wasmDist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
  for (const f of readdirSync(join(wasmDist, "dist")).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(wasmDist, "dist", f), join(dir, f));
  await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [join(GRADER_DIR, "subject", "runner.ts")], outfile: join(dir, "runner.cjs"), plugins: [externalTfjs("./tfjs.cjs")] });
  await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [join(GRADER_DIR, "sandbox", "code-cache-producer.ts")], outfile: join(dir, "code-cache-producer.cjs"), plugins: [externalTfjs("./tfjs.cjs")] });
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  probeIdentity();
  return { dir, tfjs, supervisor: join(GRADER_DIR, "sandbox", "supervisor.cjs") };
}

/** An esbuild plugin that maps "@tensorflow/tfjs" (and -core) to `target`, kept external. */
export function externalTfjs(target: string): esbuild.Plugin {
  return {
    name: "external-tfjs",
    setup(b) {
      b.onResolve({ filter: /^@tensorflow\/tfjs(-core)?$/ }, () => ({ path: target, external: true }));
    },
  };
}

/** The runtime of this grader process, built on first use. */
export function subjectRuntime(): Promise<Runtime> {
  building ??= build().catch((err) => {
    building = undefined;
    throw err;
  });
  return building;
}
