/**
 * Who a subject process runs as. When the grader runs as root (Gradescope, containers, CI), every
 * subject gets its own unprivileged user id from a pool (default 61000–61999, no account needed),
 * so a subject can signal neither the grader, nor the supervisor, nor another student's subject
 * (`process.kill(-1)` reaches only processes of the same uid). Where the kernel refuses those ids
 * (a user namespace that maps only a few), `nobody` (65534) is used; `probeIdentity` decides once.
 * A grader that does not run as root cannot change users: the supervisor then stands between the
 * grader and the subject (see grader/README.md, "What is and is not defended").
 */
import { spawnSync } from "node:child_process";

const POOL_BASE = Number(process.env.FLOWGRADE_SUBJECT_UID_BASE ?? 61000);
const POOL_SIZE = 1000;
const NOBODY = 65534;

let mode: "pool" | "nobody" | "same" | undefined;
let next = 0;

function canRunAs(uid: number): boolean {
  const r = spawnSync(process.execPath, ["-e", "process.exit(process.getuid() === Number(process.argv[1]) ? 0 : 1)", String(uid)], { uid, gid: uid, timeout: 10_000 });
  return r.status === 0;
}

/** Decides, once per grader process, how subjects change user. */
export function probeIdentity(): "pool" | "nobody" | "same" {
  if (mode) return mode;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) mode = "same";
  else if (canRunAs(POOL_BASE)) mode = "pool";
  else if (canRunAs(NOBODY)) mode = "nobody";
  else mode = "same";
  return mode;
}

/** The uid/gid for the next subject: a fresh pool id, nobody, or nothing (run as the grader's user). */
export function subjectIdentity(): { uid?: number; gid?: number } {
  switch (probeIdentity()) {
    case "pool": {
      const uid = POOL_BASE + (next++ % POOL_SIZE);
      return { uid, gid: uid };
    }
    case "nobody":
      return { uid: NOBODY, gid: NOBODY };
    default:
      return {};
  }
}
