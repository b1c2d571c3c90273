/**
 * What `npm run assign` last wrote: `exercises/.assign-manifest.json` maps each generated file
 * ("exercises/nll.ts") to the SHA-256 of the contents assign wrote there. It is committed with
 * exercises/, so every clone knows which exercise files are untouched output of assign.
 *
 * A file whose contents no longer hash to its entry (or that has no entry) has been edited by
 * someone; assign never overwrites or deletes such a file without `--force`.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MANIFEST_PATH = "exercises/.assign-manifest.json";

/** "sha256-<hex>" of a file's text. */
export function contentHash(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** The manifest under `root` (path → hash); empty when there is none. Throws on a malformed one, naming the file. */
export function readManifest(root: string): Map<string, string> {
  const file = join(root, MANIFEST_PATH);
  if (!existsSync(file)) return new Map();
  let parsed: { files?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${MANIFEST_PATH} is not valid JSON (${(err as Error).message}); delete it and run \`npm run assign -- --force\``);
  }
  const files = Object.entries(parsed.files ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
  return new Map(files);
}

/** Writes the manifest for `files` (path → contents written), sorted by path. */
export function writeManifest(root: string, files: ReadonlyMap<string, string>): void {
  const entries = [...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, text]) => [path, contentHash(text)]);
  const body = {
    about: "Written by `npm run assign`: the hash of each exercise file as generated. assign refuses to overwrite or delete a file that no longer matches (an edited exercise) unless run with --force.",
    files: Object.fromEntries(entries),
  };
  writeFileSync(join(root, MANIFEST_PATH), `${JSON.stringify(body, null, 2)}\n`);
}

/** Whether `onDisk` is exactly what assign last wrote to `path`. */
export function isUntouched(manifest: ReadonlyMap<string, string>, path: string, onDisk: string): boolean {
  return manifest.get(path) === contentHash(onDisk);
}
