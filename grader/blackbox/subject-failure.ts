/**
 * Why a subject gave no answer for a check, in words a student can act on, and which limit (if
 * any) stopped it. Only the supervisor's report decides this, never the subject's output.
 */
import type { Interruption } from "../core/report";
import type { ScheduledRun } from "../sandbox/scheduler";
import type { SubjectLimits } from "../sandbox/run-subject";
import { message, text } from "../../src/i18n/catalogue";
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

/** In the current language (message catalogue, "failure.*"). */
export function describeSubjectFailure(run: ScheduledRun, limits: SubjectLimits): SubjectFailure {
  const again = run.rerunAlone ? text("failure.again") : "";
  const errorPart = (err: string) => (err ? message("failure.error", { error: err }) : "");
  switch (run.ending) {
    case "cpu":
      return { kind: "timeout", reason: message("failure.cpu", { seconds: String(limits.cpuMs / 1000), again }) };
    case "wall":
      return { kind: "timeout", reason: message("failure.wall", { seconds: String(Math.round(limits.wallMs / 1000)), again }) };
    case "idle":
      return { kind: "timeout", reason: message("failure.idle", { cpu: String(limits.idleCpuMs ?? 50), seconds: String(Math.round((limits.idleMs ?? 0) / 1000)) }) };
    case "budget":
      return { kind: "timeout", reason: message("failure.budget", { seconds: String(Math.round((run.budgetMs ?? 0) / 1000)) }) };
    case "memory":
      return { kind: "memory", reason: message("failure.memory", { cap: String(limits.memoryMb), peak: String(Math.round(run.peakRssMb)) }) };
    case "output":
      return { kind: "crash", reason: message("failure.output", { size: String(Math.round(limits.maxOutputBytes / 2 ** 20)) }) };
    case "aborted":
    case "grader-gone":
      return { kind: "aborted", reason: text("failure.aborted") };
    case "spawn-failed":
      return { kind: "grader", reason: message("failure.spawn", { error: errorPart(lastErrorLine(run.stderrTail)) }) };
    case "answered":
      return { kind: "crash", reason: text("failure.answered") };
    case "supervisor-died":
      return { kind: "crash", reason: text("failure.supervisor") };
    default: {
      const how = run.signal ? message("failure.how.signal", { signal: run.signal }) : run.exitCode === 0 ? text("failure.how.zero") : message("failure.how.code", { code: String(run.exitCode) });
      const advice = run.exitCode === 0 && !run.signal ? text("failure.advice.exit") : "";
      return { kind: "crash", reason: message("failure.crash", { how, advice, error: errorPart(lastErrorLine(run.stderrTail)) }) };
    }
  }
}
