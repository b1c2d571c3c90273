#!/usr/bin/env node
/**
 * The supervisor: a small trusted process that stands between the grader and ONE subject process
 * (the sandboxed Node process that runs a student's code). Plain JavaScript with no dependencies,
 * so it starts in a few tens of milliseconds.
 *
 *   grader ──stdin: {subject, limits, job}──▶ supervisor ──stdin: job──▶ subject
 *   grader ◀──stdout: the subject's stdout, byte for byte, capped── supervisor ◀── subject
 *   grader ◀──fd 3: its own JSON lines ("started", then "ended")── supervisor
 *
 * The subject's own output and the supervisor's reports travel on different pipes, so nothing a
 * subject prints can pass for a report. The supervisor:
 *   - starts the subject in its own process group (and, when the grader runs as root, as an
 *     unprivileged user: set by the grader in `subject.uid`/`subject.gid`);
 *   - polls /proc/<pid>/stat and /proc/<pid>/status every `pollMs`: CPU time (user + system) and
 *     resident memory; kills the subject's group at the CPU-time limit, the memory cap, the wall
 *     safety net, or when its output passes `maxOutputBytes`;
 *   - records the resident memory at each "@@mark <name>" line the subject prints (for the leak
 *     check) and the peak after it;
 *   - kills the subject's group when the subject ends (nothing it started outlives it), when the
 *     grader asks (SIGTERM), when the grader disappears (its parent process id changes, or the pipe
 *     that relays the subject's output breaks) and when the supervisor itself fails; when the
 *     subject has a uid of its own (`subject.reapUid`), every process of that uid as well, and
 *     (without a mount namespace) every file of that uid in the world-writable folders (`litterDirs`);
 *   - stops a subject that idles: one whose CPU time has not advanced by `idleCpuMs` within the
 *     last `idleMs` of wall time (it sleeps, or waits for something that never comes), so that a
 *     subject cannot stretch a grading by sleeping; its ending is "idle".
 */
"use strict";
const { spawn } = require("node:child_process");
const { readFileSync, writeSync } = require("node:fs");

const CLOCK_TICKS = 100; // USER_HZ on Linux; /proc/<pid>/stat counts CPU time in these.
const STDERR_TAIL = 4096;

function report(line) {
  try {
    writeSync(3, `${JSON.stringify(line)}\n`);
  } catch {
    // the grader is gone: nothing to tell
  }
}

function killGroup(pid) {
  if (!pid) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Every process whose real uid is `uid` (a subject's own pool uid): what it started, wherever it went. */
function killUid(uid) {
  if (uid === undefined || uid === null || uid < 1000) return;
  let names = [];
  try {
    names = require("node:fs").readdirSync("/proc");
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, "utf8"));
      if (m && Number(m[1]) === uid) process.kill(Number(name), "SIGKILL");
    } catch {
      // gone, or not ours to read
    }
  }
}

/**
 * Removes what a subject of its own uid left in the world-writable folders (unix socket files, say):
 * used where subjects have no mount namespace of their own (isolation "none").
 */
