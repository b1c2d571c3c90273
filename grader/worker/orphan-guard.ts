/**
 * A last line of defence for a worker whose main thread never returns (`while (true) {}` in
 * student code): a worker thread, which keeps running while the main thread spins, SIGKILLs the
 * process when its parent (the grader) disappears or when a hard deadline passes. The grader's
 * supervisor normally kills the worker long before; this guard only matters when the grader
 * itself dies (Ctrl-C on a terminal, a killed CI job), so that no orphan spins forever.
 */
import { Worker } from "node:worker_threads";

const GUARD_SOURCE = `
const { workerData } = require("node:worker_threads");
const start = Date.now();
setInterval(() => {
  if (process.ppid !== workerData.ppid || Date.now() - start > workerData.deadlineMs) process.kill(process.pid, "SIGKILL");
}, 250);
`;

/** Starts the guard thread; it does not keep the process alive on its own. */
export function startOrphanGuard(deadlineMs: number): void {
  const guard = new Worker(GUARD_SOURCE, { eval: true, workerData: { ppid: process.ppid, deadlineMs } });
  guard.unref();
}
