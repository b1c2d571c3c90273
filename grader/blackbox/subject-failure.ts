/**
 * Why a subject gave no answer for a check, in words a student can act on, and which limit (if
 * any) stopped it. Only the supervisor's report decides this, never the subject's output.
 */
import type { Interruption } from "../core/report";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { SubjectLimits } from "../sandbox/run-subject";
import { cleanText } from "./read-answers";

/** The last stderr line that is not a stack frame, cleaned. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at ") && !/^Node\.js v\d/.test(l) && !/ExperimentalWarning|--trace-warnings/.test(l));
  return cleanText(lines.at(-1) ?? "", 300);
}

export interface SubjectFailure {
  kind: Interruption;
  reason: string;
}

export function describeSubjectFailure(run: ScheduledRun, limits: SubjectLimits): SubjectFailure {
  const again = run.rerunAlone ? " (also when run a second time)" : "";
  switch (run.ending) {
    case "cpu":
      return { kind: "timeout", reason: `stopped by the time limit: the code used more than ${limits.cpuMs / 1000} s of CPU time${again} (an infinite loop, or code far too slow?)` };
    case "wall":
      return { kind: "timeout", reason: `stopped by the time limit: no answer after ${Math.round(limits.wallMs / 1000)} s of waiting${again} (does the code wait for something that never comes?)` };
    case "idle":
      return { kind: "timeout", reason: `stopped: the code sat idle (less than ${limits.idleCpuMs ?? 50} ms of CPU time in ${Math.round((limits.idleMs ?? 0) / 1000)} s; does it sleep or wait for something that never comes?)` };
    case "budget":
      return { kind: "timeout", reason: `stopped: the grading of this submission ran past its wall budget of ${Math.round((run.budgetMs ?? 0) / 1000)} s (code that sleeps or hangs elsewhere?)` };
    case "memory":
      return { kind: "memory", reason: `stopped by the memory cap: the code used more than ${limits.memoryMb} MB (peak ${Math.round(run.peakRssMb)} MB; a runaway allocation?)` };
    case "output":
      return { kind: "crash", reason: `stopped: the code printed more than ${Math.round(limits.maxOutputBytes / 2 ** 20)} MB` };
    case "aborted":
    case "grader-gone":
      return { kind: "aborted", reason: "grading was interrupted" };
    case "spawn-failed":
      return { kind: "grader", reason: `the grader could not start a process for this check${lastErrorLine(run.stderrTail) ? `: ${lastErrorLine(run.stderrTail)}` : ""}` };
    case "answered":
      return { kind: "crash", reason: "the process said it was done before answering this (the code prints lines that imitate the grader's protocol)" };
    case "supervisor-died":
      return { kind: "crash", reason: "the process running this check was killed (does the code signal other processes?)" };
    default: {
      const err = lastErrorLine(run.stderrTail);
      const how = run.signal ? `was killed by ${run.signal}` : run.exitCode === 0 ? "exited with code 0" : `crashed with exit code ${run.exitCode}`;
      const advice = run.exitCode === 0 && !run.signal ? " (does the code call process.exit()?)" : "";
      return { kind: "crash", reason: `the process running the code ${how} before answering${advice}${err ? `: ${err}` : ""}` };
    }
  }
}
