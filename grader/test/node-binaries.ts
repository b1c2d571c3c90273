/**
 * Official Node.js binaries from the npm registry, for the tests that run the grader under every
 * current LTS major: the per-platform package `node-<platform>-<arch>@<major>` (published by the
 * Node.js project) holds `package/bin/node`. Each major is fetched once with `npm pack` and
 * unpacked under build/node-bin/<major>/, so later runs reuse it. Where the registry cannot be
 * reached (or there is no package for this platform), `nodeBinary` says why instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../core/paths";

export const NODE_BIN_CACHE = join(REPO_ROOT, "build", "node-bin");

export type NodeBinary = { ok: true; node: string; version: string } | { ok: false; why: string };

/** The `node` binary of major `major` (e.g. 22), fetched from the npm registry on first use. */
export function nodeBinary(major: number): NodeBinary {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(NODE_BIN_CACHE, String(major));
  const node = join(dir, "package", "bin", "node");
  if (!existsSync(node)) {
    mkdirSync(NODE_BIN_CACHE, { recursive: true });
    let tarball = readdirSync(NODE_BIN_CACHE).find((f) => f.startsWith(`${pkg}-${major}.`) && f.endsWith(".tgz"));
    if (!tarball) {
      const pack = spawnSync("npm", ["pack", `${pkg}@${major}`, "--pack-destination", NODE_BIN_CACHE, "--silent"], { encoding: "utf8", timeout: 300_000 });
      tarball = pack.status === 0 ? pack.stdout.trim().split("\n").at(-1) : undefined;
      if (!tarball) return { ok: false, why: `npm pack ${pkg}@${major} failed (${(pack.stderr || pack.error?.message || `exit ${pack.status}`).trim().split("\n").at(-1)})` };
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const untar = spawnSync("tar", ["-xzf", join(NODE_BIN_CACHE, tarball), "-C", dir, "package/bin/node"], { encoding: "utf8" });
    if (untar.status !== 0 || !existsSync(node)) return { ok: false, why: `unpacking ${tarball} failed: ${untar.stderr.trim()}` };
  }
  const v = spawnSync(node, ["--version"], { encoding: "utf8" });
  if (v.status !== 0) return { ok: false, why: `${node} does not run here: ${v.stderr.trim() || v.error?.message}` };
  return { ok: true, node, version: v.stdout.trim() };
}
