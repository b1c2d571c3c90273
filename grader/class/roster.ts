/**
 * A class folder: one subfolder per student. `readRoster` lists the students (sorted; dot-folders
 * skipped) and the stray entries that are not student folders (files, links), so they can be
 * reported instead of skipped in silence. `shardOf` picks the students of one shard of a CI
 * matrix: with `--shard i/n`, the students whose sorted index modulo n is i − 1.
 */
import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Shard } from "../cli-args";

export interface Roster {
  students: string[];
  /** Entries of the class folder that are not student folders (files, symbolic links). */
  stray: string[];
}

export function readRoster(classDir: string): Roster {
  const students: string[] = [];
  const stray: string[] = [];
  for (const name of readdirSync(classDir).sort()) {
    if (name.startsWith(".")) continue;
    const st = lstatSync(join(classDir, name));
    (st.isDirectory() ? students : stray).push(name);
  }
  return { students, stray };
}

/** The students of shard `shard` (all of them without one). Round robin keeps shards balanced. */
export function shardOf(students: readonly string[], shard?: Shard): string[] {
  if (!shard) return [...students];
  return students.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Whether `inner` is `outer` or lies inside it (symbolic links resolved). */
export function isInside(inner: string, outer: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const rel = relative(real(outer), real(inner));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}
