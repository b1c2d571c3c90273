/**
 * Who a subject process runs as. When the grader runs as root (Gradescope, containers, CI), every
 * subject gets its own unprivileged user id from a pool (default 61000–64999, no account needed; each grader
 * process holds a block of 200 and never gives a uid that is still in use),
 * so a subject can signal neither the grader, nor the supervisor, nor another student's subject
 * (`process.kill(-1)` reaches only processes of the same uid). Where the kernel refuses those ids
 * (a user namespace that maps only a few), `nobody` (65534) is used; `probeIdentity` decides once.
 * A grader that does not run as root cannot change users: the supervisor then stands between the
 * grader and the subject (see grader/README.md, "What is and is not defended").
 */
import { spawnSync } from "node:child_process";
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const POOL_BASE = Number(process.env.FLOWGRADE_SUBJECT_UID_BASE ?? 61000);
const POOL_SIZE = 4000;
/**
 * The pool is shared by every grader process on the machine (`grade-class --jobs n`, a CI job
 * beside another): two subjects of one uid could signal each other, and the supervisor ends every
 * process of a subject's uid when it stops. So each grader process claims a block of its own
 * (a lock file naming its pid, in a folder only root can enter) and cycles within that block.
 */
const BLOCK_SIZE = 200;
const NOBODY = 65534;

let mode: "pool" | "nobody" | "same" | undefined;
let next = 0;
let blockBase: number | undefined;
/** Pool uids of this process's subjects that have not ended yet (see releaseIdentity). */
const inUse = new Set<number>();

/** True while a process with this pid exists (EPERM: it exists, another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims a block of BLOCK_SIZE uids for this process: the first whose lock file is free or names a dead process. */
function claimBlock(): number {
  const dir = join(tmpdir(), "flowgrade-uid-blocks");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o077) !== 0) throw new Error(`flowgrade: ${dir} must be a folder owned by root with mode 0700, to hand out subject uids`);
  for (let block = 0; block < POOL_SIZE / BLOCK_SIZE; block++) {
    const lock = join(dir, String(block));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, "wx", 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        process.once("exit", () => rmSync(lock, { force: true }));
        return POOL_BASE + block * BLOCK_SIZE;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const owner = Number(readFileSync(lock, "utf8"));
        if (Number.isInteger(owner) && owner > 0 && alive(owner)) break;
        rmSync(lock, { force: true }); // left by a grader that died: take it
      }
    }
  }
  throw new Error(`flowgrade: all ${POOL_SIZE / BLOCK_SIZE} blocks of subject uids (${POOL_BASE}-${POOL_BASE + POOL_SIZE - 1}) are held by running graders`);
}

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
      blockBase ??= claimBlock();
      for (let tries = 0; tries < BLOCK_SIZE; tries++) {
        const uid = blockBase + (next++ % BLOCK_SIZE);
        if (inUse.has(uid)) continue;
        inUse.add(uid);
        return { uid, gid: uid };
      }
      throw new Error(`flowgrade: all ${BLOCK_SIZE} subject uids of this grader are in use by running subjects`);
    }
    case "nobody":
      return { uid: NOBODY, gid: NOBODY };
    default:
      return {};
  }
}

/** A subject has ended (its supervisor killed every process of its uid): its pool uid may be given again. */
export function releaseIdentity(identity: { uid?: number }): void {
  if (identity.uid !== undefined) inUse.delete(identity.uid);
}
