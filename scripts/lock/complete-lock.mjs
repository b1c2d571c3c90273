#!/usr/bin/env node
/**
 * `npm run lock:complete`: records in package-lock.json the platform-specific optional packages
 * that npm left out, so that `npm ci` works on a fresh clone, here and on any other platform.
 *
 * Why: rollup 4 (through vite, through vitest) lists 26 optional packages, one per platform
 * (`@rollup/rollup-darwin-arm64`, ...). npm records only those it could resolve; the registry this
 * project is built against serves the Linux ones only, so the other 24 were missing and `npm ci`
 * refused the lock file ("Missing: @rollup/rollup-android-arm-eabi@ from lock file").
 *
 * What: for every lock entry's optionalDependencies pinned to an exact version and missing from
 * the lock, it adds `node_modules/<name>` with that version, `optional: true`, the parent's `dev`
 * flag, and the `os` / `cpu` / `libc` that the package name states (`<os>-<cpu>[-<abi>]`, the
 * convention rollup, esbuild and swc follow). npm then skips them on other platforms without
 * fetching anything, and fetches (by version) the one a platform needs. No integrity is recorded
 * for them: it cannot be computed here; npm records it on the first `npm install` that fetches one.
 *
 *   node scripts/lock/complete-lock.mjs          write the completed lock file; print what was added
 *   node scripts/lock/complete-lock.mjs --check  write nothing; exit 1 when an entry is missing
 *
 * Plain Node, no dependencies.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const OSES = ["aix", "android", "darwin", "freebsd", "linux", "netbsd", "openbsd", "openharmony", "sunos", "win32"];
const CPUS = ["arm", "arm64", "ia32", "loong64", "mips64el", "ppc64", "riscv64", "s390x", "x64"];

/** The platform a package name states, e.g. "@rollup/rollup-linux-x64-musl" → {os:["linux"], cpu:["x64"], libc:["musl"]}; undefined when the name states none. */
export function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!OSES.includes(parts[i]) || !CPUS.includes(parts[i + 1])) continue;
    const abi = parts.slice(i + 2).join("-");
    const platform = { os: [parts[i]], cpu: [parts[i + 1]] };
    if (parts[i] === "linux" && /^gnu/.test(abi)) platform.libc = ["glibc"];
    if (parts[i] === "linux" && /^musl/.test(abi)) platform.libc = ["musl"];
    return platform;
  }
  return undefined;
}

/** Whether `name` resolves from the lock entry at `from` (Node's lookup: nested folders, then upwards). */
function resolvable(packages, from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf("node_modules/");
    dir = i <= 0 ? "" : dir.slice(0, i - 1);
  }
}

/**
 * The entries missing from `lock` (a parsed package-lock.json v2/v3), keyed by lock path.
 * @throws Error naming the package when its platform cannot be read from its name.
 */
export function missingOptionalEntries(lock) {
  const packages = lock.packages ?? {};
  const added = {};
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      if (resolvable(packages, path, name) || added[`node_modules/${name}`]) continue;
      if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue; // a range: npm resolves it itself
      const platform = platformOf(name);
      if (!platform) throw new Error(`complete-lock: ${path || "the project"} has the optional dependency ${name}@${spec}, missing from the lock, and its name states no platform (<os>-<cpu>); run npm install where the registry serves it`);
      // Keys in the order npm writes them (version first, then alphabetical), so that a later npm install leaves the file as it is.
      added[`node_modules/${name}`] = { version: spec, cpu: platform.cpu, ...(entry.dev ? { dev: true } : {}), ...(platform.libc ? { libc: platform.libc } : {}), optional: true, os: platform.os };
    }
  }
  return added;
}

/** The lock with the missing entries added, its `packages` keys sorted as npm sorts them. */
export function completeLock(lock) {
  const added = missingOptionalEntries(lock);
  const packages = { ...lock.packages, ...added };
  const [root, ...rest] = Object.keys(packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b, "en")));
  return { lock: { ...lock, packages: Object.fromEntries([root, ...rest].map((k) => [k, packages[k]])) }, added: Object.keys(added) };
}

function main(args) {
  const file = join(ROOT, "package-lock.json");
  const { lock, added } = completeLock(JSON.parse(readFileSync(file, "utf8")));
  if (args.includes("--check")) {
    if (!added.length) return 0;
    console.error(`complete-lock: package-lock.json lacks ${added.length} optional platform package(s): ${added.join(", ")}. Run \`npm run lock:complete\`.`);
    return 1;
  }
  if (added.length) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `complete-lock: added ${added.length} optional platform package(s) to package-lock.json` : "complete-lock: package-lock.json already lists every optional platform package");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
