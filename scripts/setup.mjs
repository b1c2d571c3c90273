#!/usr/bin/env node
/**
 * `npm run setup`: make this checkout ready for `npm start` and `npm test`.
 *
 * Idempotent, and fast the second time (it only checks, then returns):
 *   1. npm dependencies, exactly as package-lock.json states them: `npm ci` on a fresh clone (no
 *      node_modules yet), `npm install` when node_modules exists but predates the lock file.
 *   2. Jupyter (Debian's nbclient, nbconvert and the classic Notebook). As root, or with sudo, on
 *      Debian/Ubuntu it runs apt-get; anywhere else it prints the exact command and stops.
 *   3. The tslab kernel spec, written into the project-local Jupyter data folder `.jupyter/`
 *      (`tslab install` imports IPython, which Debian's Jupyter does not ship).
 *   4. Debian's Chromium, for the browser test (test/browser), the same way as Jupyter. Optional:
 *      where apt cannot install it, setup says so once and that test is skipped.
 *   5. Only with `--webgpu-ci`, or when `CI` is set: Mesa's software Vulkan driver (lavapipe) from
 *      Debian bookworm-backports, so that the WebGPU tests run without a GPU (see webgpu-ci.mjs).
 *      Without the flag, apt sources are never touched.
 *
 * `--if-needed` (used by `npm start` and `npm test`) prints nothing when all is in place.
 * Plain Node, no dependencies: it runs before node_modules exists.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JUPYTER_DATA, PYTHON, ROOT } from "./jupyter-env.mjs";

const QUIET = process.argv.includes("--if-needed");
const STAMP = join(ROOT, "node_modules", ".flowlab-setup");
const APT_PACKAGES = ["python3-nbclient", "jupyter-nbconvert", "jupyter-notebook"];
const APT_COMMAND = `apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(" ")}`;

const say = (msg) => console.log(`[setup] ${msg}`);

function lockHash() {
  const lock = join(ROOT, "package-lock.json");
  return createHash("sha256").update(readFileSync(existsSync(lock) ? lock : join(ROOT, "package.json"))).digest("hex");
}

function ensureNpmDependencies() {
  const want = lockHash();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === want) return;
  // npm ci installs exactly the lock file and refuses one out of sync with package.json; on a fresh
  // clone that is the reproducible choice. Over an existing node_modules, npm install (which also
  // follows the lock file) updates in place instead of deleting everything first.
  const verb = existsSync(join(ROOT, "node_modules")) ? "install" : "ci";
  say(`installing npm dependencies (npm ${verb}) ...`);
  // @tensorflow/tfjs-node-gpu is an optional dependency: where its libtensorflow download fails,
  // npm drops it and the install still succeeds (see README, "GPU").
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, [verb, "--no-audit", "--no-fund"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) fail(`npm ${verb} failed with exit code ${r.status}.`);
  writeFileSync(STAMP, want + "\n");
}

/** True when Debian's Python can import everything the runner and `npm start` need. */
function jupyterPresent() {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert, nbformat, notebook"], { stdio: "ignore" });
  return r.status === 0;
}

function ensureJupyter() {
  if (jupyterPresent()) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  const hasSudo = spawnSync("sh", ["-c", "command -v sudo && sudo -n true"], { stdio: "ignore" }).status === 0;
  if (hasApt && (isRoot || hasSudo)) {
    say(`installing Jupyter from Debian: ${APT_COMMAND}`);
    const prefix = isRoot ? "" : "sudo -n ";
    const r = spawnSync("sh", ["-c", `${prefix}apt-get update -q && ${prefix}apt-get install -y -q --no-install-recommends ${APT_PACKAGES.join(" ")}`], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (r.status !== 0 || !jupyterPresent()) fail(`installing Jupyter failed. Run it yourself:\n  sudo sh -c '${APT_COMMAND}'`);
    return;
  }
  fail(
    "Jupyter (nbclient, nbconvert, notebook for Debian's /usr/bin/python3) is missing and cannot be installed " +
      "automatically here (needs Debian/Ubuntu and root or passwordless sudo). Run:\n" +
      `  sudo sh -c '${APT_COMMAND}'\nthen run \`npm run setup\` again. See README, "Troubleshooting".`,
  );
}

const CHROMIUM = "/usr/bin/chromium";
const NO_CHROMIUM_STAMP = join(ROOT, "node_modules", ".flowlab-no-chromium");

/** Installs Debian's `chromium` where apt can (as root or with sudo); otherwise leaves a stamp and says so once. */
function ensureChromium() {
  if (existsSync(CHROMIUM) || existsSync(NO_CHROMIUM_STAMP)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const canApt = existsSync("/usr/bin/apt-get") && (isRoot || spawnSync("sh", ["-c", "command -v sudo && sudo -n true"], { stdio: "ignore" }).status === 0);
  if (canApt) {
    say("installing Chromium from Debian (for the browser test): apt-get install -y --no-install-recommends chromium");
    const prefix = isRoot ? "" : "sudo -n ";
    spawnSync("sh", ["-c", `${prefix}apt-get update -q && ${prefix}apt-get install -y -q --no-install-recommends chromium`], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (existsSync(CHROMIUM)) return;
  }
  writeFileSync(NO_CHROMIUM_STAMP, "chromium could not be installed; delete this file to try again\n");
  say(`no Chromium at ${CHROMIUM}: the browser test will be skipped (install Debian's chromium, or set CHROMIUM=<path>).`);
}

/** The kernel spec tslab would write, pointing at this checkout's tslab binary. */
function kernelSpec() {
  return {
    argv: [join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (FlowLab)",
    language: "typescript",
  };
}

function ensureKernelSpec() {
  const dir = join(JUPYTER_DATA, "kernels", "tslab");
  const file = join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(), null, 2) + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  say(`registered the tslab kernel in ${dir}`);
}

function fail(message) {
  console.error(`[setup] ${message}`);
  process.exit(1);
}

ensureNpmDependencies();
ensureJupyter();
ensureKernelSpec();
ensureChromium();
// (a student release may leave webgpu-ci.mjs out: then there is nothing to do)
if ((process.argv.includes("--webgpu-ci") || process.env.CI) && existsSync(join(ROOT, "scripts", "webgpu-ci.mjs"))) {
  (await import("./webgpu-ci.mjs")).ensureWebgpuSoftwareAdapter({ say, fail, quiet: QUIET });
}
if (!QUIET) {
  const version = execFileSync(PYTHON, ["-c", "import nbclient, notebook; print(nbclient.__version__, notebook.__version__)"]).toString().trim();
  say(`ready: npm dependencies, Jupyter (nbclient/notebook ${version}), tslab kernel in .jupyter/`);
}