function removeLitter(uid, dirs) {
  if (uid === undefined || uid === null || uid < 1000 || !Array.isArray(dirs)) return;
  const fs = require("node:fs");
  for (const dir of dirs) {
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = `${dir}/${name}`;
      try {
        if (fs.lstatSync(path).uid === uid) fs.rmSync(path, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** CPU seconds (user + system) and resident MB of a live process, from /proc; undefined when gone or unreadable. */
function sample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return { cpuMs, rssMb: m ? Number(m[1]) / 1024 : 0 };
  } catch {
    return undefined;
  }
}

function main(config) {
  const { subject, limits, job } = config;
  const started = Date.now();
  const parent = process.ppid;
  const child = spawn(subject.command, subject.args, {
    cwd: subject.cwd,
    env: subject.env,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    ...(subject.uid !== undefined ? { uid: subject.uid, gid: subject.gid } : {}),
  });
  let ending;
  let cpuMs = 0;
  let peakRssMb = 0;
  let outputBytes = 0;
  let stderrTail = "";
  let pending = "";
  const marks = {};
  let lastMark;
  let exit = { code: null, signal: null };
  const stop = (why) => {
    if (!ending) ending = why;
    killGroup(child.pid);
  };
  /** Ends the subject's group, every process of its uid, and that uid's litter: at every ending. */
  const reap = () => {
    killGroup(child.pid);
    killUid(subject.reapUid);
    removeLitter(subject.reapUid, subject.litterDirs);
  };
  const reportEnded = (why, tail) =>
    report({ type: "ended", ending: why, exitCode: exit.code, signal: exit.signal, cpuMs, wallMs: Date.now() - started, peakRssMb, marks, outputBytes, stderrTail: tail });
  /** Nobody will read a report any more: end the subject and what it left, then ourselves. */
  const graderGone = () => {
    reap();
    process.exit(0);
  };
  child.on("error", (err) => {
    stderrTail += `[the subject could not start: ${err.message}]`;
    ending = ending || "spawn-failed";
  });
  if (child.pid) report({ type: "started", pid: child.pid });
  child.stdin.on("error", () => {});
  child.stdin.end(job);
  child.stdout.on("data", (chunk) => {
    outputBytes += chunk.length;
    if (outputBytes > limits.maxOutputBytes) return stop("output");
    process.stdout.write(chunk);
    // "@@mark <name>" lines: remember the resident memory at that moment
    pending = (pending + chunk.toString("latin1")).slice(-4096);
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      // The job is answered: end the subject now, whatever timers its code left behind.
      if (line.startsWith('@@answer {"section":"done"')) setTimeout(() => stop("answered"), 200);
      const m = /^@@mark ([\w-]{1,40})$/.exec(line);
      if (m && child.pid && !(m[1] in marks)) {
        const s = sample(child.pid);
        marks[m[1]] = { rssMb: s ? s.rssMb : 0, peakAfterMb: s ? s.rssMb : 0 };
        lastMark = m[1];
      }
    }
  });
  child.stderr.on("data", (chunk) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
  });
  let progress = { at: Date.now(), cpuMs: 0 };
  const watchdog = setInterval(() => {
    if (process.ppid !== parent) graderGone();
    if (Date.now() - started > limits.wallMs) return stop("wall");
    const s = child.pid && sample(child.pid);
    if (!s) return;
    cpuMs = Math.max(cpuMs, s.cpuMs);
    peakRssMb = Math.max(peakRssMb, s.rssMb);
    if (lastMark) marks[lastMark].peakAfterMb = Math.max(marks[lastMark].peakAfterMb, s.rssMb);
    const now = Date.now();
    if (s.cpuMs - progress.cpuMs >= (limits.idleCpuMs || 50)) progress = { at: now, cpuMs: s.cpuMs };
    if (s.rssMb > limits.memoryMb) stop("memory");
    else if (s.cpuMs > limits.cpuMs) stop("cpu");
    else if (limits.idleMs && now - progress.at > limits.idleMs) stop("idle");
  }, limits.pollMs);
  process.on("SIGTERM", () => stop("aborted"));
  // The grader is gone when the pipe it read our stdout from is closed: relaying the subject's next
  // line then fails with EPIPE. Without this handler that error would end the supervisor and leave
  // its subject running with no one to stop it.
  process.stdout.on("error", graderGone);
  // Whatever else goes wrong in here, the subject must not outlive its supervisor.
  process.on("uncaughtException", (err) => {
    reap();
    reportEnded("supervisor-died", `supervisor error: ${err && err.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    exit = { code, signal };
    reap();
  });
  child.on("close", () => {
    clearInterval(watchdog);
    reportEnded(ending || "exited", stderrTail);
    // The relayed output may still be queued (pipes are written asynchronously): let it out first.
    process.stdout.write("", () => process.exit(0));
  });
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  let config;
  try {
    config = JSON.parse(input);
  } catch (err) {
    report({ type: "ended", ending: "spawn-failed", exitCode: null, signal: null, cpuMs: 0, wallMs: 0, peakRssMb: 0, marks: {}, outputBytes: 0, stderrTail: `bad supervisor config: ${err.message}` });
    process.exit(0);
  }
  main(config);
});
