/**
 * `npm run setup -- --webgpu-ci` (and `npm run setup` whenever `CI` is set): a WebGPU adapter
 * without a GPU, for the tests of the GPU path.
 *
 * Dawn (the `webgpu` package) accepts Mesa's lavapipe (software Vulkan) from version 23 or so;
 * Debian bookworm's own 22.3 is refused, bookworm-backports' 25.0 works. On Debian bookworm, as
 * root or with passwordless sudo, this adds a bookworm-backports apt source
 * (/etc/apt/sources.list.d/flowlab-bookworm-backports.sources, unless one is there already) and
 * installs `mesa-vulkan-drivers libvulkan1` from it. Elsewhere it says what to install and goes
 * on: the WebGPU tests are then skipped, with one line saying why. It never runs without the flag
 * or CI: a student's apt sources are not changed behind their back.
 * Plain Node, no dependencies.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCE_FILE = "/etc/apt/sources.list.d/flowlab-bookworm-backports.sources";
const SOURCE = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;
/** The oldest Mesa whose lavapipe Dawn accepts that we know of (22.3.6 is refused, 25.0.7 works). */
const MIN_MESA_MAJOR = 23;

function mesaVersion() {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Version}", "mesa-vulkan-drivers"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

function codename() {
  try {
    return /^VERSION_CODENAME=(\w+)/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

function hasBackportsSource() {
  const dir = "/etc/apt/sources.list.d";
  const files = ["/etc/apt/sources.list", ...(existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [])];
  return files.some((f) => {
    try {
      return /bookworm-backports/.test(readFileSync(f, "utf8").replace(/^\s*#.*$/gm, ""));
    } catch {
      return false;
    }
  });
}

export function ensureWebgpuSoftwareAdapter({ say, fail, quiet }) {
  const have = mesaVersion();
  if (have && Number(have.split(".")[0]) >= MIN_MESA_MAJOR) {
    if (!quiet) say(`WebGPU software adapter: Mesa lavapipe ${have} is installed`);
    return;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasSudo = spawnSync("sh", ["-c", "command -v sudo && sudo -n true"], { stdio: "ignore" }).status === 0;
  const manual = `add a bookworm-backports apt source, then: apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1`;
  if (codename() !== "bookworm" || !existsSync("/usr/bin/apt-get") || !(isRoot || hasSudo)) {
    say(`WebGPU software adapter: not installed here (needs Debian bookworm and root or sudo; Mesa ${have ?? "absent"}). To get it: ${manual}. The WebGPU tests will be skipped.`);
    return;
  }
  const prefix = isRoot ? "" : "sudo -n ";
  if (!hasBackportsSource()) {
    say(`adding the apt source ${SOURCE_FILE} (bookworm-backports), for Mesa's lavapipe`);
    const w = isRoot ? (writeFileSync(SOURCE_FILE, SOURCE), 0) : spawnSync("sudo", ["-n", "tee", SOURCE_FILE], { input: SOURCE, stdio: ["pipe", "ignore", "inherit"] }).status;
    if (w !== 0) fail(`could not write ${SOURCE_FILE}.`);
  }
  say("installing Mesa's software Vulkan driver (lavapipe) from bookworm-backports, for the WebGPU tests ...");
  const r = spawnSync("sh", ["-c", `${prefix}apt-get update -q && ${prefix}apt-get install -y -q --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1`], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (r.status !== 0) fail(`installing mesa-vulkan-drivers from bookworm-backports failed. Run it yourself: ${manual}`);
  say(`WebGPU software adapter: Mesa lavapipe ${mesaVersion()} installed`);
}
