/**
 * Runs one child Node process under a time limit and a memory cap, and says how it ended.
 *
 *   time limit   SIGKILL after `timeoutMs` (an infinite loop cannot be interrupted more gently);
 *   memory cap   V8's `--max-old-space-size=<memoryMb>` bounds the JS heap, and a watchdog polls
 *                the child's resident set size (VmRSS in /proc/<pid>/status) every `pollMs` and
 *                SIGKILLs it above `memoryMb`. The watchdog is what catches typed arrays and
 *                tfjs-wasm's WebAssembly memory, which the heap limit does not see. (`ulimit -v`
 *                is not used: wasm reserves huge virtual ranges it never touches.)
 *
 * The child gets its own process group, and the whole group is killed when the child ends, so
 * that processes it started cannot outlive it. Results do not travel through the exit code: the
 * caller reads what the child wrote (see grader/worker/protocol.ts).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface SuperviseOptions {
  /** Arguments after `node` and the heap flag, e.g. ["--import", tsx, "worker.ts", "job.json"]. */
  nodeArgs: string[];
  timeoutMs: number;
  memoryMb: number;
  /** How often the memory watchdog reads the child's RSS. Default 50 ms. */
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Aborting kills the child (Ctrl-C on the grader). */
  signal?: AbortSignal;
}

/** "exited": on its own (any code); "timeout" / "memory": killed by a limit; "aborted": by the caller. */
export type Ending = "exited" | "timeout" | "memory" | "aborted";

export interface SuperviseResult {
  ending: Ending;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** The largest RSS the watchdog saw, MB (0 where /proc is unavailable). */
  peakRssMb: number;
  /** The last few KB of the child's stderr and stdout, for messages. */
  stderrTail: string;
  stdoutTail: string;
}

const TAIL_BYTES = 8192;

/** VmRSS of a process in MB, or undefined when it cannot be read (gone, or no /proc). */
export function readRssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function supervise(options: SuperviseOptions): Promise<SuperviseResult> {
  const { nodeArgs, timeoutMs, memoryMb, pollMs = 50, env = process.env, cwd, signal } = options;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${Math.max(16, Math.floor(memoryMb))}`, ...nodeArgs], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let ending: Ending | undefined;
    let peakRssMb = 0;
    let stderrTail = "";
    let stdoutTail = "";
    const stop = (why: Ending) => {
      ending ??= why;
      killGroup(child.pid);
    };
    child.stderr.on("data", (d: Buffer) => (stderrTail = (stderrTail + d.toString("utf8")).slice(-TAIL_BYTES)));
    child.stdout.on("data", (d: Buffer) => (stdoutTail = (stdoutTail + d.toString("utf8")).slice(-TAIL_BYTES)));
    const timer = setTimeout(() => stop("timeout"), timeoutMs);
    const watchdog = setInterval(() => {
      const rss = child.pid === undefined ? undefined : readRssMb(child.pid);
      if (rss === undefined) return;
      peakRssMb = Math.max(peakRssMb, rss);
      if (rss > memoryMb) stop("memory");
    }, pollMs);
    const onAbort = () => stop("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    child.on("exit", (code, sig) => {
      exit = { code, signal: sig };
      clearTimeout(timer);
      clearInterval(watchdog);
      killGroup(child.pid); // anything the child started goes with it
    });
    child.on("error", (err) => {
      stderrTail += `\n[spawn failed: ${err.message}]`;
    });
    child.on("close", () => {
      clearTimeout(timer);
      clearInterval(watchdog);
      signal?.removeEventListener("abort", onAbort);
      const heapOom = /heap out of memory|Reached heap limit/i.test(stderrTail);
      resolve({
        ending: ending ?? (heapOom ? "memory" : "exited"),
        exitCode: exit.code,
        signal: exit.signal,
        durationMs: performance.now() - started,
        peakRssMb,
        stderrTail,
        stdoutTail,
      });
    });
  });
}
