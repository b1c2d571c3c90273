/**
 * The message for checks that a worker did not finish: the check that was running when it
 * stopped is named, together with the limit it hit (the time limit in seconds, the memory cap in
 * MB and the peak measured) or how it ended (exit code, signal, the last line of stderr).
 */
import type { Interruption } from "./report";
import type { SuperviseResult } from "./supervise";

export interface InterruptionContext {
  group: string;
  timeoutMs: number;
  memoryMb: number;
  /** The check running when the worker stopped, or undefined when it stopped before any check. */
  running?: string;
}

/** The last non-empty stderr line that is not a Node stack frame. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at ") && !/^Node\.js v\d/.test(l));
  return (lines.at(-1) ?? "").slice(0, 300);
}

export function describeInterruption(sup: SuperviseResult, ctx: InterruptionContext): { kind: Interruption; reason: string } {
  const where = ctx.running ? ` while running "${ctx.running}"` : "";
  switch (sup.ending) {
    case "timeout":
      return { kind: "timeout", reason: `stopped by the time limit: the ${ctx.group} worker was killed after ${ctx.timeoutMs / 1000} s${where} (an infinite loop, or code far too slow?)` };
    case "memory":
      return {
        kind: "memory",
        reason: `stopped by the memory cap: the ${ctx.group} worker used more than ${ctx.memoryMb} MB${sup.peakRssMb ? ` (peak RSS ${Math.round(sup.peakRssMb)} MB)` : ""}${where} (a runaway allocation?)`,
      };
    case "aborted":
      return { kind: "aborted", reason: `grading was interrupted${where}` };
    default: {
      const how = sup.signal ? `was killed by ${sup.signal}` : sup.exitCode === 0 ? "exited with code 0" : `crashed with exit code ${sup.exitCode}`;
      const err = lastErrorLine(sup.stderrTail);
      const advice = sup.exitCode === 0 && !sup.signal ? " (does the code call process.exit()?)" : "";
      return { kind: "crash", reason: `the ${ctx.group} worker process ${how}${where} before reporting a result${advice}${err ? `: ${err}` : ""}` };
    }
  }
}
