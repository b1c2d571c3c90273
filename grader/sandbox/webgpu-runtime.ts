/**
 * What a subject needs to run on the webgpu backend, added to the subjects' runtime folder
 * (runtime.ts) when FLOWLAB_BACKEND=webgpu:
 *
 *   dawn.node    Dawn's native addon (with, on Windows, the DLLs beside it), copied from the `webgpu`
 *                package so that the subject reads nothing outside the runtime folder
 *   webgpu.cjs   grader/subject/webgpu-entry.ts bundled: loads ./dawn.node, defines navigator.gpu,
 *                then tfjs-backend-webgpu (bundled, sharing ./tfjs.cjs's tfjs-core)
 *
 * A webgpu subject is started with `--allow-addons` as well (run-subject.ts): Node's permission
 * model refuses every native addon otherwise. It can only load addons it may read, and it may read
 * the runtime folder (whose only addon is dawn.node) and the compiled submission (esbuild's .cjs
 * output only), so dawn.node is the one addon it can load; the student's code can write no file.
 */
import * as esbuild from "esbuild";
import { chmodSync, copyFileSync, existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GRADER_DIR, REPO_ROOT } from "../core/paths";
import { BUNDLE_OPTIONS, externalTfjs, type Runtime } from "./runtime";

/** node_modules/webgpu/dist/<platform>-<arch>/, where the package keeps dawn.node. */
export function dawnDir(): string {
  const pkg = dirname(createRequire(join(REPO_ROOT, "package.json")).resolve("webgpu/package.json"));
  const dir = join(pkg, "dist", `${process.platform}-${process.platform === "darwin" ? "universal" : process.arch}`);
  if (!existsSync(join(dir, "dawn.node"))) throw new Error(`the webgpu package has no Dawn build for ${process.platform}-${process.arch} (${dir})`);
  return dir;
}

const added = new WeakMap<Runtime, Promise<void>>();

async function add(runtime: Runtime): Promise<void> {
  const from = dawnDir();
  for (const f of readdirSync(from)) {
    copyFileSync(join(from, f), join(runtime.dir, f));
    chmodSync(join(runtime.dir, f), 0o644);
  }
  const out = join(runtime.dir, "webgpu.cjs");
  await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(GRADER_DIR, "subject", "webgpu-entry.ts")],
    outfile: out,
    plugins: [externalTfjs("./tfjs.cjs"), { name: "no-webgpu-package", setup: (b) => b.onResolve({ filter: /^webgpu$/ }, () => ({ path: "webgpu", external: true })) }],
  });
  chmodSync(out, 0o644);
}

/** Adds Dawn and the webgpu loader to the runtime, once per runtime. */
export function addWebgpuRuntime(runtime: Runtime): Promise<void> {
  let p = added.get(runtime);
  if (!p) {
    p = add(runtime);
    added.set(runtime, p);
  }
  return p;
}
