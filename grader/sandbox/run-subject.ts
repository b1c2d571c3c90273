/**
 * Runs one job in a fresh subject process, through the supervisor (sandbox/supervisor.cjs), and
 * returns what came back: the subject's answer sections (parsed strictly, capped) and how the
 * process ended (the supervisor's report, which the subject cannot write).
 *
 * The subject is `node --experimental-permission --allow-fs-read=<runtime> --allow-fs-read=<submission>
 * <runtime>/runner.cjs` (Node ≥ 22 spells the flag `--permission`): it may read the bundled
 * runtime and the compiled submission, and nothing else; it may not write files, start processes
 * or threads. Its argv and environment name no output path, rubric, seed or repository: the job
 * (numbers only) arrives on its stdin. When the grader runs as root the subject runs as an
 * unprivileged user, so it cannot signal the grader or the supervisor. Where the machine allows
 * it, the subject also gets namespaces of its own (isolation.ts): no network, no shared memory, no
 * writable folder.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { packRowsReplacer, unpackAnswerReviver } from "../subject/float32-codec";
import type { AnswerLine, SubjectJob } from "../subject/protocol";
import { ANSWER_PREFIX } from "../subject/protocol";
import type { Runtime } from "./runtime";
import { probeIdentity, releaseIdentity, subjectIdentity } from "./identity";
import { ensureCodeCache } from "./code-cache";
import { coveredDirs, isolatedCommand, probeIsolation } from "./isolation";

export interface SubjectLimits {
  /** CPU time (user + system) of the subject, ms: the limit that decides. */
  cpuMs: number;
  /** Wall-clock safety net, ms (generous: only for a subject that sleeps forever). */
  wallMs: number;
  /** A subject whose CPU time advances by less than `idleCpuMs` within `idleMs` of wall time is stopped ("idle"); none when undefined. */
  idleMs?: number;
  idleCpuMs?: number;
  memoryMb: number;
  pollMs: number;
  maxOutputBytes: number;
}

/** How the subject ended, from the supervisor. "exited": on its own, any code; "answered": ended after its "done" answer. */
export type SubjectEnding = "exited" | "answered" | "cpu" | "wall" | "idle" | "budget" | "memory" | "output" | "aborted" | "spawn-failed" | "grader-gone" | "supervisor-died";

export interface SubjectRun {
  answers: AnswerLine[];
  ending: SubjectEnding;
  exitCode: number | null;
  signal: string | null;
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  /** Resident memory at each "@@mark" line and the peak after it. */
  marks: Record<string, { rssMb: number; peakAfterMb: number }>;
  /** Output lines that were not well-formed answers (counted, never trusted). */
  garbled: number;
  stderrTail: string;
}

/** Node 20 spells it --experimental-permission; Node 22+ --permission. */
export function permissionFlag(version = process.versions.node): string {
  return Number(version.split(".")[0]) >= 22 ? "--permission" : "--experimental-permission";
}

/** Splits the subject's stdout into answer lines; anything else is counted as garbled. */
export function parseAnswers(stdout: string, maxLineBytes = 16 * 1024 * 1024): { answers: AnswerLine[]; garbled: number } {
  const answers: AnswerLine[] = [];
  let garbled = 0;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(ANSWER_PREFIX)) continue;
    if (line.length > maxLineBytes) {
      garbled++;
      continue;
    }
    try {
      const value = JSON.parse(line.slice(ANSWER_PREFIX.length), unpackAnswerReviver) as AnswerLine;
      if (value && typeof value === "object" && !Array.isArray(value) && typeof value.section === "string") answers.push(value);
      else garbled++;
    } catch {
      garbled++;
    }
  }
  return { answers, garbled };
}

export interface RunSubjectOptions {
  runtime: Runtime;
  /** The folder holding the compiled submission (the subject may read it). */
  submissionDir: string;
  job: SubjectJob;
  limits: SubjectLimits;
  signal?: AbortSignal;
  /** Tests only: the script the subject's Node runs instead of the runtime's runner.cjs (it must lie in a readable folder). */
  script?: string;
  scriptArgs?: string[];
}

