/**
 * Copies part of the course repository into a release, by rules: what to leave out is stated
 * once per release kind (see student.ts, autograder.ts), and every copied file is listed so that
 * the release build can report it. Symbolic links are recreated as links; nothing else special is
 * copied.
 */
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

/** Whether a path relative to the repository root ("grader/fixtures/x.ts") is left out. */
export type Exclude = (relPath: string) => boolean;

/** Copies `from`/`rel` to `to`/`rel` recursively, skipping what `exclude` names; returns the copied files' relative paths. */
export function copyTree(from: string, to: string, rel: string, exclude: Exclude, copied: string[] = []): string[] {
  if (exclude(rel)) return copied;
  const src = join(from, rel);
  const dst = join(to, rel);
  const st = lstatSync(src);
  if (st.isDirectory()) {
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src).sort()) copyTree(from, to, rel ? `${rel}/${name}` : name, exclude, copied);
  } else if (st.isSymbolicLink()) {
    mkdirSync(dirname(dst), { recursive: true });
    symlinkSync(readlinkSync(src), dst);
    copied.push(rel);
  } else if (st.isFile()) {
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(src, dst);
    copied.push(rel);
  }
  return copied;
}

/** An Exclude from path prefixes ("grader/fixtures") and name patterns (/\.test\.ts$/). */
export function excludeBy(prefixes: readonly string[], patterns: readonly RegExp[] = []): Exclude {
  return (rel) => prefixes.some((p) => rel === p || rel.startsWith(`${p}/`)) || patterns.some((re) => re.test(rel));
}
