/**
 * Runtime folders (runtime.ts) that outlived their grader. A runtime is removed when its process
 * exits normally, but a process that is killed (a test runner's worker, a grader stopped with
 * SIGKILL) leaves its folder, ≈ 6 MB, in the temp folder. Each runtime therefore records its
 * owner's pid in `owner.pid`, and building a runtime first removes the folders of owners that are
 * gone: only folders of this user, named like runtimes, with a readable pid of a process that no
 * longer exists. A folder without the file (being built, or from an older grader) stays.
 */
import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alive } from "./identity";

export const RUNTIME_PREFIX = "flowgrade-runtime-";
const OWNER_FILE = "owner.pid";

/** Records this process as the owner of the runtime folder `dir`. */
export function claimRuntime(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
}

/** Removes the runtime folders in `parent` whose owner is gone; returns their names. */
export function removeStaleRuntimes(parent: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(RUNTIME_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = join(parent, name);
    try {
      const st = lstatSync(dir);
      if (!st.isDirectory() || st.uid !== process.getuid?.()) continue;
      const pid = Number(readFileSync(join(dir, OWNER_FILE), "utf8").trim());
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // no owner file, or already gone: leave it
    }
  }
  return removed;
}