/**
 * The subject's V8 flags (its tfjs code cache is written with the same ones, sandbox/code-cache.ts):
 * no eval or new Function (code built from a string would get a dynamic import() of any Node
 * module, seal.ts), the memory cap, and gc() for the leak reading.
 */
export function subjectV8Flags(limits: Pick<SubjectLimits, "memoryMb">): string[] {
  return ["--disallow-code-generation-from-strings", `--max-old-space-size=${Math.max(64, Math.floor(limits.memoryMb))}`, "--expose-gc"];
}

export async function runSubject(options: RunSubjectOptions): Promise<SubjectRun> {
  if (!options.script) await ensureCodeCache(options.runtime, subjectV8Flags(options.limits));
  return startSubject(options);
}

function startSubject(options: RunSubjectOptions): Promise<SubjectRun> {
  const { runtime, submissionDir, job, limits, signal } = options;
  const identity = subjectIdentity();
  const isolation = probeIsolation();
  const nodeArgs = [permissionFlag(), `--allow-fs-read=${runtime.dir}/`, `--allow-fs-read=${submissionDir}/`,
    // --allow-addons only for webgpu, whose Dawn is a native addon (sandbox/webgpu-runtime.ts says why that is safe)
    ...(job.backend === "webgpu" ? ["--allow-addons"] : []),
    ...subjectV8Flags(limits), options.script ?? join(runtime.dir, "runner.cjs"), ...(options.scriptArgs ?? [])];
  // in namespaces, the wrapper drops to the subject's uid itself (after its mounts); otherwise the supervisor does
  const started = isolatedCommand(isolation, [runtime.dir, submissionDir], process.execPath, nodeArgs, identity);
  const config = {
    subject: {
      ...started,
      cwd: runtime.dir,
      env: { PATH: "/usr/bin:/bin", NODE_NO_WARNINGS: "1", LANG: "C.UTF-8" },
      ...(isolation === "namespaces" ? {} : identity),
      // a uid of its own (the pool): when the subject ends, every process of that uid is ended too
      ...(probeIdentity() === "pool" ? { reapUid: identity.uid, litterDirs: isolation === "none" ? coveredDirs() : [] } : {}),
    },
    limits,
    job: JSON.stringify(job, packRowsReplacer),
  };
  return new Promise((resolve) => {
    const sup = spawn(process.execPath, [runtime.supervisor], { stdio: ["pipe", "pipe", "pipe", "pipe"], detached: true, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let reportText = "";
    let subjectPid: number | undefined;
    sup.stdout!.on("data", (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdoutBytes <= limits.maxOutputBytes) chunks.push(d);
    });
    (sup.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => {
      reportText += d.toString("utf8");
      const started = /"type":"started","pid":(\d+)/.exec(reportText);
      if (started) subjectPid = Number(started[1]);
    });
    sup.stderr!.on("data", () => {});
    sup.stdin!.on("error", () => {});
    sup.stdin!.end(JSON.stringify(config));
    const onAbort = () => sup.kill("SIGTERM");
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    sup.on("close", () => {
      signal?.removeEventListener("abort", onAbort);
      releaseIdentity(identity);
      const ended = reportText
        .split("\n")
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return undefined;
          }
        })
        .find((l) => l?.type === "ended");
      if (!ended && subjectPid) {
        // the supervisor died before its subject (a subject of the same user can signal it): end the subject ourselves
        for (const target of [-subjectPid, subjectPid]) {
          try {
            process.kill(target, "SIGKILL");
          } catch {
            // gone
          }
        }
      }
      const { answers, garbled } = parseAnswers(Buffer.concat(chunks).toString("utf8"));
      resolve({
        answers,
        garbled,
        ending: ended ? (ended.ending as SubjectEnding) : "supervisor-died",
        exitCode: (ended?.exitCode as number | null) ?? null,
        signal: (ended?.signal as string | null) ?? null,
        cpuMs: Number(ended?.cpuMs ?? 0),
        wallMs: Number(ended?.wallMs ?? 0),
        peakRssMb: Number(ended?.peakRssMb ?? 0),
        marks: (ended?.marks as SubjectRun["marks"]) ?? {},
        stderrTail: String(ended?.stderrTail ?? ""),
      });
    });
  });
}
