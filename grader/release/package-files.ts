/**
 * package.json, package-lock.json and tsconfig files of a release: the course's own, with the
 * name, the scripts and the type-check scope of that release. Dependencies are untouched, so the
 * copied lock file still matches and `npm ci` installs exactly what the course was tested with.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface PackageJson {
  name: string;
  description?: string;
  scripts?: Record<string, string>;
  bin?: Record<string, string>;
  [key: string]: unknown;
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;
const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** Writes `to`/package.json and package-lock.json from `from`'s, with another name, description and scripts. */
export function writePackageFiles(from: string, to: string, name: string, description: string, scripts: Record<string, string>): void {
  const pkg = readJson<PackageJson>(join(from, "package.json"));
  writeJson(join(to, "package.json"), { ...pkg, name, description, scripts });
  const lock = readJson<{ name: string; packages: Record<string, { name?: string }> }>(join(from, "package-lock.json"));
  lock.name = name;
  if (lock.packages[""]) lock.packages[""].name = name;
  writeJson(join(to, "package-lock.json"), lock);
}

/** Writes `to`/tsconfig.json from `from`'s with another `include` (and the same excludes). */
export function writeTsconfig(from: string, to: string, file: string, include: string[]): void {
  const config = readJson<{ include?: string[] }>(join(from, file));
  writeJson(join(to, file), { ...config, include });
}
