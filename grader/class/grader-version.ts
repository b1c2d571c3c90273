/**
 * The grader's own version, as a grading record stores it: "flowlab 0.1.0+sha256-<12 hex>", the
 * package version and a hash of the code that decides grades (grader/ and src/ sources, without
 * tests, fixtures or the rubric, which is hashed on its own) and of package-lock.json (the
 * TensorFlow.js it ran). Any change to the grader, even without a version bump, makes earlier
 * records of grade-class stale, so a rerun grades again instead of keeping scores a different
 * grader gave.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../core/paths";

const SKIP = /(^|\/)(test|fixtures|release|node_modules)(\/|$)|\.test\.ts$|(^|\/)rubric\.json$/;
const SOURCE = /\.(ts|cjs|mjs|json)$/;

let cached: string | undefined;

export function graderVersion(root = REPO_ROOT): string {
  if (cached && root === REPO_ROOT) return cached;
  const hash = createHash("sha256");
  const walk = (rel: string) => {
    const abs = join(root, rel);
    if (!existsSync(abs) || SKIP.test(rel)) return;
    const st = lstatSync(abs);
    if (st.isDirectory()) for (const name of readdirSync(abs).sort()) walk(`${rel}/${name}`);
    else if (st.isFile() && SOURCE.test(rel)) hash.update(`${rel}\0`).update(readFileSync(abs)).update("\0");
  };
  walk("grader");
  walk("src");
  if (existsSync(join(root, "package-lock.json"))) hash.update(readFileSync(join(root, "package-lock.json")));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: string; version?: string };
  const version = `${pkg.name ?? "flowlab"} ${pkg.version ?? "0"}+sha256-${hash.digest("hex").slice(0, 12)}`;
  if (root === REPO_ROOT) cached = version;
  return version;
}
