/**
 * Writes a file atomically: the text goes to a temporary file in the same folder, which is then
 * renamed over the target. A reader (Gradescope's harness, CI) sees the old file or the new one,
 * never half of one, even when flowgrade is killed in the middle.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { makeDirs } from "./make-dirs";

let counter = 0;

/** Writes `text` to `path` atomically (creating its folder); throws when the folder cannot be written. */
export function atomicWriteFile(path: string, text: string): void {
  const dir = dirname(path);
  makeDirs(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
