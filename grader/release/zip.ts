/**
 * Zips a folder's contents (not the folder: Gradescope wants setup.sh and run_autograder at the
 * root of the archive), keeping file modes so run_autograder stays executable. Uses `zip` when
 * installed, else Python's zipfile (Debian's python3, which set-up installs for Jupyter).
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const PY_ZIP = `import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, src))
`;

export function zipFolder(folder: string, zipPath: string): void {
  rmSync(zipPath, { force: true });
  const hasZip = spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;
  const r = hasZip
    ? spawnSync("zip", ["-q", "-r", "-X", "-y", zipPath, "."], { cwd: folder, encoding: "utf8" })
    : spawnSync(existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3", ["-c", PY_ZIP, folder, zipPath], { encoding: "utf8" });
  if (r.status !== 0 || !existsSync(zipPath)) throw new Error(`release: zipping ${folder} into ${zipPath} failed: ${r.error?.message ?? r.stderr?.trim() ?? `exit ${r.status}`} (install zip, or Debian's python3)`);
}
