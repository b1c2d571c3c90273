/**
 * Operating-system isolation of subject processes: no channel between subjects, or out of them.
 *
 * "namespaces" (the grader runs as root and the kernel allows namespaces: Gradescope, containers
 * with CAP_SYS_ADMIN, CI). Each subject starts as
 *
 *   unshare --net --ipc --mount --propagation private -- /bin/sh -c <mounts> \
 *     ; exec setpriv --reuid U --regid U --clear-groups --no-new-privs -- node … runner.cjs
 *
 * so that every subject has
 *   - its own network namespace, holding only a loopback interface that is down: no TCP or UDP
 *     anywhere (127.0.0.1 included), and no abstract unix socket reaches another subject (they
 *     belong to the network namespace and die with it);
 *   - its own IPC namespace: no System V shared memory, semaphores or message queues in common;
 *   - its own mount namespace, where every world-writable folder (WRITABLE_DIRS: /tmp, /var/tmp,
 *     /dev/shm, /run/lock, …) is covered by an empty tmpfs it cannot write (root's, mode 0755; made
 *     read-only where the subject is root of a user namespace); only its runtime and its
 *     compiled submission are bound back in, at the same paths. A subject can create no file
 *     (no path socket, no litter) anywhere, and sees no other subject's staging folder;
 *   - an unprivileged uid of its own (identity.ts), with no way to regain privileges.
 * `unshare` and `setpriv` exec in place (no fork), so the subject keeps the pid the supervisor
 * watches. Node's permission model (run-subject.ts) stays on top as a second layer.
 *
 * "user-namespaces" (the grader is not root, but unprivileged user namespaces are allowed): the
 * same, inside a user namespace (`unshare --user --map-root-user`); the subject keeps the
 * grader's uid outside it.
 *
 * "none" (the kernel or container forbids namespaces): subjects run ONE AT A TIME (the grader
 * sets the pool to one slot), and the supervisor kills the subject's process group, and every
 * process of its uid when it has one, before the next starts: nothing stays alive to carry
 * anything from one subject to the next; what that uid left in the world-writable folders (socket
 * files) is removed. (Without root, subjects have no uid of their own: such litter stays.)
 *
 * `probeIsolation` decides once per grader process, by running the real wrapper once.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { text } from "../../src/i18n/catalogue";

export type IsolationMode = "namespaces" | "user-namespaces" | "none";

/** The world-writable folders covered by an empty read-only tmpfs in each subject's mount namespace. */
export const WRITABLE_DIRS = ["/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/run/shm", "/dev/mqueue"];

const UNSHARE = "/usr/bin/unshare";
const SETPRIV = "/usr/bin/setpriv";

let mode: IsolationMode | undefined;

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The folders to cover: WRITABLE_DIRS and the OS temp dir, as real, existing folders (once each). */
export function coveredDirs(): string[] {
  const seen = new Set<string>();
  for (const d of [...WRITABLE_DIRS, tmpdir()]) {
    try {
      if (!existsSync(d) || lstatSync(d).isSymbolicLink() || !lstatSync(d).isDirectory()) continue;
      seen.add(realpathSync(d));
    } catch {
      // not there
    }
  }
  // a folder inside another covered one is hidden by it already
  return [...seen].filter((d) => ![...seen].some((o) => o !== d && d.startsWith(`${o}/`))).sort();
}

/**
 * The shell script run inside the new namespaces: cover the writable folders, bind the readable
 * ones back (through file descriptors opened before they were covered), make the covers read-only,
 * then become `identity` (when given) and exec the subject.
 */
export function isolationScript(readable: readonly string[], command: string, args: readonly string[], identity: { uid?: number; gid?: number }): string {
  const covered = coveredDirs();
  // the program itself (a Node binary unpacked under /tmp, say) must stay reachable once its folder is covered
  const programDir = dirname(command);
  const hidden = covered.some((d) => programDir === d || programDir.startsWith(`${d}/`));
  const dirs = [...readable, ...(hidden ? [programDir] : [])].map((d) => d.replace(/\/+$/, "")).filter(Boolean);
  const lines = ["set -e"];
  if (dirs.length) lines.push(`exec ${dirs.map((d, i) => `${i + 3}<${quote(d)}`).join(" ")}`);
  for (const d of covered) lines.push(`mount -t tmpfs -o size=64k,mode=755,nosuid,nodev,noexec flowgrade-empty ${quote(d)}`);
  if (dirs.length) lines.push(`mkdir -p ${dirs.map(quote).join(" ")}`);
  dirs.forEach((d, i) => lines.push(`mount --no-canonicalize --bind /proc/self/fd/${i + 3} ${quote(d)}`));
  // as another uid the subject cannot write to the root-owned 0755 covers; without one (user namespaces) they are made read-only
  if (identity.uid === undefined) for (const d of covered) lines.push(`mount -o remount,ro ${quote(d)}`);
  if (dirs.length) lines.push(`exec ${dirs.map((_, i) => `${i + 3}<&-`).join(" ")}`);
  const exec = [command, ...args].map(quote).join(" ");
  lines.push(identity.uid !== undefined ? `exec ${SETPRIV} --reuid=${identity.uid} --regid=${identity.gid ?? identity.uid} --clear-groups --no-new-privs -- ${exec}` : `exec ${exec}`);
  return lines.join("\n");
}

/** The command and arguments that start `command args` isolated under `current` (unchanged for "none"). */
export function isolatedCommand(current: IsolationMode, readable: readonly string[], command: string, args: readonly string[], identity: { uid?: number; gid?: number }): { command: string; args: string[] } {
  if (current === "none") return { command, args: [...args] };
  const user = current === "user-namespaces" ? ["--user", "--map-root-user"] : [];
  return { command: UNSHARE, args: [...user, "--net", "--ipc", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", isolationScript(readable, command, args, current === "namespaces" ? identity : {})] };
}

function works(candidate: IsolationMode): boolean {
  if (!existsSync(UNSHARE) || (candidate === "namespaces" && !existsSync(SETPRIV))) return false;
  const probeDir = dirname(process.execPath);
  // inside: another network namespace, and /tmp not writable
  const test = "const fs=require('fs');let w=false;try{fs.writeFileSync('/tmp/flowgrade-isolation-probe','x');w=true}catch{}process.stdout.write(fs.readlinkSync('/proc/self/ns/net')+(w?' writable':''))";
  const identity = candidate === "namespaces" ? { uid: 65534, gid: 65534 } : {};
  const { command, args } = isolatedCommand(candidate, [probeDir], process.execPath, ["-e", test], identity);
  const r = spawnSync(command, args, { timeout: 20_000, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  let outside = "";
  try {
    outside = readlinkSync("/proc/self/ns/net");
  } catch {
    return false;
  }
  return r.status === 0 && /^net:\[\d+\]$/.test(r.stdout) && r.stdout !== outside;
}

/** Decides, once per grader process, how subjects are isolated (FLOWGRADE_ISOLATION=none forces the fallback). */
export function probeIsolation(): IsolationMode {
  if (mode) return mode;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (process.env.FLOWGRADE_ISOLATION === "none") mode = "none";
  else if (root && works("namespaces")) mode = "namespaces";
  else if (!root && works("user-namespaces")) mode = "user-namespaces";
  else mode = "none";
  return mode;
}

/** One line for the grader's output and `--version`, in the current language: which isolation subjects get here. */
export function isolationLine(current = probeIsolation()): string {
  return text(`isolation.${current}`);
}
